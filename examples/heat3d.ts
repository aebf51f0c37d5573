/**
 * The explicit 3-D heat equation, u ← u + α·Δu, with the 7-point Laplacian (the 3-D operator of
 * paper 000's benchmarks). 'nearest' boundaries make the walls insulating, so total heat is kept.
 * Run: `npx tsx examples/heat3d.ts [n=128] [steps=100]`; writes out/heat3d.png (the middle z-slice).
 */
import { Grid, stencil } from '../src/index.js';
import { writeColormapPng } from './image-io.js';

export const heat3dStep = stencil(
  (u, p) => u(0, 0, 0) + p.alpha * (u(-1, 0, 0) + u(1, 0, 0) + u(0, -1, 0) + u(0, 1, 0) + u(0, 0, -1) + u(0, 0, 1) - 6 * u(0, 0, 0)),
  { name: 'heat3dStep', params: ['alpha'], boundary: 'nearest' },
);

/** Two hot balls of different temperatures in a cold n³ box. */
export function initialHeat3d(n: number): Grid<'float64'> {
  const ball = (z: number, y: number, x: number, cz: number, cy: number, cx: number, r: number) => (z - cz) ** 2 + (y - cy) ** 2 + (x - cx) ** 2 < r * r;
  return Grid.fromFunction([n, n, n], 'float64', (z, y, x) => (ball(z, y, x, n / 2, n / 3, n / 3, n / 6) ? 100 : ball(z, y, x, n / 2, (2 * n) / 3, (3 * n) / 5, n / 10) ? 60 : 0));
}

/** `steps` explicit steps from initialHeat3d(n); stable for alpha ≤ 1/6. */
export function solveHeat3d(n: number, steps: number, alpha = 0.15, kernel = heat3dStep): Grid<'float64'> {
  let u = initialHeat3d(n);
  let next = Grid.zeros([n, n, n], 'float64');
  for (let s = 0; s < steps; s++) {
    kernel(u, { params: { alpha }, out: next });
    [u, next] = [next, u];
  }
  return u;
}

/** The z = iz plane of a 3-D grid, as a 2-D grid. */
export function zSlice(g: Grid<'float64'>, iz: number): Grid<'float64'> {
  const [, ny, nx] = g.shape;
  return Grid.from(g.data.slice(iz * ny * nx, (iz + 1) * ny * nx), [ny, nx]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 128);
  const steps = Number(process.argv[3] ?? 100);
  const t0 = performance.now();
  const u = solveHeat3d(n, steps);
  const ms = performance.now() - t0;
  writeColormapPng('out/heat3d.png', zSlice(u, n >> 1), { min: 0, max: 100 });
  console.log(`heat3d ${n}³, ${steps} steps, ${heat3dStep.specializer.backend.name} backend: ${ms.toFixed(0)} ms; wrote out/heat3d.png`);
}
