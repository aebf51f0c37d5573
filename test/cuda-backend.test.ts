/**
 * The cuda backend's machinery on a real NVIDIA GPU (the GPU machine; CI has none and skips unless
 * SEJITS_REQUIRED_BACKENDS names cuda): the device and compiler it finds, residency through the
 * driver API, argument updates between launches, copyMode, out-of-memory reports, 64-bit
 * indexing, every strategy kind against pure mode, compile errors, the disk cache of cubins across
 * processes, and tune() with its record read by a new process. Conformance of its results lives in
 * conformance.test.ts, which runs the whole suite on cuda too.
 *
 * The child processes re-run this file with SEJITS_CUDA_TEST_CHILD set, so the bundled suite on
 * the GPU machine needs no TypeScript runner.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BackendCompileError, DeviceMemoryError, Grid, createCudaBackend, probeBackend, stencil, strategyKey, type KernelStrategy } from '../src/index.js';
import { cudaBuildStats } from '../src/backends/cuda/cuda-session.js';
import { requiredBackends } from './conformance/backends.js';

const jacobi = (a: (...o: number[]) => number) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0));
const input = (shape: number[] = [67, 48], dtype: 'float32' | 'float64' = 'float32') => Grid.fromFunction(shape, dtype, (...i) => Math.sin(i[0] * 0.7) + Math.cos(i[i.length - 1] * 0.3) + 2);

function maxDiff(a: Grid, b: Grid): number {
  const x = a.data;
  const y = b.data;
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}

// Child mode: one new process compiles (or loads) a kernel, runs it, and reports the build counters.
if (process.env.SEJITS_CUDA_TEST_CHILD) {
  const b = createCudaBackend({ name: 'cuda-child' });
  const k = stencil(jacobi, { name: 'childJacobi', backend: b });
  const x = input([300, 300]);
  const t0 = performance.now();
  const y = k(x) as Grid;
  y.get(0, 0);
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ...cudaBuildStats, ms, maxDiff: maxDiff(y, k.with({ mode: 'pure' })(x) as Grid) }) + '\n');
  process.exit(0);
}

const probe = probeBackend('cuda');
const skip = !probe.available && !requiredBackends().includes('cuda') ? `cuda is unavailable here: ${probe.reason}` : false;
const scratch = mkdtempSync(join(tmpdir(), 'sejits-cuda-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function child(cache: string): { compiled: number; fromDisk: number; ms: number; maxDiff: number } {
  const args = [...process.execArgv.filter((a) => !a.startsWith('--test')), process.argv[1]];
  const r = spawnSync(process.execPath, args, { env: { ...process.env, SEJITS_CACHE_DIR: cache, SEJITS_CUDA_TEST_CHILD: '1' }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { compiled: number; fromDisk: number; ms: number; maxDiff: number };
}

describe('cuda backend', { skip }, () => {
  it('probes the device, its architecture and the compiler', () => {
    assert.ok(probe.available, probe.reason);
    assert.match(probe.detail ?? '', /sm_\d+/);
    assert.match(probe.detail ?? '', /nvrtc|nvcc/);
  });

  it('keeps results on the device and reads them back on demand', () => {
    const b = createCudaBackend({ name: 'cuda-residency' });
    const k = stencil(jacobi, { name: 'jacobi', backend: b });
    const x = input();
    const before = { ...b.heap.stats };
    let y: Grid = x;
    for (let i = 0; i < 5; i++) y = k(y) as Grid;
    assert.equal(b.heap.stats.uploads - before.uploads, 1, 'only x went up');
    assert.equal(b.heap.stats.downloads - before.downloads, 0);
    assert.equal(y.location, 'device');
    let want: Grid = x;
    const pure = k.with({ mode: 'pure' });
    for (let i = 0; i < 5; i++) want = pure(want) as Grid;
    assert.ok(maxDiff(y, want) < 1e-5);
    assert.equal(b.heap.stats.downloads - before.downloads, 1);
  });

  it('every strategy kind, with 32- and 64-bit indices, matches pure mode in every boundary mode', () => {
    const strategies: KernelStrategy[] = [
      { group: [8, 32], points: [1, 1], vector: false, tiles: false },
      { group: [4, 64], points: [1, 1], vector: false, tiles: true },
      { group: [1, 128], points: [8, 4], vector: true, tiles: false },
      { group: [2, 64], points: [4, 2], vector: false, tiles: false },
    ];
    for (const strategy of strategies) {
      for (const wideIndex of [false, true]) {
        const b = createCudaBackend({ name: `cuda-${strategyKey(strategy)}-${wideIndex}`, strategy, wideIndex });
        for (const boundary of ['nearest', 'reflect', 'wrap', 'constant'] as const) {
          const k = stencil(jacobi, { name: 'jacobi', backend: b, boundary, cval: 0.5 });
          for (const dtype of ['float32', 'float64'] as const) {
            const x = input([45, 72], dtype);
            const d = maxDiff(k(x) as Grid, k.with({ mode: 'pure' })(x) as Grid);
            assert.ok(d < (dtype === 'float32' ? 1e-5 : 1e-12), `${strategyKey(strategy)} wide=${wideIndex} ${boundary} ${dtype}: ${d}`);
          }
        }
      }
    }
  });

  it('launches after the first update the arguments that changed: buffers, shapes and parameters', () => {
    const b = createCudaBackend({ name: 'cuda-arguments' });
    const k = stencil((a, p) => p.w * a(0, 1) - a(-1, 0), { name: 'args', backend: b, params: ['w'], boundary: 'wrap' });
    const pure = k.with({ mode: 'pure' });
    let x = input([33, 20]);
    for (const [w, shape] of [[1, [33, 20]], [2.5, [33, 20]], [2.5, [7, 300]], [-1, [7, 300]], [-1, [33, 20]]] as const) {
      if (x.shape.join() !== shape.join()) x = input([...shape]);
      const out = Grid.zeros([...shape], 'float32');
      k(x, { out, params: { w } });
      assert.ok(maxDiff(out, pure(x, { params: { w } }) as Grid) < 1e-5, `w=${w} on [${shape}]`);
      const again = k(out, { params: { w } }) as Grid;
      assert.ok(maxDiff(again, pure(pure(x, { params: { w } }) as Grid, { params: { w } }) as Grid) < 1e-5, `chained, w=${w}`);
    }
  });

  it("copyMode 'always' uploads and downloads around every call", () => {
    const b = createCudaBackend({ name: 'cuda-always' });
    const k = stencil(jacobi, { name: 'jacobi', backend: b, copyMode: 'always' });
    const x = input();
    const before = { ...b.heap.stats };
    k(x);
    const y = k(x) as Grid;
    assert.deepEqual([b.heap.stats.uploads - before.uploads, b.heap.stats.downloads - before.downloads], [2, 2]);
    assert.equal(y.location, 'host');
  });

  it('running out of device memory is a DeviceMemoryError that names the sizes', () => {
    const b = createCudaBackend({ name: 'cuda-small', memoryLimitBytes: 1 << 20 });
    const k = stencil(jacobi, { name: 'jacobi', backend: b });
    assert.throws(() => k(input([512, 512])), (e: unknown) => e instanceof DeviceMemoryError && /cuda: .*out of device memory/.test(e.message) && /1\.0 MiB/.test(e.message));
  });

  it('a compile error names the kernel line and keeps the generated source', () => {
    const b = createCudaBackend({ name: 'cuda-broken' });
    assert.throws(
      () => b.session.load('extern "C" __global__ void sj_kernel() { undeclared_in_kernel = 1; }', ['SJ_IDX=int'], 'broken'),
      (e: unknown) => e instanceof BackendCompileError && /undeclared_in_kernel/.test(e.log) && /\.cu\)/.test(e.message),
    );
  });

  it('a second process loads the cubin from the disk cache', () => {
    const cache = join(scratch, 'cubins');
    const first = child(cache);
    assert.deepEqual([first.compiled, first.fromDisk], [1, 0]);
    const second = child(cache);
    assert.deepEqual([second.compiled, second.fromDisk], [0, 1]);
    assert.ok(second.maxDiff < 1e-5, `${second.maxDiff}`);
  });

  it('tune() times the strategies, keeps the fastest, and leaves the outputs computed', () => {
    const b = createCudaBackend({ name: 'cuda-tune' });
    const k = stencil(jacobi, { name: 'tuned', backend: b });
    const x = input([1024, 1024]);
    const out = Grid.zeros([1024, 1024], 'float32');
    const seen: string[] = [];
    const report = k.tune(x, { out, maxCandidates: 6, budgetMs: 5, onProgress: (_d: number, _t: number, c: string) => seen.push(c) });
    assert.equal(report.results.length, 6);
    assert.equal(report.winner, report.results[0].strategy);
    assert.ok(report.results.every((r) => r.ms === undefined || r.ms >= report.winnerMs));
    assert.equal(seen.at(-1), 'done');
    assert.ok(maxDiff(out, k.with({ mode: 'pure' })(x) as Grid) < 1e-5);
    const again = k(x) as Grid;
    assert.ok(maxDiff(again, out) === 0, 'a later call runs the winner');
  });
});
