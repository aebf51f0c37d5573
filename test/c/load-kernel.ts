/**
 * Child process for the disk-cache tests: builds one kernel on the c backend, runs it and prints
 * what the cache did as JSON. argv[2] varies the kernel's source so tests can pick fresh entries;
 * argv[3], an edge length, makes the grid large enough to run on several OpenMP threads.
 */
import { Grid, stencil } from '../../src/index.js';
import { cBuildStats } from '../../src/backends/c/compile-c.js';

const weight = Number(process.argv[2] ?? '0.25');
const k = stencil((a, p) => p.w * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0)), { name: 'cacheProbe', backend: 'c', statics: { w: weight } });
const edge = Number(process.argv[3] ?? '0');
const g = Grid.fromFunction(edge ? [edge, edge] : [33, 17], 'float64', (i, j) => Math.sin(i * 17 + j));
const t0 = performance.now();
const out = k(g);
const firstCallMs = performance.now() - t0;
let sum = 0;
for (const v of out.data) sum += v;
const want = k.with({ mode: 'pure' })(g);
let maxDiff = 0;
for (let i = 0; i < want.size; i++) maxDiff = Math.max(maxDiff, Math.abs(want.data[i] - out.data[i]));
process.stdout.write(JSON.stringify({ ...cBuildStats, firstCallMs, sum, maxDiff }) + '\n');
