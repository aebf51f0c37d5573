/**
 * The c backend's extra figures, taken in the same bench run:
 * - paper 004's Table 1: the 2048² Jacobi of its Listing 2 (a loop over a 3×3 weight table) on one
 *   thread, generic against specialized, each scalar (-fno-tree-vectorize, no omp simd) against
 *   vectorized;
 * - JIT latency: the first call of a new kernel (compile included) in this process and in a fresh
 *   one, and the first call in a fresh process that finds the kernel in the disk cache.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Grid, createCBackend, stencil, type Backend } from '../src/index.js';
import { measure } from './timing.js';

export interface Table1Row {
  readonly mode: 'generic' | 'specialized';
  readonly vectorized: boolean;
  readonly ms: number;
}

export interface Table1 {
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  readonly threads: 1;
  readonly rows: readonly Table1Row[];
  /** Paper 004, Table 1 (Core i7 3770, one core, SSE), for comparison. */
  readonly paper: Readonly<Record<string, number>>;
}

export interface JitLatency {
  /** First call of a new kernel in this (warm) process: specialize, compile, load, run 256². */
  readonly inProcessMs: number;
  /** The same in a fresh process (koffi and the toolchain record loaded on the way). */
  readonly freshProcessCompileMs: number;
  /** A fresh process whose kernel is in the disk cache: no compiler runs. */
  readonly freshProcessDiskMs: number;
  readonly diskHitCompiled: number;
}

const LISTING2_WEIGHTS = [
  [0, 0.25, 0],
  [0.25, 0, 0.25],
  [0, 0.25, 0],
];

/** Paper 004's Listing 2: the generic Jacobi iterates over a stencil array, zeros included. */
const jacobiListing2 = stencil(
  (a, p) => {
    let s = 0;
    for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) s += p.stencil[i + 1][j + 1] * a(i, j);
    return s;
  },
  { name: 'jacobiListing2', boundary: 'nearest', statics: { stencil: LISTING2_WEIGHTS } },
);

let scalar: Backend | undefined;

export function table1(budgetMs: number, size = 2048): Table1 {
  scalar ??= createCBackend({ name: 'c-scalar', vectorize: false, extraFlags: ['-fno-tree-vectorize'] });
  const shape = [size, size];
  const input = Grid.fromFunction(shape, 'float32', (i, j) => 0.5 + ((i * 31 + j * 17) % 101) / 101);
  const out = Grid.zeros(shape, 'float32');
  const rows: Table1Row[] = [];
  for (const mode of ['generic', 'specialized'] as const) {
    for (const vectorized of [false, true]) {
      const k = jacobiListing2.with({ backend: vectorized ? 'c' : scalar, mode, threads: 1 });
      rows.push({ mode, vectorized, ms: measure(() => k(input, { out }), { budgetMs, firstCallCompiles: true }).ms });
    }
  }
  return { shape, dtype: 'float32', threads: 1, rows, paper: { 'generic scalar': 13.23, 'generic vectorized': 4.39, 'specialized scalar': 5.41, 'specialized vectorized': 2.51 } };
}

interface ChildReport {
  readonly firstCallMs: number;
  readonly compiled: number;
  readonly fromDisk: number;
}

function child(nonce: number): ChildReport {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const script = [`${here}jit-child.js`, `${here}jit-child.ts`].find((f) => existsSync(f));
  if (!script) throw new Error(`bench/jit-child is missing next to ${here}`);
  const r = spawnSync(process.execPath, [...process.execArgv, script, String(nonce)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the JIT latency child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildReport;
}

export function jitLatency(): JitLatency {
  const nonce = Date.now() % 1e9;
  const grid = Grid.fromFunction([256, 256], 'float32', (i, j) => 1 + ((i * 7 + j) % 13));
  const t0 = performance.now();
  stencil((a, p) => p.w * (a(0, -1) + a(0, 1) + a(-1, 0) + a(1, 0)), { name: 'jitLatency', backend: 'c', statics: { w: 0.5 + nonce * 2 ** -40 } })(grid);
  const inProcessMs = performance.now() - t0;
  const cold = child(nonce);
  const warm = child(nonce);
  if (cold.compiled !== 1) throw new Error(`the JIT latency child expected to compile once, compiled ${cold.compiled}`);
  return { inProcessMs, freshProcessCompileMs: cold.firstCallMs, freshProcessDiskMs: warm.firstCallMs, diskHitCompiled: warm.compiled };
}
