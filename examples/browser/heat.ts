/**
 * The heat equation of examples/heat2d.ts, for the browser example and its test: u ← u + α·Δu on
 * an n×n grid with a hot square in the middle and insulated (nearest) edges. The same function runs
 * in the page and in Node, so the test can compare the page's values with Node's.
 */
import { Grid, stencil } from '../../src/browser.js';

export const heatStep = stencil((u, p) => u(0, 0) + p.alpha * (u(0, 1) + u(0, -1) + u(1, 0) + u(-1, 0) - 4 * u(0, 0)), { name: 'heatStep', params: ['alpha'], boundary: 'nearest' });

export function initialField(n: number): Grid {
  return Grid.fromFunction([n, n], 'float32', (i, j) => (Math.abs(i - n / 2) < n / 8 && Math.abs(j - n / 2) < n / 8 ? 1 : 0) + 0.1 * Math.sin(i / 5) * Math.cos(j / 7));
}

/** Runs `steps` steps on a backend; results stay on the device between steps. */
export function runHeat(backend: string, n: number, steps: number, alpha = 0.2): Grid {
  const step = heatStep.with({ backend });
  let u = initialField(n);
  for (let t = 0; t < steps; t++) {
    const next = step(u, { params: { alpha } }) as Grid;
    if (t > 0) u.dispose();
    u = next;
  }
  return u;
}
