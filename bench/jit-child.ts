/**
 * Run by the bench in a fresh process: times the first call of a Jacobi kernel on the c backend.
 * argv[2] is a nonce baked into the kernel, so the parent picks between a cache miss (a new nonce:
 * compile) and a disk-cache hit (a nonce an earlier child compiled). Prints one line of JSON.
 */
import { Grid, stencil } from '../src/index.js';
import { cBuildStats } from '../src/backends/c/compile-c.js';

const nonce = Number(process.argv[2] ?? '0');
const grid = Grid.fromFunction([256, 256], 'float32', (i, j) => 1 + ((i * 7 + j) % 13));
const t0 = performance.now();
const jacobi = stencil((a, p) => p.w * (a(0, -1) + a(0, 1) + a(-1, 0) + a(1, 0)), { name: 'jitLatency', backend: 'c', statics: { w: 0.25 + nonce * 2 ** -40 } });
jacobi(grid);
const firstCallMs = performance.now() - t0;
const t1 = performance.now();
jacobi(grid);
const secondCallMs = performance.now() - t1;
process.stdout.write(JSON.stringify({ firstCallMs, secondCallMs, ...cBuildStats }) + '\n');
