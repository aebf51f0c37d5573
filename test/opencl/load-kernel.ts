/**
 * Child process for the opencl disk-cache test: builds one kernel, runs it, and prints what the
 * binary cache did as JSON. Run with --expose-gc, it also drops device grids without dispose() and
 * checks that the FinalizationRegistry gives their buffers back.
 */
import { Grid, createOpenCLBackend, stencil } from '../../src/index.js';
import { openclBuildStats } from '../../src/backends/opencl/cl-session.js';

const b = createOpenCLBackend({ name: 'opencl-child' });
const k = stencil((a) => 0.5 * a(0, 0) + 0.125 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0)), { name: 'cacheProbe', backend: b });
const x = Grid.fromFunction([33, 17], 'float32', (i, j) => Math.sin(i * 17 + j));
const out = k(x) as Grid;
const want = k.with({ mode: 'pure' })(x) as Grid;
let maxDiff = 0;
for (let i = 0; i < want.size; i++) maxDiff = Math.max(maxDiff, Math.abs(want.data[i] - out.data[i]));

const gc = (globalThis as { gc?: () => void }).gc;
let freedByGc = false;
if (gc) {
  const held = b.heap.liveBuffers;
  (() => {
    for (let i = 0; i < 8; i++) k(x);
  })();
  const during = b.heap.liveBuffers;
  for (let round = 0; round < 20 && b.heap.liveBuffers > held; round++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  freedByGc = during > held && b.heap.liveBuffers === held;
}
process.stdout.write(JSON.stringify({ ...openclBuildStats, maxDiff, freedByGc }) + '\n');
