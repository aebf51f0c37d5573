/**
 * The GPU bench (issue 6), one script for one call on the GPU machine: sejits on cuda and opencl
 * against the device copy of the same bytes and against the GPU peers (CuPy, PyTorch, JAX) and
 * scipy.ndimage on that machine's CPU, all in the same run. Ratios are t_reference / t_sejits, so
 * above 1 means sejits is faster.
 *
 *   node dist/gpu/bench/gpu/gpu-bench.js --json out.json [--size 8192] [--size3 512]
 *        [--backends cuda,opencl] [--stencils jacobi2d,blur5x5,bilateral13,seven3d]
 *        [--batches 11] [--per-batch 100] [--tune-candidates N] [--no-peers]
 *
 * Per stencil and backend: tune() on the full grid, then the tuned strategy, the first-call
 * heuristic and the naive one-point kernel, each checked against the js backend (bilateral on a
 * 1024² grid, whose js reference would take minutes at full size, plus a cross-check of every
 * variant at full size), then timed in batches interleaved with the same API's copy so that all
 * see the same machine state (one API at a time); medians of the batches. Also: copyMode 'always', the per-call overhead on a
 * resident 256² grid, and the first call of a new kernel in a fresh process, compiled and from
 * the disk cache.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Grid, createCudaBackend, createOpenCLBackend, map, parseStrategyKey, stencil, strategyKey, type DeviceBackend, type KernelStrategy, type StencilFunction, type TuneReport } from '../../src/index.js';
import { median } from '../timing.js';
import { cudaBuildStats } from '../../src/backends/cuda/cuda-session.js';
import { createWebGpuBackend } from '../../src/backends/webgpu/index.js';
import { webgpuReport } from './webgpu-report.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '8192' },
    size3: { type: 'string', default: '512' },
    backends: { type: 'string', default: 'cuda,opencl,webgpu' },
    stencils: { type: 'string', default: 'jacobi2d,blur5x5,bilateral13,seven3d' },
    batches: { type: 'string', default: '11' },
    'per-batch': { type: 'string', default: '100' },
    'tune-candidates': { type: 'string' },
    'no-peers': { type: 'boolean', default: false },
    'peer-batches': { type: 'string', default: '11' },
    'opencl-stencils': { type: 'string', default: 'jacobi2d,blur5x5,bilateral13,seven3d' },
    'webgpu-stencils': { type: 'string', default: 'jacobi2d,blur5x5,bilateral13,seven3d' },
    'webgpu-tune-candidates': { type: 'string', default: '40' },
    json: { type: 'string' },
    'first-call-child': { type: 'boolean', default: false },
  },
});

type Acc = (...o: number[]) => number;
const jacobi5 = stencil((a: Acc) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0)), { name: 'jacobi2d' });

// Child mode: the first call of a new kernel in a fresh process; the driver's start timed apart.
if (values['first-call-child']) {
  const t0 = performance.now();
  const b = createCudaBackend({ name: 'cuda-first-call' });
  if (!b.probe().available) throw new Error(b.probe().reason);
  const t1 = performance.now();
  const x = Grid.fromFunction([256, 256], 'float32', (i, j) => i + j);
  const k = jacobi5.with({ name: 'firstCall', backend: b });
  const y = k(x) as Grid;
  y.get(0, 0);
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ driverStartMs: t1 - t0, firstCallMs: t2 - t1, compileMs: cudaBuildStats.compileMs, compiled: cudaBuildStats.compiled, fromDisk: cudaBuildStats.fromDisk }) + '\n');
  process.exit(0);
}

const n = Number(values.size);
const n3 = Number(values.size3);
const batches = Number(values.batches);
const perBatch = Number(values['per-batch']);
const tuneCandidates = values['tune-candidates'] ? Number(values['tune-candidates']) : undefined;
const binomial = [1, 4, 6, 4, 1];

interface Case {
  readonly id: string;
  readonly title: string;
  readonly shape: number[];
  readonly kernel: StencilFunction;
  readonly params?: Record<string, number>;
  /** Operations per point (adds, multiplies, exp), for the arithmetic rate of compute-bound stencils. */
  readonly opsPerPoint: number;
  /** Edge of the grid the js reference checks on, when full size would take minutes. */
  readonly checkEdge?: number;
}

const CASES: Case[] = [
  { id: 'jacobi2d', title: `2-D 5-point Jacobi ${n}²`, shape: [n, n], kernel: jacobi5, opsPerPoint: 4 },
  {
    id: 'blur5x5',
    title: `5×5 binomial blur ${n}²`,
    shape: [n, n],
    kernel: stencil(
      (a: Acc, p: { w: number[][] }) => {
        let s = 0;
        for (let i = -2; i <= 2; i++) for (let j = -2; j <= 2; j++) s += p.w[i + 2][j + 2] * a(i, j);
        return s;
      },
      { name: 'blur5x5', statics: { w: binomial.map((u) => binomial.map((v) => (u * v) / 256)) } },
    ),
    opsPerPoint: 49,
  },
  {
    id: 'bilateral13',
    title: `13×13 bilateral ${n}²`,
    shape: [n, n],
    kernel: bilateral13(),
    params: { sigmaR: 0.1 },
    // Per tap: diff, square, scale, exp, mask product, two accumulations and a product.
    opsPerPoint: 169 * 8 + 1,
    checkEdge: 1024,
  },
  { id: 'seven3d', title: `3-D 7-point ${n3}³`, shape: [n3, n3, n3], kernel: stencil((a: Acc) => (a(0, 0, 1) + a(0, 0, -1) + a(0, 1, 0) + a(0, -1, 0) + a(1, 0, 0) + a(-1, 0, 0) - 6 * a(0, 0, 0)) / 6, { name: 'seven3d' }), opsPerPoint: 8 },
].filter((c) => values.stencils.split(',').includes(c.id));

/**
 * Paper 004's bilateral filter (examples/bilateral.ts, whose module runs its demo when bundled),
 * with the peers' parameters: σd = 3 (a 13×13 window), σr = 0.1 at run time.
 */
function bilateral13(): StencilFunction {
  const sigmaD = 3;
  const mask = Array.from({ length: 13 }, (_, i) => Array.from({ length: 13 }, (_, j) => Math.exp(-((i - 6) ** 2 + (j - 6) ** 2) / (2 * sigmaD * sigmaD))));
  return stencil(
    (a: Acc, p: { sigmaR: number; mask: number[][] }) => {
      const cR = 1 / (2 * p.sigmaR * p.sigmaR);
      let k = 0;
      let s = 0;
      for (let yf = -6; yf <= 6; yf++) {
        for (let xf = -6; xf <= 6; xf++) {
          const diff = a(yf, xf) - a(0, 0);
          const w = Math.exp(-cR * diff * diff) * p.mask[yf + 6][xf + 6];
          k += w;
          s += w * a(yf, xf);
        }
      }
      return s / k;
    },
    { name: 'bilateral13', params: ['sigmaR'], statics: { mask } },
  );
}

const makers: Record<string, (name: string, strategy?: KernelStrategy) => DeviceBackend> = {
  cuda: (name, strategy) => createCudaBackend({ name, strategy }) as never,
  opencl: (name, strategy) => createOpenCLBackend({ name, strategy, device: 'nvidia' }) as never,
  webgpu: (name, strategy) => createWebGpuBackend({ name, strategy }) as never,
};
// A backend that cannot start here is reported and left out, never silently: its reason goes to the JSON too.
const unavailable: Record<string, string> = {};
const backendNames = values.backends.split(',').filter((b) => {
  if (!(b in makers)) return false;
  const p = makers[b](`${b}-probe`).probe();
  if (!p.available) {
    unavailable[b] = p.reason ?? 'unavailable';
    console.log(`${b}: unavailable, left out: ${p.reason}`);
  }
  return p.available;
});
const cudaMain = createCudaBackend({ name: 'cuda-bench' });
const cudaDevice = cudaMain.device;
console.log(`device: ${cudaDevice.name} (${cudaDevice.arch}, driver ${cudaDevice.driverVersion}, ${cudaDevice.multiprocessors} SMs, ${cudaMain.session.compiler.version})`);

interface Variant {
  readonly backend: string;
  readonly name: string;
  readonly strategy?: string;
  readonly run: () => void;
  readonly sync: () => void;
  readonly output?: Grid;
  /** GPU time of the launches since the last call, in ns (webgpu under SEJITS_WEBGPU_TIMESTAMPS=1). */
  readonly gpuNs?: () => number | undefined;
}

function batch(v: Variant, calls: number): { ms: number; issueMs: number; gpuMs?: number } {
  v.sync();
  v.gpuNs?.();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) v.run();
  const issued = performance.now();
  v.sync();
  const ms = (performance.now() - t0) / calls;
  const ns = v.gpuNs?.();
  return { ms, issueMs: (issued - t0) / calls, gpuMs: ns === undefined ? undefined : ns / 1e6 / calls };
}

/**
 * Medians per variant of `rounds` batches, interleaved. A batch holds `perBatch` launches, fewer
 * for slow kernels (at least 20, and enough to last 25 ms): the synchronize that ends a batch
 * costs Dawn tens of microseconds, which 100 launches of a 0.2 ms kernel amortize, while 100
 * launches of the 6 ms bilateral filter would only lengthen the run. Where the variant reports GPU
 * time (webgpu's timestamp queries), its per-launch samples come back under `gpu`.
 */
function measure(all: readonly Variant[], rounds: number): { wall: Map<Variant, number[]>; gpu: Map<Variant, number[]>; issue: Map<Variant, number[]> } {
  const calls = new Map(all.map((v) => [v, Math.max(Math.min(perBatch, 20), Math.min(perBatch, Math.ceil(25 / batch(v, 5).ms)))]));
  for (const v of all) batch(v, calls.get(v)!);
  const wall = new Map(all.map((v) => [v, [] as number[]]));
  const gpu = new Map(all.map((v) => [v, [] as number[]]));
  const issue = new Map(all.map((v) => [v, [] as number[]]));
  for (let b = 0; b < rounds; b++) {
    for (const v of all) {
      const r = batch(v, calls.get(v)!);
      wall.get(v)!.push(r.ms);
      issue.get(v)!.push(r.issueMs);
      if (r.gpuMs !== undefined) gpu.get(v)!.push(r.gpuMs);
    }
  }
  return { wall, gpu, issue };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Infinity;
    if (d > worst) worst = d;
  }
  return worst;
}

const randomGrid = (shape: number[]) => {
  let s = 20261122;
  return Grid.fromFunction(shape, 'float32', () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return 0.25 + s / 2 ** 33;
  });
};

interface Row {
  stencil: string;
  backend: string;
  variant: string;
  strategy?: string;
  ms: number;
  gbPerS: number;
  copyOverSejits: number;
  samples: number[];
  /** Host time per launch to issue the batch (before its synchronize). */
  issueMs: number;
  /** webgpu with SEJITS_WEBGPU_TIMESTAMPS=1: median GPU time per launch from timestamp queries. */
  gpuMs?: number;
  gpuSamples?: number[];
}
const rows: Row[] = [];
const tuning: TuneReport[] = [];
const checks: { stencil: string; variant: string; maxDiff: number; against: string }[] = [];
const failedWebgpu = new Set<string>();

for (const c of CASES) {
  console.log(`\n== ${c.title}`);
  const x = randomGrid(c.shape);
  const call = (k: StencilFunction, input: Grid, out?: Grid) => k(input, { out, params: c.params });
  const small = c.checkEdge ? randomGrid(c.shape.map(() => c.checkEdge!)) : x;
  const reference = (call(c.kernel.with({ backend: 'js' }), small) as Grid).data;
  const variants: Variant[] = [];
  for (const name of backendNames) {
    if (name === 'opencl' && !values['opencl-stencils'].split(',').includes(c.id)) continue;
    if (name === 'webgpu' && !values['webgpu-stencils'].split(',').includes(c.id)) continue;
    const tuned = makers[name](`${name}-bench-${c.id}`);
    const kTuned = c.kernel.with({ backend: tuned });
    const out = Grid.zeros(c.shape, 'float32');
    const t0 = performance.now();
    const maxCandidates = name === 'webgpu' ? Number(values['webgpu-tune-candidates']) : tuneCandidates;
    console.log(`${name}: tuning ${c.id} (${maxCandidates ?? 'all'} candidates)`);
    const report = kTuned.tune(x, { out, params: c.params, maxCandidates, onProgress: (d: number, t: number, s: string) => process.stderr.write(`\r${name} tune ${c.id}: ${d}/${t} ${s}          `) });
    process.stderr.write('\n');
    console.log(`${name}: tuned in ${((performance.now() - t0) / 1000).toFixed(1)} s over ${report.results.length} strategies: ${report.winner} ${report.winnerMs.toFixed(4)} ms; heuristic ${report.heuristic} ${report.heuristicMs?.toFixed(4)} ms`);
    tuning.push(report);
    const forced: [string, KernelStrategy][] = [
      ['first-call heuristic', parseStrategyKey(report.heuristic)!],
      ['naive (one point per thread)', { group: c.shape.length === 3 ? [2, 4, 32] : [8, 32], points: c.shape.map(() => 1), vector: false, tiles: false }],
    ];
    const candidates: [string, DeviceBackend, string][] = [['tuned', tuned, report.winner], ...forced.map(([label, s]): [string, DeviceBackend, string] => [label, makers[name](`${name}-${c.id}-${strategyKey(s)}`, s), strategyKey(s)])];
    for (const [label, b, strategy] of candidates) {
      const k = c.kernel.with({ backend: b });
      // Poisoned: a point the kernel skipped stays NaN and fails the check.
      const o = Grid.fromFunction(c.shape, 'float32', () => NaN);
      if (c.checkEdge) checks.push({ stencil: c.id, variant: `${name} ${label}`, maxDiff: maxDiff((call(k, small) as Grid).data, reference), against: `js on ${small.shape.join('×')}` });
      call(k, x, o);
      b.synchronize();
      if (!c.checkEdge) checks.push({ stencil: c.id, variant: `${name} ${label}`, maxDiff: maxDiff(o.data, reference), against: 'js at full size' });
      const session = name === 'webgpu' ? (b as ReturnType<typeof createWebGpuBackend>).session : undefined;
      variants.push({ backend: name, name: label, strategy, run: () => call(k, x, o), sync: () => b.synchronize(), output: o, gpuNs: session ? () => session.gpuTimeNs() : undefined });
    }
  }
  // Every variant agrees at full size with the first.
  const first = variants[0].output!.data;
  for (const v of variants.slice(1)) checks.push({ stencil: c.id, variant: `${v.backend} ${v.name}`, maxDiff: maxDiff(v.output!.data, first), against: `${variants[0].backend} ${variants[0].name} at full size` });
  // WGSL computes exp and division in f32 with looser error bounds than CUDA's: a looser check, and a
  // webgpu failure drops webgpu's variants (reported) rather than the whole run.
  for (const ch of checks.filter((k) => k.stencil === c.id)) {
    const webgpu = ch.variant.startsWith('webgpu');
    if (ch.maxDiff <= (webgpu ? 1e-4 : 2e-5)) continue;
    if (!webgpu) throw new Error(`${c.id}: ${ch.variant} differs from ${ch.against} by ${ch.maxDiff}`);
    console.log(`FAILED CHECK: ${c.id}: ${ch.variant} differs from ${ch.against} by ${ch.maxDiff}; webgpu's variants of ${c.id} are not timed`);
    failedWebgpu.add(c.id);
  }
  if (failedWebgpu.has(c.id)) variants.splice(0, variants.length, ...variants.filter((v) => v.backend !== 'webgpu'));
  const bytes = 4 * x.size;
  const src = x.storage.deviceForRead(cudaMain.heap, () => 'copy source');
  const dst = cudaMain.heap.acquire(bytes, 'copy target');
  const copies: Variant[] = [{ backend: 'cuda', name: 'device copy (cuMemcpyDtoDAsync)', run: () => cudaMain.session.copy(src.handle as bigint, dst.handle as bigint, bytes), sync: () => cudaMain.synchronize() }];
  if (backendNames.includes('opencl')) {
    const cl = createOpenCLBackend({ name: 'opencl-bench-copy', device: 'nvidia' });
    const clSrc = cl.heap.acquire(bytes, 'copy source');
    const clDst = cl.heap.acquire(bytes, 'copy target');
    copies.push({ backend: 'opencl', name: 'device copy (clEnqueueCopyBuffer)', run: () => cl.session.copy(clSrc.handle as bigint, clDst.handle as bigint, bytes), sync: () => cl.synchronize() });
  }
  if (backendNames.includes('webgpu')) {
    // WebGPU's copyBufferToBuffer took 0.65 ms for the 256 MiB that a kernel copies in 0.19, and
    // left the GPU's clocks low for the launches after it (the same kernel ran 12 % slower right
    // after it than after another kernel): webgpu's copy is a kernel, sejits' identity map.
    const wg = createWebGpuBackend({ name: 'webgpu-bench-copy' });
    const identity = map((v: number) => v, { name: 'copy', backend: wg });
    const copied = Grid.zeros(c.shape, 'float32');
    identity(x, { out: copied });
    copies.push({ backend: 'webgpu', name: 'copy kernel (identity map in WGSL)', run: () => identity(x, { out: copied }), sync: () => wg.synchronize() });
  }
  // One API at a time: work alternating between a CUDA and an OpenCL context makes the GPU switch
  // contexts, which cost the first launches after each switch milliseconds in the first run.
  for (const api of backendNames.filter((b) => variants.some((v) => v.backend === b))) {
    const copy = copies.find((v) => v.backend === api)!;
    const { wall, gpu, issue } = measure([copy, ...variants.filter((v) => v.backend === api)], batches);
    const copyMs = median(wall.get(copy)!);
    for (const [v, s] of wall) {
      const ms = median(s);
      const g = gpu.get(v)!;
      rows.push({ stencil: c.id, backend: v.backend, variant: v.name, strategy: v.strategy, ms, gbPerS: (2 * bytes) / (ms * 1e6), copyOverSejits: copyMs / ms, samples: s, issueMs: median(issue.get(v)!), ...(g.length ? { gpuMs: median(g), gpuSamples: g } : {}) });
    }
  }
  cudaMain.heap.recycle(dst);
  for (const v of variants) v.output?.dispose();
  x.dispose();
  // What is measured so far survives a run cut short by the machine's time limit.
  if (values.json) writeFileSync(values.json, JSON.stringify({ partial: true, date: new Date().toISOString(), device: cudaDevice, rows, tuning, checks }, null, 2));
}

// copyMode 'always' (paper 000's baseline) for the Jacobi step on cuda.
const copyAlways = (() => {
  if (!CASES.some((c) => c.id === 'jacobi2d')) return undefined;
  const x = randomGrid([n, n]);
  const b = makers.cuda('cuda-bench-always');
  const k = jacobi5.with({ backend: b, copyMode: 'always' });
  const out = Grid.zeros([n, n], 'float32');
  k(x, { out });
  const s: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    k(x, { out });
    s.push(performance.now() - t0);
  }
  x.dispose();
  return median(s);
})();

// Per-call overhead on a resident 256² grid, queued back to back and waiting for each, and the
// round trip of a synchronize with nothing queued: what a batch of launches pays once, on top of
// its kernels (Dawn's is about half a millisecond, which is why batches hold 100 launches).
function perCallOverhead(backend: DeviceBackend): { queuedUs: number; waitedUs: number; idleSyncUs: number } {
  const small = randomGrid([256, 256]);
  const out = Grid.zeros([256, 256], 'float32');
  const k = jacobi5.with({ backend });
  k(small, { out });
  backend.synchronize();
  const calls = 2000;
  const queued: number[] = [];
  const waited: number[] = [];
  const idle: number[] = [];
  for (let r = 0; r < 7; r++) {
    let t0 = performance.now();
    for (let i = 0; i < calls; i++) k(small, { out });
    backend.synchronize();
    queued.push(((performance.now() - t0) * 1000) / calls);
    t0 = performance.now();
    for (let i = 0; i < calls / 8; i++) {
      k(small, { out });
      backend.synchronize();
    }
    waited.push(((performance.now() - t0) * 1000) / (calls / 8));
    t0 = performance.now();
    for (let i = 0; i < 50; i++) backend.synchronize();
    idle.push(((performance.now() - t0) * 1000) / 50);
  }
  small.dispose();
  out.dispose();
  return { queuedUs: median(queued), waitedUs: median(waited), idleSyncUs: median(idle) };
}
const overhead = perCallOverhead(cudaMain);
const webgpuOverhead = backendNames.includes('webgpu') ? perCallOverhead(makers.webgpu('webgpu-bench-overhead')) : undefined;

// First call of a new kernel in a fresh process: compiled through NVRTC, then from the disk cache.
// Five rounds, each with a fresh cache; the round with the median new-kernel time is reported, and
// every round's times are kept.
const firstCall = (() => {
  type ChildResult = { driverStartMs: number; firstCallMs: number; compileMs: number; compiled: number; fromDisk: number };
  const rounds: { newKernel: ChildResult; fromDisk: ChildResult }[] = [];
  for (let round = 0; round < 5; round++) {
    const cache = mkdtempSync(join(tmpdir(), 'sejits-first-call-'));
    const child = (): ChildResult => {
      const r = spawnSync(process.execPath, [process.argv[1], '--first-call-child'], { env: { ...process.env, SEJITS_CACHE_DIR: cache }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`first-call child: ${r.stderr}`);
      return JSON.parse(r.stdout) as ChildResult;
    };
    rounds.push({ newKernel: child(), fromDisk: child() });
    rmSync(cache, { recursive: true, force: true });
  }
  const byNew = [...rounds].sort((a, b) => a.newKernel.firstCallMs - b.newKernel.firstCallMs);
  const byDisk = [...rounds].sort((a, b) => a.fromDisk.firstCallMs - b.fromDisk.firstCallMs);
  const mid = Math.floor(rounds.length / 2);
  return { newKernel: byNew[mid].newKernel, fromDisk: byDisk[mid].fromDisk, rounds };
})();

// The peers, in the same run, after sejits has released the device.
const peers = (() => {
  if (values['no-peers']) return undefined;
  const script = [join(dirname(process.argv[1]), 'peers.py'), 'bench/gpu/peers.py'].find(existsSync);
  if (!script) return { error: 'bench/gpu/peers.py not found' };
  const out = join(tmpdir(), `sejits-peers-${process.pid}.json`);
  const cases = CASES.map((c) => c.id).join(',');
  console.log(`\n== peers (python3 ${script})`);
  const r = spawnSync('python3', [script, '--json', out, '--cases', cases, '--size', `2d=${n},3d=${n3}`, '--batches', values['peer-batches'], '--overhead', '256'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (!existsSync(out)) return { error: `peers.py wrote nothing (exit ${r.status})` };
  return JSON.parse(readFileSync(out, 'utf8')) as PeerResult;
})();

interface PeerEntry {
  ms?: number;
  error?: string;
  unavailable?: string;
  boundary?: string;
  variant?: string;
}
interface PeerResult {
  host?: Record<string, unknown>;
  cases?: { id: string; peers: Record<string, PeerEntry> }[];
  overhead?: Record<string, { queued_us?: number; synced_us?: number }>;
  error?: string;
}

// ---- report ---------------------------------------------------------------------------------------

const best = (stencil: string, backend: string) => rows.find((r) => r.stencil === stencil && r.backend === backend && r.variant === 'tuned');
const copyRow = (stencil: string) => rows.find((r) => r.stencil === stencil && r.variant.startsWith('device copy (cu'));
console.log(`\nfloat32, nearest, device-resident; median ms per call (${batches} batches of 20 to ${perBatch} launches, about 25 ms or more each, interleaved with the copies)`);
console.log('| stencil | backend | variant | strategy | ms | GB/s (8 B/point) | t_copy / t |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.stencil} | ${r.backend} | ${r.variant} | ${r.strategy ?? ''} | ${r.ms.toFixed(4)} | ${r.gbPerS.toFixed(0)} | ${r.copyOverSejits.toFixed(3)} |`);

const peerRows: { stencil: string; peer: string; ms: number; overCuda: number; overOpencl?: number; note: string }[] = [];
for (const c of CASES) {
  const pc = peers && 'cases' in peers ? peers.cases?.find((p) => p.id === c.id) : undefined;
  for (const [peer, e] of Object.entries(pc?.peers ?? {})) {
    if (e.ms === undefined || peer.endsWith('_copy')) continue;
    const cu = best(c.id, 'cuda');
    const cl = best(c.id, 'opencl');
    peerRows.push({ stencil: c.id, peer, ms: e.ms, overCuda: cu ? e.ms / cu.ms : NaN, overOpencl: cl ? e.ms / cl.ms : undefined, note: [e.variant, e.boundary && e.boundary !== 'nearest' ? `boundary ${e.boundary}` : ''].filter(Boolean).join(', ') });
  }
}
console.log('\npeers in the same run: t_peer / t_sejits (above 1: sejits is faster)');
console.log('| stencil | peer | peer ms | sejits cuda ms | t_peer / t_cuda | t_peer / t_opencl | note |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const p of peerRows) console.log(`| ${p.stencil} | ${p.peer} | ${p.ms.toFixed(4)} | ${best(p.stencil, 'cuda')?.ms.toFixed(4) ?? ''} | ${p.overCuda.toFixed(2)} | ${p.overOpencl?.toFixed(2) ?? ''} | ${p.note} |`);

const arithmetic = CASES.filter((c) => c.id === 'bilateral13').map((c) => {
  const r = best(c.id, 'cuda');
  const points = c.shape.reduce((a, b) => a * b, 1);
  const gops = r ? (points * c.opsPerPoint) / (r.ms * 1e6) : NaN;
  return { stencil: c.id, opsPerPoint: c.opsPerPoint, gops, copyFraction: r && copyRow(c.id) ? copyRow(c.id)!.ms / r.ms : NaN };
});
for (const a of arithmetic) console.log(`\n${a.stencil}: ${a.gops.toFixed(0)} G operations/s (${a.opsPerPoint} per point); ${a.copyFraction.toFixed(4)} of the copy bandwidth: compute-bound`);
if (copyAlways !== undefined) {
  const j = best('jacobi2d', 'cuda');
  console.log(`\ncopyMode 'always' Jacobi ${n}²: ${copyAlways.toFixed(2)} ms per call; resident ${j?.ms.toFixed(4)} ms: ${j ? (copyAlways / j.ms).toFixed(0) : '?'}×`);
}
const cupyOverhead = peers && 'overhead' in peers ? peers.overhead?.cupy : undefined;
console.log(`\nper call on a resident 256² grid: sejits cuda ${overhead.queuedUs.toFixed(2)} µs queued, ${overhead.waitedUs.toFixed(2)} µs waiting for each (an idle synchronize: ${overhead.idleSyncUs.toFixed(2)} µs); CuPy ${cupyOverhead?.queued_us?.toFixed(2) ?? '?'} / ${cupyOverhead?.synced_us?.toFixed(2) ?? '?'} µs`);
if (webgpuOverhead) console.log(`per call on a resident 256² grid: sejits webgpu ${webgpuOverhead.queuedUs.toFixed(2)} µs queued, ${webgpuOverhead.waitedUs.toFixed(2)} µs waiting for each (an idle synchronize: ${webgpuOverhead.idleSyncUs.toFixed(2)} µs)`);
console.log(`first call in a fresh process (median of ${firstCall.rounds.length}; new kernel each: ${firstCall.rounds.map((r) => r.newKernel.firstCallMs.toFixed(0)).join(', ')} ms): driver start ${firstCall.newKernel.driverStartMs.toFixed(0)} ms, then a new kernel ${firstCall.newKernel.firstCallMs.toFixed(0)} ms (NVRTC ${firstCall.newKernel.compileMs.toFixed(0)} ms); from the disk cache ${firstCall.fromDisk.firstCallMs.toFixed(0)} ms after a ${firstCall.fromDisk.driverStartMs.toFixed(0)} ms driver start`);

const result = {
  date: new Date().toISOString(),
  device: cudaDevice,
  compiler: cudaMain.session.compiler.version,
  dtype: 'float32',
  boundary: 'nearest',
  batches,
  perBatch,
  rows,
  tuning,
  checks,
  peers,
  peerRows,
  arithmetic,
  copyAlwaysMs: copyAlways,
  overhead: { sejits: overhead, webgpu: webgpuOverhead, cupy: cupyOverhead },
  firstCall,
  webgpu: { ...webgpuReport(rows, CASES.map((c) => c.id), unavailable), failedChecks: [...failedWebgpu] },
};
if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
