/**
 * A 2-D heat equation, u ← u + α·Δu, on the best available backend: the smallest complete sejits
 * program. Run it with `npm start`.
 */
import { Grid, meta, stencil } from '../src/index.js';

export const heatStep = stencil((u, p) => u(0, 0) + p.alpha * (u(-1, 0) + u(1, 0) + u(0, -1) + u(0, 1) - 4 * u(0, 0)), {
  name: 'heatStep',
  params: ['alpha'],
  boundary: 'nearest',
});

export function solveHeat(n: number, steps: number, alpha = 0.2): Grid<'float64'> {
  const loop = pingPong((u, next) => heatStep(u, { params: { alpha }, out: next }));
  return loop(hotDisc(n), Grid.zeros([n, n], 'float64'), steps) as Grid<'float64'>;
}

/**
 * A time loop over two grids: each step reads `u` and writes `v`, then the two swap; the grid last
 * written comes back. Through meta() on a device backend such a loop is blocked in time too.
 */
export function pingPong(step: (u: Grid, v: Grid) => unknown): (u: Grid, v: Grid, steps: number) => Grid {
  return (u, v, steps) => {
    for (let s = 0; s < steps; s++) {
      step(u, v);
      [u, v] = [v, u];
    }
    return u;
  };
}

/** The initial condition of solveHeat: a hot disc in the middle. */
export function hotDisc(n: number): Grid<'float64'> {
  return Grid.fromFunction([n, n], 'float64', (i, j) => ((i - n / 2) ** 2 + (j - n / 2) ** 2 < (n / 8) ** 2 ? 100 : 0));
}

/**
 * The same time loop through meta(): on backends that run staged kernels, k steps run per pass over
 * memory (temporal blocking, k from tune() or a heuristic); `heatSteps.explain(...)` shows it.
 */
export const heatSteps = meta(
  (u: Grid, steps: number, alpha: number) => {
    for (let s = 0; s < steps; s++) u = heatStep(u, { params: { alpha } });
    return u;
  },
  { name: 'heatSteps', exampleArgs: () => [hotDisc(256), 100, 0.2] },
);

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 512);
  const steps = Number(process.argv[3] ?? 200);
  const t0 = performance.now();
  const u = solveHeat(n, steps);
  const ms = performance.now() - t0;
  let total = 0;
  for (const v of u.data) total += v;
  console.log(`heat2d ${n}×${n}, ${steps} steps on the ${heatStep.specializer.backend.name} backend: ${ms.toFixed(0)} ms (${((ms / steps) * 1e6 / (n * n)).toFixed(2)} ns per point-step); total heat ${total.toFixed(1)}`);
}
