/**
 * Where webgpu's wall-clock time per launch goes (issue 7): the 8192² Jacobi on webgpu, N launches
 * then one synchronize, reporting per launch the wall-clock time, the GPU's busy time inside the
 * timed compute passes, and the span from the first pass's start to the last one's end (busy plus
 * the idle gaps between submits), beside batches of CUDA copies of the same bytes in the same
 * process. SEJITS_X_WEBGPU_BATCH=n makes the worker submit exactly n launches per command buffer.
 *
 *   node dist/gpu/bench/gpu/webgpu-gaps.js [--n 1,8,64,256] [--reps 5]
 */
import { parseArgs } from 'node:util';
import { Grid, createCudaBackend, stencil } from '../../src/index.js';
import { createWebGpuBackend } from '../../src/backends/webgpu/index.js';
import { median } from '../timing.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '1,8,64,256' }, reps: { type: 'string', default: '5' }, size: { type: 'string', default: '8192' } } });
type Acc = (...o: number[]) => number;
const size = Number(values.size);
const shape = [size, size];
const jacobi = stencil((a: Acc) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0)), { name: 'jacobi2d' });
const webgpu = createWebGpuBackend({ name: 'webgpu-gaps' });
const cuda = createCudaBackend({ name: 'cuda-gaps' });
const session = webgpu.session;
const k = jacobi.with({ backend: webgpu });
const x = Grid.fromFunction(shape, 'float32', (i, j) => Math.sin(i * 0.01) + Math.cos(j * 0.02));
const o = Grid.zeros(shape, 'float32');
const bytes = 4 * x.size;
const xc = Grid.fromFunction(shape, 'float32', (i, j) => i + j);
const src = xc.storage.deviceForRead(cuda.heap, () => 'copy source');
const dst = cuda.heap.acquire(bytes, 'copy target');

function copyMs(n: number): number {
  cuda.synchronize();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) cuda.session.copy(src.handle as bigint, dst.handle as bigint, bytes);
  cuda.synchronize();
  return (performance.now() - t0) / n;
}

// Warm up: the pipeline, the bind groups, the clocks.
for (let i = 0; i < 200; i++) k(x, { out: o });
webgpu.synchronize();
session.gpuProfile();
copyMs(200);
console.log(`webgpu Jacobi ${size}², timestamps ${process.env.SEJITS_WEBGPU_TIMESTAMPS === '1' ? 'on' : 'off'}, batch limit ${process.env.SEJITS_X_WEBGPU_BATCH || 'default (1 after a synchronize, doubling to 64, and whenever the queue drains)'}`);
console.log('| N | wall ms/launch | GPU busy ms/launch | GPU span ms/launch | submits | copy ms | copy / wall | copy / busy | copy / span |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const n of values.n.split(',').map(Number)) {
  const rows: number[][] = [];
  for (let r = 0; r < Number(values.reps); r++) {
    const copy = copyMs(Math.max(20, n));
    webgpu.synchronize();
    session.gpuProfile();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) k(x, { out: o });
    webgpu.synchronize();
    const wall = (performance.now() - t0) / n;
    const p = session.gpuProfile();
    rows.push([wall, p.busyNs / 1e6 / n, p.spanNs / 1e6 / n, p.submits, copy]);
  }
  const m = rows[0].map((_, c) => median(rows.map((row) => row[c])));
  console.log(`| ${n} | ${m[0].toFixed(4)} | ${m[1].toFixed(4)} | ${m[2].toFixed(4)} | ${m[3]} | ${m[4].toFixed(4)} | ${(m[4] / m[0]).toFixed(3)} | ${(m[4] / m[1]).toFixed(3)} | ${(m[4] / m[2]).toFixed(3)} |`);
}
process.exit(0);
