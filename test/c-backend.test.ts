/**
 * The c backend's machinery: the disk cache across processes (reuse with no compile, concurrent
 * builders, corrupt entries rebuilt), the probe's install advice and auto's fallback, #line
 * mapping of compiler messages, the vectorized interior, and the thread-count option.
 * Conformance of its results lives in conformance.test.ts.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { BOUNDARY_MODES, BackendCompileError, DEFAULT_CFLAGS, DTYPES, Grid, createCBackend, probeBackend, registerBackend, stencil, type BoundaryMode, type Dtype } from '../src/index.js';
import { buildFunctional, functionalStencil, kernelSpecArb, magnitude, type KernelSpec } from './conformance/kernels.js';
import { maxAbs, randomGrid, rng } from './conformance/random-data.js';
import { compareGrids } from './conformance/tolerance.js';
import { buildLibrary, vectorizationNotes } from '../src/backends/c/compile-c.js';
import { probeToolchain } from '../src/backends/c/toolchain.js';
import { requiredBackends } from './conformance/backends.js';

const here = dirname(fileURLToPath(import.meta.url));
const available = probeBackend('c').available;
const skip = !available && !requiredBackends().includes('c') ? `c is unavailable here: ${probeBackend('c').reason}` : false;
const scratch = mkdtempSync(join(tmpdir(), 'sejits-c-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface ChildReport {
  compiled: number;
  fromDisk: number;
  rebuiltCorrupt: number;
  firstCallMs: number;
  sum: number;
  maxDiff: number;
}

const childArgs = (weight: string, edge = '0') => [...process.execArgv, join(here, 'c', 'load-kernel.ts'), weight, edge];
const childEnv = (cacheDir: string, threads = '1') => ({ ...process.env, SEJITS_CACHE_DIR: cacheDir, OMP_NUM_THREADS: threads });

function runChild(cacheDir: string, weight: string, edge = '0', threads = '1'): ChildReport {
  const r = spawnSync(process.execPath, childArgs(weight, edge), { env: childEnv(cacheDir, threads), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as ChildReport;
}

function runChildAsync(cacheDir: string, weight: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, childArgs(weight), { env: childEnv(cacheDir) });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildReport) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

/** The shared library an index entry names (the only entry in a fresh cache folder). */
function onlyArtifact(cacheDir: string): string {
  const index = spawnSync('sh', ['-c', `ls ${join(cacheDir, 'c')}/*.json | grep -v record`], { encoding: 'utf8' }).stdout.trim().split('\n');
  assert.equal(index.length, 1, `one kernel entry: ${index.join(', ')}`);
  const { file } = JSON.parse(readFileSync(index[0], 'utf8')) as { file: string };
  return join(cacheDir, 'c', file);
}

describe('c backend: disk cache', { skip }, () => {
  it('a second process loads the kernel from disk with no compile', () => {
    const dir = join(scratch, 'reuse');
    const first = runChild(dir, '0.25');
    assert.deepEqual([first.compiled, first.fromDisk], [1, 0]);
    assert.equal(first.maxDiff, 0, 'float64 results equal pure mode exactly');
    const second = runChild(dir, '0.25');
    assert.deepEqual([second.compiled, second.fromDisk], [0, 1], 'the second process compiles nothing');
    assert.equal(second.sum, first.sum);
  });

  it('an unwritable cache folder falls back to a temporary one, with a one-line notice', () => {
    const r = spawnSync(process.execPath, childArgs('0.875'), { env: childEnv('/dev/null/sejits-cache'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as ChildReport;
    assert.equal(report.maxDiff, 0);
    const notices = r.stderr.split('\n').filter(Boolean);
    assert.equal(notices.length, 1, r.stderr);
    assert.match(notices[0], /^sejits: cannot write the compile cache at \/dev\/null\/sejits-cache; using \S+sejits-cache-\d+ \(set SEJITS_CACHE_DIR to choose another\)$/);
  });

  it('a process whose kernels ran on several OpenMP threads exits cleanly', () => {
    // Unloading a library at exit would take libgomp with it, under its running worker threads.
    const r = runChild(join(scratch, 'threads'), '0.375', '1200', '2');
    assert.equal(r.maxDiff, 0);
  });

  it('a warm start runs no compiler at all: the probe and the kernel both come from the cache', () => {
    const dir = join(scratch, 'warm');
    const log = join(scratch, 'cc.log');
    const env = { ...childEnv(dir), SEJITS_CC: join(here, 'c', 'logging-cc.sh'), SEJITS_TEST_CC_LOG: log };
    const run = () => {
      const r = spawnSync(process.execPath, childArgs('0.625'), { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as ChildReport;
    };
    const lines = () => readFileSync(log, 'utf8').trim().split('\n');
    const cold = run();
    assert.equal(cold.compiled, 1);
    const coldCalls = lines();
    assert.equal(coldCalls.filter((l) => l === '--version').length, 1, 'a cold start probes the compiler once');
    assert.equal(coldCalls.length, 3, `--version, the OpenMP test build and the kernel: ${coldCalls.join(' | ')}`);
    const warm = run();
    assert.deepEqual([warm.compiled, warm.fromDisk], [0, 1]);
    assert.deepEqual(lines(), coldCalls, 'the warm start ran the compiler zero times');
  });

  it('two processes compiling the same kernel at once both succeed', async () => {
    const dir = join(scratch, 'concurrent');
    const reports = await Promise.all([runChildAsync(dir, '0.125'), runChildAsync(dir, '0.125'), runChildAsync(dir, '0.125')]);
    for (const r of reports) {
      assert.equal(r.maxDiff, 0);
      assert.equal(r.sum, reports[0].sum);
    }
    const after = runChild(dir, '0.125');
    assert.deepEqual([after.compiled, after.fromDisk], [0, 1], 'the entry they left is complete and valid');
  });

  it('a truncated or overwritten library is rebuilt, never loaded', () => {
    const dir = join(scratch, 'corrupt');
    const clean = runChild(dir, '0.5');
    const artifact = onlyArtifact(dir);
    const bytes = readFileSync(artifact);
    writeFileSync(artifact, bytes.subarray(0, bytes.length >> 1));
    const truncated = runChild(dir, '0.5');
    assert.deepEqual([truncated.compiled, truncated.rebuiltCorrupt, truncated.fromDisk], [1, 1, 0]);
    assert.equal(truncated.sum, clean.sum);
    const garbage = Buffer.from(readFileSync(onlyArtifact(dir)));
    garbage.fill(0x90, 64, 4096);
    writeFileSync(onlyArtifact(dir), garbage);
    const overwritten = runChild(dir, '0.5');
    assert.deepEqual([overwritten.compiled, overwritten.rebuiltCorrupt], [1, 1], 'same length, wrong bytes: the checksum catches it');
    assert.equal(overwritten.sum, clean.sum);
    assert.deepEqual([runChild(dir, '0.5').fromDisk], [1]);
  });
});

describe('c backend: probe', () => {
  const withEnv = <T>(env: Record<string, string | undefined>, f: () => T): T => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    try {
      return f();
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };

  it('no compiler: says to install gcc', () => {
    const none = withEnv({ SEJITS_CC: undefined, PATH: '/nonexistent' }, () => probeToolchain());
    assert.ok(!none.ok);
    assert.match(none.reason, /no C compiler found \(cc is not on PATH\): install gcc/);
    const named = withEnv({ SEJITS_CC: '/no/such/cc' }, () => probeToolchain());
    assert.ok(!named.ok);
    assert.match(named.reason, /SEJITS_CC=\/no\/such\/cc was not found.*install gcc/);
  });

  it('clang without the OpenMP runtime: says to install libomp-dev', () => {
    const r = withEnv({ SEJITS_CC: join(here, 'c', 'fake-cc.sh'), SEJITS_CACHE_DIR: join(scratch, 'probe') }, () => probeToolchain());
    assert.ok(!r.ok);
    assert.match(r.reason, /^Debian clang version 14\.0\.6 cannot build OpenMP code \(.*omp\.h' file not found\): install libomp-dev/);
  });

  it("'auto' runs on js with a one-line notice when there is no compiler", () => {
    const r = spawnSync(process.execPath, [...process.execArgv, join(here, 'c', 'auto-backend.ts')], {
      env: { ...process.env, PATH: '/nonexistent', SEJITS_CC: '', SEJITS_BACKEND: '', SEJITS_CACHE_DIR: join(scratch, 'auto') },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'js 1,3,5,6\n');
    const notices = r.stderr.split('\n').filter(Boolean);
    assert.equal(notices.length, 1, r.stderr);
    assert.match(notices[0], /^sejits: using the js backend \(c: no C compiler found .*install gcc/);
  });
});

describe('c backend: generated code', { skip }, () => {
  it('#line directives make compiler messages name the kernel file and line', async () => {
    const { smooth } = (await import(pathToFileURL(join(here, 'c', 'multiline-kernel.mjs')).href)) as { smooth: ReturnType<typeof stencil> };
    const source = smooth.show({ ndim: 2 }).source;
    const file = join(here, 'c', 'multiline-kernel.mjs');
    assert.ok(source.includes(`#line 6 ${JSON.stringify(file)}`) && source.includes(`#line 7 ${JSON.stringify(file)}`), 'each statement is mapped to its line');
    const probe = probeToolchain();
    assert.ok(probe.ok);
    // Break the first statement of the interior (kernel line 6) and a scaffolding line.
    const broken = source.replace(/(#line 6 .*\n\s*)double v_centre = /, '$1double v_centre = undeclared_in_kernel + ');
    const e = catchCompile(() => buildLibrary(broken, probe.toolchain));
    // gcc: "‘undeclared_in_kernel’ undeclared"; clang: "use of undeclared identifier 'undeclared_in_kernel'".
    assert.match(e.log, /multiline-kernel\.mjs:6:\d+: error: .*undeclared_in_kernel/);
    const lines = source.split('\n');
    const scaffold = lines.findIndex((l) => l.includes('const int64_t row ='));
    lines[scaffold] = lines[scaffold].replace('const int64_t row =', 'const int64_t row = undeclared_row +');
    const e2 = catchCompile(() => buildLibrary(lines.join('\n'), probe.toolchain));
    assert.match(e2.log, new RegExp(`sejits-smooth\\.c:${scaffold + 1}:\\d+: error: .*undeclared_row`), 'generated lines keep their own numbers');
    assert.ok(e2.sourcePath && readFileSync(e2.sourcePath, 'utf8').includes('undeclared_row'), 'the rejected source is kept for inspection');
  });

  it('the interior is a unit-stride loop the compiler vectorizes (-fopt-info-vec)', () => {
    const k = stencil((a) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0)), { name: 'vec', backend: 'c' });
    for (const dtype of ['float32', 'float64'] as const) {
      const source = k.show({ dtype }).source;
      // The default flags, even where SEJITS_CFLAGS overrides them (say, the sanitizer run at -O1).
      const probe = probeToolchain([...DEFAULT_CFLAGS]);
      assert.ok(probe.ok);
      const notes = vectorizationNotes(source, probe.toolchain);
      const report = notes.map((n) => `${n.file}:${n.line}: ${n.text}`).join('\n');
      const lines = source.split('\n');
      const rows = lines.findIndex((l) => l.includes('the interior rows'));
      const interiorLoop = lines.findIndex((l, i) => i > rows && /for \(int64_t i1 = lo1; i1 < hi1/.test(l));
      assert.ok(rows > 0 && interiorLoop > rows, 'the interior runs in sj_rows');
      const vectorized = notes.filter((n) => n.file === 'sejits-vec.c').map((n) => n.line);
      if (probe.toolchain.kind === 'clang') {
        // clang attributes the loops of an OpenMP function to the function's own line.
        const start = lines.findIndex((l) => l.includes(' void sj_rows('));
        const end = lines.findIndex((l, i) => i > start && l === '}');
        assert.ok(vectorized.some((line) => line - 1 >= start && line - 1 <= end), `${dtype}: a loop of sj_rows (lines ${start + 1}-${end + 1}) vectorized:\n${report}`);
      } else {
        // gcc reports an omp simd loop at its header or at the first line of its body.
        assert.ok(vectorized.some((line) => line === interiorLoop + 1 || line === interiorLoop + 2), `${dtype}: the interior loop (line ${interiorLoop + 1}) vectorized:\n${report}`);
      }
    }
  });

  it('runs with any thread count and gives the same result; a bad count is a TypeError', () => {
    const k = stencil((a) => Math.sqrt(Math.abs(a(0, 1) - a(0, -1))) + a(1, 1) * a(-1, -1), { name: 'threads', backend: 'c', boundary: 'reflect' });
    const g = Grid.fromFunction([301, 257], 'float64', (i, j) => Math.cos(i * 0.1) * Math.sin(j * 0.07) + 2);
    const one = k.with({ threads: 1 })(g);
    for (const threads of [2, 3, 7]) assert.deepEqual(Array.from(k.with({ threads })(g).data), Array.from(one.data), `${threads} threads`);
    assert.deepEqual(Array.from(one.data), Array.from(k.with({ mode: 'pure' })(g).data));
    assert.throws(() => stencil((a) => a(0), { backend: 'c', threads: 0 })(Grid.zeros([3], 'float64')), /threads must be a positive integer, not 0/);
  });
});

function catchCompile(f: () => unknown): BackendCompileError {
  try {
    f();
  } catch (e) {
    if (e instanceof BackendCompileError) return e;
    throw e;
  }
  assert.fail('expected a BackendCompileError');
}

describe('c backend: streaming stores', { skip }, () => {
  it('kernels that stream their outputs agree with pure mode (streaming forced on small grids)', () => {
    registerBackend({ name: 'c-stream', preference: -1, load: () => createCBackend({ name: 'c-stream', streamMinBytes: 0 }) });
    let streamed = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((ndim) =>
          fc.record({
            spec: kernelSpecArb(ndim),
            shape: fc.array(fc.integer({ min: 1, max: ndim === 2 ? 90 : 24 }), { minLength: ndim, maxLength: ndim }),
            dtype: fc.constantFrom<Dtype>(...DTYPES),
            boundary: fc.constantFrom(...BOUNDARY_MODES),
            seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          }),
        ),
        ({ spec, shape, dtype, boundary, seed }) => {
          const random = rng(seed);
          const inputs = Array.from({ length: spec.inputs }, () => randomGrid(shape, dtype, random));
          const kernel = buildFunctional(spec, boundary, 1.5, dtype);
          const want = kernel.run('pure', 'js', inputs, {});
          const got = kernel.run('specialized', 'c-stream', inputs, {});
          if (/sj_stream_vector/.test(cSourceOf(spec, boundary, dtype))) streamed++;
          const scale = magnitude(spec, maxAbs(inputs)) + maxAbs(want);
          for (let k = 0; k < want.length; k++) {
            const problem = compareGrids(got[k], want[k], scale);
            assert.equal(problem, undefined, `${problem}\n${kernel.source} shape [${shape}] ${boundary} ${dtype}`);
          }
        },
      ),
      { numRuns: 60, seed: Number(process.env.SEJITS_SEED ?? Date.now() % 2 ** 31) },
    );
    assert.ok(streamed > 10, `most cases exercise the streaming path (${streamed} of 60)`);
  });
});

/** The C source a functional conformance kernel renders to on the streaming variant. */
function cSourceOf(spec: KernelSpec, boundary: BoundaryMode, dtype: Dtype): string {
  return functionalStencil(spec, boundary, 1.5, dtype).with({ backend: 'c-stream' }).show({ ndim: spec.ndim, dtype, inputs: spec.inputs }).source;
}
