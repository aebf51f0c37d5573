/**
 * The `sejits` command, run as a child process exactly as `npm run sejits` runs it
 * (node --import tsx src/cli/main.ts): `show` prints generated code and, with --ir, the IR after
 * each pass; its --help works; unknown kernels, modules without kernels, missing files and bad
 * options exit non-zero with a one-line message on stderr and nothing on stdout.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { probeBackend } from '../src/index.js';
import { sejits, sejitsFails } from './cli/run-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'sejits-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('sejits show', () => {
  it('-b c prints the C translation unit, and --vec-report which loops the compiler vectorized', { skip: probeBackend('c').available ? false : 'the c backend is unavailable here' }, () => {
    const out = sejits('show', 'examples/kernels.ts', '-b', 'c', '-k', 'laplacian', '--dtype', 'float32', '--vec-report');
    assert.match(out, /^\/\/ ===== laplacian: c, specialized =====$/m);
    assert.match(out, /^void sj_run\(void\* g0, void\* g1, /m);
    assert.match(out, /#pragma omp simd/);
    assert.match(out, /^\/\/ ===== vectorization report \(.*(-fopt-info-vec-optimized|-Rpass=loop-vectorize)\) =====$/m);
    assert.match(out, /^\/\/ sejits-\S+\.c:\d+: (loop vectorized using \d+ byte vectors|vectorized loop \(vectorization width: \d+.*\)) {2}<- /m);
    assert.match(sejitsFails('show', 'examples/kernels.ts', '-k', 'laplacian', '--vec-report').stderr, /--vec-report needs --backend c/);
  });

  it('-b cuda prints the CUDA kernel on a machine without a GPU', () => {
    const out = sejits('show', 'examples/kernels.ts', '-b', 'cuda', '-k', 'laplacian', '--dtype', 'float32');
    assert.match(out, /^\/\/ ===== laplacian: cuda, specialized =====$/m);
    assert.match(out, /extern "C" __global__ void __launch_bounds__\(\d+\) sj_kernel\(const float\* __restrict__ in0/);
    assert.match(out, /\/\* sejits cuda: .*; vector g2x64 p2x2;/);
  });

  it('prints the IR after every pass and the generated code for one kernel (-k Jacobi --ir)', () => {
    const out = sejits('show', 'examples/kernels.ts', '--ir', '-k', 'Jacobi');
    assert.match(out, /^\/\/ ===== Jacobi: js, specialized =====$/m);
    const headers = [...out.matchAll(/^\/\/ --- IR after (\S+) ---$/gm)].map((m) => m[1]);
    for (const pass of ['lower', 'analyze-taps', 'partial-eval', 'split-regions']) assert.ok(headers.includes(pass), `no '${pass}' dump in [${headers}]`);
    assert.ok(headers.indexOf('lower') < headers.indexOf('analyze-taps'), 'lower first');
    assert.ok(headers.indexOf('analyze-taps') < headers.indexOf('partial-eval'));
    assert.equal(headers[headers.length - 1], 'split-regions');
    // The dumps are commented out, so the whole output stays valid JavaScript after the header.
    assert.match(out, /^\/\/ reach lo \[1,1\] hi \[1,1\]$/m);
    assert.match(out, /^\/\/ out0\[i\] \+= \(0\.1 \* in0@\(0, -1\)\)$/m, 'partial-eval resolved the neighbourhood to constant offsets');
    assert.match(out, /^\/\/ region \[none, none\]:$/m, 'interiorPoints gives one unchecked region');
    assert.match(out, /^function region0\(/m);
    assert.doesNotMatch(out, /^function region1\(/m);
    assert.doesNotMatch(out, /===== (laplacian|sevenPoint)/, '-k selects a single kernel');
  });

  it('without -k prints every exported kernel, without --ir no IR', () => {
    const out = sejits('show', 'examples/kernels.ts');
    const names = [...out.matchAll(/^\/\/ ===== (\S+): js, specialized =====$/gm)].map((m) => m[1]).sort();
    assert.deepEqual(names, ['Jacobi', 'laplacian', 'sevenPoint']);
    assert.doesNotMatch(out, /IR after/);
    assert.match(out, /function region7\(/, 'the 3-D seven-point kernel has 8 regions');
    assert.doesNotMatch(out, /function region8\(/);
  });

  it('--generic prints one fully folding region', () => {
    const out = sejits('show', 'examples/kernels.ts', '-k', 'laplacian', '--generic', '--ir');
    assert.match(out, /^\/\/ ===== laplacian: js, generic =====$/m);
    assert.doesNotMatch(out, /IR after partial-eval/);
    assert.match(out, /^\/\/ region 0: checks \[full, full\]$/m);
    assert.doesNotMatch(out, /function region1\(/);
  });

  it('show --help describes the command and its options', () => {
    const out = sejits('show', '--help');
    assert.match(out, /Usage: sejits show \[options\] <file>/);
    for (const option of ['--ir', '--generic', '-k, --kernel', '--ndim', '--dtype', '-b, --backend']) assert.ok(out.includes(option), `help mentions ${option}`);
  });

  it('an unknown kernel name exits non-zero and says which name', () => {
    const r = sejitsFails('show', 'examples/kernels.ts', '-k', 'NoSuchKernel');
    assert.notEqual(r.status, 0);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim(), "sejits: examples/kernels.ts exports no kernel named 'NoSuchKernel'");
  });

  it('a module without kernels exits non-zero and says what to export', () => {
    const file = join(scratch, 'no-kernels.ts');
    writeFileSync(file, 'export const answer: number = 42;\nexport function helper(x: number): number {\n  return x + 1;\n}\n');
    const r = sejitsFails('show', file);
    assert.notEqual(r.status, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^sejits: .*no-kernels\.ts exports no kernels \(export stencil\(\.\.\.\) functions or StencilKernel subclasses\)\n$/);
  });

  it('a missing file exits non-zero naming the file', () => {
    const r = sejitsFails('show', 'examples/does-not-exist.ts');
    assert.notEqual(r.status, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^sejits: .*does-not-exist\.ts/);
  });

  it('bad options exit non-zero with the reason', () => {
    const ndim = sejitsFails('show', 'examples/kernels.ts', '--ndim', '4');
    assert.notEqual(ndim.status, 0);
    assert.match(ndim.stderr, /--ndim <n>.*'4' is invalid\. must be 1, 2 or 3/);
    const backend = sejitsFails('show', 'examples/kernels.ts', '-k', 'laplacian', '-b', 'no-such-backend');
    assert.notEqual(backend.status, 0);
    assert.match(backend.stderr, /^sejits: backend 'no-such-backend' is unavailable/);
  });
});

describe('sejits tune', { skip: probeBackend('opencl').available ? false : 'no GPU backend here (opencl is unavailable)' }, () => {
  it('times strategies for a kernel on a shape, prints the report and keeps the winner', () => {
    const json = sejits('tune', 'examples/kernels.ts', '-b', 'opencl', '-k', 'laplacian', '--shape', '96,64', '--max-candidates', '3', '--budget', '2', '--json', '--no-progress');
    const [report] = JSON.parse(json) as { winner: string; results: { strategy: string; ms?: number }[]; shapeClass: string }[];
    assert.equal(report.results.length, 3);
    assert.equal(report.winner, report.results[0].strategy);
    assert.equal(report.shapeClass, '2d:7x6:v4');
    const text = sejits('tune', 'examples/kernels.ts', '-b', 'opencl', '-k', 'laplacian', '--shape', '96,64', '--max-candidates', '2', '--no-progress');
    assert.match(text, /^winner: \S+ g\S+ p\S+( fold)?, [\d.]+ ms per call; first-call heuristic: /m);
    assert.match(text, /\| strategy +\| ms per call +\| heuristic ÷ this \|/);
  });

  it('a missing --shape or a kernel parameter without a value exits non-zero with the reason', () => {
    assert.match(sejitsFails('tune', 'examples/kernels.ts', '-b', 'opencl').stderr, /required option '--shape <extents>'/);
  });
});
