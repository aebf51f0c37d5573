/**
 * Conway's Game of Life on an int32 board (1 = alive) with 'wrap' boundaries: the board is a torus.
 * Run: `npx tsx examples/life.ts [n=256] [generations=500]`; writes out/life.png (alive = white).
 */
import { Grid, stencil } from '../src/index.js';
import { writePng } from './image-io.js';

export const lifeStep = stencil(
  (c) => {
    const n = c(-1, -1) + c(-1, 0) + c(-1, 1) + c(0, -1) + c(0, 1) + c(1, -1) + c(1, 0) + c(1, 1);
    return n === 3 || (n === 2 && c(0, 0) === 1) ? 1 : 0;
  },
  { name: 'lifeStep', boundary: 'wrap' },
);

/** A board from rows of '.' (dead) and 'O' (alive). */
export function board(rows: readonly string[]): Grid<'int32'> {
  return Grid.fromFunction([rows.length, rows[0].length], 'int32', (i, j) => (rows[i][j] === 'O' ? 1 : 0));
}

/** A seeded random board with about `density` of its cells alive (mulberry32). */
export function randomBoard(n: number, density = 0.3, seed = 1): Grid<'int32'> {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Grid.fromFunction([n, n], 'int32', () => (random() < density ? 1 : 0));
}

/** The board after `generations` steps. */
export function evolve(start: Grid<'int32'>, generations: number, kernel = lifeStep): Grid<'int32'> {
  let cur = start.clone();
  let next = Grid.zeros(start.shape, 'int32');
  for (let g = 0; g < generations; g++) {
    kernel(cur, { out: next });
    [cur, next] = [next, cur];
  }
  return cur;
}

export function population(g: Grid): number {
  let alive = 0;
  for (const v of g.data) alive += v;
  return alive;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 256);
  const generations = Number(process.argv[3] ?? 500);
  const start = randomBoard(n);
  const t0 = performance.now();
  const end = evolve(start, generations);
  const ms = performance.now() - t0;
  writePng('out/life.png', [Grid.from(Uint8Array.from(end.data, (v) => 255 * v), end.shape)]);
  console.log(`life ${n}×${n}, ${generations} generations, ${lifeStep.specializer.backend.name} backend: ${ms.toFixed(0)} ms; population ${population(start)} → ${population(end)}; wrote out/life.png`);
}
