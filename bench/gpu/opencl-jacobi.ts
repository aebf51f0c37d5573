/**
 * The opencl bench of issue 5: stencils on device-resident float32 grids against a device copy of
 * the same bytes (clEnqueueCopyBuffer reads and writes one grid) in the same run, interleaved batch
 * by batch so that both see the same machine state. Ratios are t_reference / t_sejits.
 *
 *   node dist/gpu/bench/gpu/opencl-jacobi.js [--size 8192] [--size3 512] [--batches 15]
 *        [--per-batch 20] [--json out.json] [--explore]
 *
 * Per stencil: local-memory tiles (paper 000, Figure 2) and no tiles, each checked against the js
 * backend before it is timed. For the 2-D Jacobi also copyMode 'always' (paper 000's naive
 * baseline: every call crosses the bus both ways) and, with --explore, other work-group shapes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Grid, createOpenCLBackend, stencil, type StencilFunction } from '../../src/index.js';
import { median } from '../timing.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '8192' },
    size3: { type: 'string', default: '512' },
    batches: { type: 'string', default: '15' },
    'per-batch': { type: 'string', default: '20' },
    json: { type: 'string' },
    explore: { type: 'boolean', default: false },
    'first-call-child': { type: 'boolean', default: false },
  },
});

const jacobi5 = (a: (...o: number[]) => number) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0));

// Child mode: one new kernel's first call in a fresh process, timed from before the backend starts.
if (values['first-call-child']) {
  const t0 = performance.now();
  const b = createOpenCLBackend({ name: 'opencl-first-call' });
  const x = Grid.fromFunction([256, 256], 'float32', (i, j) => i + j);
  const k = stencil(jacobi5, { name: 'firstCall', backend: b });
  const y = k(x) as Grid;
  y.get(0, 0);
  process.stdout.write(JSON.stringify({ firstCallMs: performance.now() - t0 }) + '\n');
  process.exit(0);
}
const n = Number(values.size);
const n3 = Number(values.size3);
const batches = Number(values.batches);
const perBatch = Number(values['per-batch']);

type Acc = (...o: number[]) => number;
const STENCILS: { name: string; shape: number[]; fn: (a: Acc) => number }[] = [
  { name: `Jacobi 5-point ${n}²`, shape: [n, n], fn: (a) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0)) },
  {
    name: `blur 5×5 ${n}²`,
    shape: [n, n],
    fn: (a) => {
      let s = 0;
      for (let i = -2; i <= 2; i++) for (let j = -2; j <= 2; j++) s += a(i, j);
      return s / 25;
    },
  },
  { name: `7-point 3-D ${n3}³`, shape: [n3, n3, n3], fn: (a) => (a(0, 0, 1) + a(0, 0, -1) + a(0, 1, 0) + a(0, -1, 0) + a(1, 0, 0) + a(-1, 0, 0) - 6 * a(0, 0, 0)) / 6 },
];

const tiled = createOpenCLBackend({ name: 'opencl-bench-tiles', tiles: 'local' });
const untiled = createOpenCLBackend({ name: 'opencl-bench-untiled', tiles: 'none' });
const device = tiled.device;
console.log(`device: ${device.name} (${device.platform}, ${device.version}, driver ${device.driver})`);

interface Variant {
  readonly name: string;
  readonly run: () => void;
}

function batch(v: Variant): number {
  tiled.synchronize();
  const t0 = performance.now();
  for (let i = 0; i < perBatch; i++) v.run();
  tiled.synchronize();
  return (performance.now() - t0) / perBatch;
}

function measure(all: Variant[], rounds: number): Map<string, number[]> {
  for (const v of all) batch(v);
  const samples = new Map(all.map((v) => [v.name, [] as number[]]));
  for (let b = 0; b < rounds; b++) for (const v of all) samples.get(v.name)!.push(batch(v));
  return samples;
}

const rows: { stencil: string; variant: string; ms: number; gbPerS: number; copyOverSejits: number; firstCallMs?: number }[] = [];

for (const s of STENCILS) {
  const x = Grid.fromFunction(s.shape, 'float32', (...i) => Math.sin(i[0] * 0.001) * Math.cos(i[i.length - 1] * 0.002) + 1.5);
  const points = x.size;
  const reference = (stencil(s.fn, { name: 'reference', backend: 'js' })(x) as Grid).data;
  const kernelVariant = (name: string, backend: ReturnType<typeof createOpenCLBackend>, copyMode: 'lazy' | 'always' = 'lazy'): Variant & { firstCallMs: number } => {
    const k: StencilFunction = stencil(s.fn, { name: 'stencil', backend, copyMode });
    const out = Grid.zeros(s.shape, 'float32');
    const t0 = performance.now();
    k(x, { out });
    backend.synchronize();
    const firstCallMs = performance.now() - t0;
    const got = out.data;
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - reference[i]));
    if (!(worst <= 1e-5)) throw new Error(`${s.name}, ${name}: result differs from the js backend by ${worst}`);
    return { name, run: () => k(x, { out }), firstCallMs };
  };
  const variants = [kernelVariant('local tiles', tiled), kernelVariant('no tiles', untiled)];
  if (values.explore && s.shape.length === 2) {
    for (const group of [[4, 64], [2, 128], [16, 16], [1, 256]]) {
      for (const tiles of ['local', 'none'] as const) {
        const b = createOpenCLBackend({ name: `opencl-${tiles}-${group.join('x')}`, tiles, workGroup: group });
        variants.push(kernelVariant(`${tiles === 'local' ? 'tiles' : 'no tiles'}, group ${group.join('×')}`, b));
      }
    }
  }
  const src = x.storage.deviceForRead(tiled.heap, () => 'copy source');
  const dst = tiled.heap.acquire(4 * points, 'copy target');
  const copy: Variant = { name: 'device copy', run: () => tiled.session.copy(src.handle as bigint, dst.handle as bigint, 4 * points) };
  const samples = measure([copy, ...variants], batches);
  if (s.shape.length === 2 && rows.length === 0) {
    const always = kernelVariant("no tiles, copyMode 'always'", untiled, 'always');
    samples.set(always.name, measure([always], 3).get(always.name)!);
    variants.push(always);
  }
  tiled.heap.recycle(dst);
  const copyMs = median(samples.get(copy.name)!);
  for (const v of [copy, ...variants]) {
    const ms = median(samples.get(v.name)!);
    rows.push({ stencil: s.name, variant: v.name, ms, gbPerS: (8 * points) / (ms * 1e6), copyOverSejits: copyMs / ms, firstCallMs: (v as { firstCallMs?: number }).firstCallMs });
  }
  x.dispose();
}

// Per-call overhead on a small resident grid (256², one step), and first-call latency.
const small = Grid.fromFunction([256, 256], 'float32', (i, j) => Math.sin(i + j));
const smallOut = Grid.zeros([256, 256], 'float32');
const step = stencil(jacobi5, { name: 'overhead', backend: untiled });
step(small, { out: smallOut });
untiled.synchronize();
const calls = 2000;
const queued: number[] = [];
const waited: number[] = [];
for (let r = 0; r < 5; r++) {
  let t0 = performance.now();
  for (let i = 0; i < calls; i++) step(small, { out: smallOut });
  untiled.synchronize();
  queued.push(((performance.now() - t0) * 1000) / calls);
  t0 = performance.now();
  for (let i = 0; i < calls / 4; i++) {
    step(small, { out: smallOut });
    untiled.synchronize();
  }
  waited.push(((performance.now() - t0) * 1000) / (calls / 4));
}
const cacheDir = mkdtempSync(join(tmpdir(), 'sejits-first-call-'));
const firstCall = (label: string) => {
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--first-call-child'], { env: { ...process.env, SEJITS_CACHE_DIR: cacheDir }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${label}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { firstCallMs: number }).firstCallMs;
};
const latency = { callUsQueued: median(queued), callUsWaited: median(waited), firstCallNewKernelMs: firstCall('new kernel'), firstCallFromDiskMs: firstCall('from the disk cache') };
rmSync(cacheDir, { recursive: true, force: true });
console.log(`\nper call on a resident 256² grid: ${latency.callUsQueued.toFixed(1)} µs queued back to back, ${latency.callUsWaited.toFixed(1)} µs waiting for each`);
console.log(`first call in a fresh process (backend start, build, upload, run, read back): ${latency.firstCallNewKernelMs.toFixed(0)} ms for a new kernel, ${latency.firstCallFromDiskMs.toFixed(0)} ms with its binary in the disk cache`);

console.log(`\nfloat32, device-resident, median ms per call (${batches} batches of ${perBatch} calls, interleaved with the copy)`);
console.log('| stencil | variant | ms | GB/s (8 bytes/point) | t_copy / t |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.stencil} | ${r.variant} | ${r.ms.toFixed(3)} | ${r.gbPerS.toFixed(0)} | ${r.copyOverSejits.toFixed(2)} |`);

const result = { date: new Date().toISOString(), device: { name: device.name, platform: device.platform, version: device.version, driver: device.driver }, dtype: 'float32', batches, perBatch, rows, latency };
if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
