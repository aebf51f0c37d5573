/**
 * `sejits doctor`, `sejits bench` and `sejits demo`, run as child processes: every subcommand has
 * --help; doctor reports every backend with a status and a reason; a tiny bench writes JSON,
 * Markdown and an SVG whose figures are consistent and whose implementations agree; the demo
 * writes a colour-mapped PNG and its timing table.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decode } from 'fast-png';
import type { BenchResult } from '../bench/run.js';
import { sejits, sejitsFails, sejitsRun } from './cli/run-cli.js';
import { resolveBackend, setBackendNotice } from '../src/index.js';

setBackendNotice(undefined);
/** What 'auto' resolves to on this machine (c where a compiler works, else js). */
const AUTO = resolveBackend('auto').name;

/** CI installs scipy and names it here, so its comparison cannot be skipped in silence. */
const SCIPY_REQUIRED = (process.env.SEJITS_REQUIRED_PEERS ?? '').split(',').includes('scipy');

const scratch = mkdtempSync(join(tmpdir(), 'sejits-tools-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('sejits --help', () => {
  it('lists the four commands, and each has its own --help', () => {
    const top = sejits('--help');
    for (const command of ['show', 'doctor', 'bench', 'demo']) assert.match(top, new RegExp(`^  ${command}\\b`, 'm'), `top-level help lists ${command}`);
    assert.match(sejits('doctor', '--help'), /Usage: sejits doctor \[options\][\s\S]*--json/);
    const bench = sejits('bench', '--help');
    for (const option of ['--backend', '--stencil', '--size', '--dtype', '--budget', '--skip', '--quick', '--out-dir', '--no-plot', '--no-progress']) assert.ok(bench.includes(option), `bench help mentions ${option}`);
    const demo = sejits('demo', '--help');
    for (const option of ['--size', '--steps', '--alpha', '--backend', '--output', '--colormap', '--no-progress']) assert.ok(demo.includes(option), `demo help mentions ${option}`);
  });
});

describe('sejits doctor', () => {
  it('reports js as usable, every other backend with a reason, and the bench peer', () => {
    const out = sejits('doctor');
    assert.match(out, /^\| js +\| available +\|/m);
    for (const name of ['c', 'opencl', 'cuda', 'webgpu', 'wasm']) assert.match(out, new RegExp(`^\\| ${name} +\\| (available|unavailable|not in this version) +\\| \\S`, 'm'), `${name} has a status and a reason`);
    assert.match(out, new RegExp(`^Kernels run on: ${AUTO} \\(auto`, 'm'));
    assert.match(out, /^Bench peer scipy\.ndimage: (python \d|unavailable: \S)/m);
    assert.match(out, /^OpenCL devices(: none \(\S| \(choose one with SEJITS_OPENCL_DEVICE=platform:device\):\n\n\| device)/m, 'OpenCL devices are listed, or why there are none');
  });

  it('--json gives the same report as data', () => {
    const report = JSON.parse(sejits('doctor', '--json')) as { backends: { name: string; status: string; detail: string }[]; defaultBackend: { resolved: string } };
    assert.equal(report.defaultBackend.resolved, AUTO);
    const js = report.backends.find((b) => b.name === 'js');
    assert.equal(js?.status, 'available');
    for (const b of report.backends) assert.ok(b.detail.length > 0, `${b.name} says what it found or why not`);
    const devices = (report as unknown as { openclDevices: { selector: string }[] | { unavailable: string } }).openclDevices;
    assert.ok(Array.isArray(devices) ? devices.every((d) => /^\d+:\d+$/.test(d.selector)) : devices.unavailable.length > 0);
  });
});

describe('sejits bench', () => {
  it('times every stencil on a tiny grid (smaller than the bilateral window) and writes consistent JSON, Markdown and SVG', () => {
    const outDir = join(scratch, 'bench');
    const stdout = sejits('bench', '-b', 'js', '--size', '12', '--budget', '5', '--out-dir', outDir, '--no-progress', '--dtype', 'float32,float64');
    assert.match(stdout, /\| stencil +\| grid +\| dtype +\| backend +\| +ms \| ns\/point \| GB\/s \| vs copy \(bandwidth\) \| vs hand-written JS \| vs generic \| vs pure \| vs scipy\.ndimage \|/);
    const files = readdirSync(outDir).sort();
    assert.deepEqual(files.map((f) => f.replace(/\d{4}-\d{2}-\d{2}/, 'DATE')), ['bench-DATE-js.json', 'bench-DATE-js.md', 'bench-DATE-js.svg']);
    const result = JSON.parse(readFileSync(join(outDir, files[0]), 'utf8')) as BenchResult;
    assert.equal(result.schema, 'sejits-bench/1');
    assert.ok(result.machine.cpu && result.machine.cores > 0 && result.machine.versions.node && result.machine.versions.sejits);
    assert.deepEqual(result.cases.map((c) => `${c.stencil}/${c.dtype}`), ['jacobi2d/float32', 'jacobi2d/float64', 'blur3x3/float32', 'blur3x3/float64', 'bilateral/float32', 'bilateral/float64', 'seven3d/float32', 'seven3d/float64']);
    for (const c of result.cases) {
      const js = c.backends.js;
      assert.ok(js.specialized.ms > 0 && js.specialized.samples >= 1, `${c.stencil}: timed`);
      assert.ok(js.maxAbsDiff <= (c.dtype === 'float32' ? 1e-5 : 1e-12), `${c.stencil} ${c.dtype}: specialized agrees with the hand-written loop (${js.maxAbsDiff})`);
      assert.ok(Math.abs(js.gbPerS - c.bytesMoved / (js.specialized.ms * 1e6)) < 1e-9 * js.gbPerS, 'GB/s is bytes moved over time');
      for (const ref of ['copy', 'hand', 'generic', 'pure'] as const) assert.ok((js.ratios[ref] ?? 0) > 0, `${c.stencil}: ratio against ${ref}`);
      assert.ok(Math.abs((js.ratios.hand ?? 0) - ('ms' in c.references.hand ? c.references.hand.ms : NaN) / js.specialized.ms) < 1e-9, 'ratio is t_reference / t_sejits');
      const scipy = c.references.scipy;
      if (c.stencil === 'bilateral') assert.match('skipped' in scipy ? scipy.skipped : '', /no bilateral filter/);
      else if ('ms' in scipy) assert.ok(scipy.maxAbsDiff <= (c.dtype === 'float32' ? 1e-5 : 1e-12), `${c.stencil}: scipy.ndimage computed the same grid (${scipy.maxAbsDiff})`);
      else {
        assert.ok(!SCIPY_REQUIRED, `SEJITS_REQUIRED_PEERS names scipy, but it was skipped: ${scipy.skipped}`);
        assert.match(scipy.skipped, /python3|numpy|scipy/, 'scipy is skipped only with a reason');
      }
    }
    assert.match(readFileSync(join(outDir, files[2]), 'utf8'), /^<svg[\s\S]*GB\/s[\s\S]*<\/svg>$/);
  });

  it('filters by stencil and skips references, re-plots a result file; unknown stencils and backends are errors', () => {
    const outDir = join(scratch, 'bench-filtered');
    sejits('bench', '-b', 'js', '-s', 'seven3d', '--size', '5', '--budget', '2', '--skip', 'pure,scipy,generic', '--out-dir', outDir, '--no-progress', '--no-plot');
    const json = readdirSync(outDir).find((f) => f.endsWith('.json'));
    assert.ok(json && !readdirSync(outDir).some((f) => f.endsWith('.svg')), '--no-plot writes no SVG');
    const result = JSON.parse(readFileSync(join(outDir, json), 'utf8')) as BenchResult;
    assert.deepEqual(result.cases.map((c) => c.shape), [[5, 5, 5]]);
    assert.match(sejits('bench', '--replot', join(outDir, json)), /^Wrote .*\.svg/m);
    assert.ok(readdirSync(outDir).some((f) => f.endsWith('.svg')), '--replot renders the plot of an earlier result');
    const c = result.cases[0];
    assert.deepEqual(Object.keys(c.backends.js.ratios).sort(), ['copy', 'hand']);
    assert.ok('skipped' in c.references.pure && 'skipped' in c.backends.js.generic);
    assert.match(sejitsFails('bench', '-s', 'nope').stderr, /^sejits: unknown stencil 'nope'; known: jacobi2d, blur3x3, bilateral, seven3d\n$/);
    assert.match(sejitsFails('bench', '-s', 'seven3d', '--size', '100000').stderr, /^sejits: seven3d at 100000³ float32 needs about \d+\.\d GiB \(5 grids\); this machine has \d+\.\d GiB\n$/);
    assert.match(sejitsFails('bench', '-b', 'no-such-backend', '--no-progress').stderr, /^sejits: backend 'no-such-backend' is not usable here/);
    assert.match(sejitsFails('bench', '--skip', 'pure,everything').stderr, /--skip.*unknown reference 'everything'; choose from hand, handC, generic, pure, scipy, opencv, table1, jit/);
  });
});

describe('sejits bench on the c backend', { skip: AUTO === 'c' ? false : 'the c backend is unavailable here' }, () => {
  it('adds the hand-written OpenMP C loop, the parallel copy, opencv-js, Table 1 and JIT latency, all computing the same grid', () => {
    const outDir = join(scratch, 'bench-c');
    const stdout = sejits('bench', '-b', 'c', '-s', 'jacobi2d,seven3d', '--size', '40', '--budget', '5', '--quick', '--skip', 'pure,scipy', '--out-dir', outDir, '--no-progress', '--no-plot');
    assert.match(stdout, /vs hand-written C/);
    assert.match(stdout, /Paper 004, Table 1/);
    assert.match(stdout, /JIT latency of the c backend/);
    const json = readdirSync(outDir).find((f) => f.endsWith('.json'));
    assert.ok(json);
    const result = JSON.parse(readFileSync(join(outDir, json), 'utf8')) as BenchResult;
    for (const c of result.cases) {
      const b = c.backends.c;
      assert.match(b.copy.description, /OpenMP-parallel memcpy/);
      const handC = c.references.handC;
      assert.ok('ms' in handC, `${c.stencil}: the hand-written C loop ran`);
      assert.ok(handC.maxAbsDiff <= 1e-5, `${c.stencil}: hand-written C computed the same grid (${handC.maxAbsDiff})`);
      assert.ok(Math.abs((b.ratios.handC ?? 0) - handC.ms / b.specialized.ms) < 1e-9, 'ratio is t_reference / t_sejits');
      const cv = c.references.opencv;
      if (c.stencil === 'jacobi2d') {
        assert.ok('ms' in cv, `opencv-js ran: ${'skipped' in cv ? cv.skipped : ''}`);
        assert.ok(cv.maxAbsDiff <= 1e-5, `opencv-js computed the same grid (${cv.maxAbsDiff})`);
      } else assert.match('skipped' in cv ? cv.skipped : '', /2-D float grids only/);
    }
    const t1 = result.c?.table1;
    assert.ok(t1 && 'rows' in t1 && t1.rows.length === 4 && t1.rows.every((r) => r.ms > 0));
    const jit = result.c?.jit;
    assert.ok(jit && 'freshProcessDiskMs' in jit && jit.diskHitCompiled === 0 && jit.inProcessMs > 0);
  });
});

describe('sejits demo', () => {
  it('solves the heat equation, prints the timing table and progress, and writes a colour-mapped PNG', () => {
    const output = join(scratch, 'heat.png');
    const r = sejitsRun('demo', '--size', '40', '--steps', '30', '--output', output);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^sejits demo: 2-D heat equation, 40×40 float64, 30 steps, α = 0\\.2, on the ${AUTO} backend$`, 'm'));
    assert.match(r.stdout, new RegExp(`\\| sejits \\(${AUTO}\\), median step +\\| +[\\d.]+ \\| +[\\d.]+ \\| +[\\d.]+ \\| +[\\d.]+× \\|`));
    assert.match(r.stdout, /^Total heat (\S+) → \1 /m, 'insulated edges conserve heat');
    assert.match(r.stderr, /^heat2d \[30\/30\]/m, 'progress lines on a pipe');
    assert.ok(existsSync(output));
    const png = decode(readFileSync(output));
    assert.deepEqual([png.width, png.height, png.channels], [40, 40, 3]);
    const colours = new Set<number>();
    for (let p = 0; p < 40 * 40; p++) colours.add((png.data[3 * p] << 16) | (png.data[3 * p + 1] << 8) | png.data[3 * p + 2]);
    assert.ok(colours.size > 20, `a colour map, not a flat image (${colours.size} colours)`);
  });

  it('refuses an unstable α and an unknown colour map before running', () => {
    assert.match(sejitsFails('demo', '--alpha', '0.3').stderr, /--alpha.*must be at most 0\.25/);
    assert.match(sejitsFails('demo', '--colormap', 'rainbow').stderr, /--colormap.*'rainbow' is invalid/);
  });
});
