/**
 * The 2-D wave equation by leapfrog, next = 2u − prev + c²·Δu (c² = (c·dt/h)², stable for
 * c² ≤ 1/2): one kernel of two time levels, u and prev. 'constant' boundaries (cval 0) are fixed
 * walls that reflect the waves.
 * Run: `npx tsx examples/wave2d.ts [n=512] [steps=600] [c2=0.25]`; writes out/wave2d.png.
 */
import { Grid, stencil } from '../src/index.js';
import { writeColormapPng } from './image-io.js';

export const waveStep = stencil(
  (u, prev, p) => 2 * u(0, 0) - prev(0, 0) + p.c2 * (u(-1, 0) + u(1, 0) + u(0, -1) + u(0, 1) - 4 * u(0, 0)),
  { name: 'waveStep', params: ['c2'], boundary: 'constant', cval: 0 },
);

/** Two time levels: the field now and one step before. */
export interface WaveState {
  u: Grid<'float64'>;
  prev: Grid<'float64'>;
}

/** Gaussian pulses of width w at the given centres, at rest (prev = u). */
export function pulses(n: number, centres: readonly (readonly [number, number])[], w: number): WaveState {
  const u = Grid.fromFunction([n, n], 'float64', (i, j) => centres.reduce((s, [ci, cj]) => s + Math.exp(-((i - ci) ** 2 + (j - cj) ** 2) / (2 * w * w)), 0));
  return { u, prev: u.clone() };
}

/** Advances `state` by `steps` in place; returns it. */
export function advance(state: WaveState, steps: number, c2: number, kernel = waveStep): WaveState {
  // Three buffers: an output may not alias an input, even one read only at the centre (prev).
  let spare = Grid.zeros(state.u.shape, 'float64');
  for (let s = 0; s < steps; s++) {
    kernel(state.u, state.prev, { params: { c2 }, out: spare });
    [state.prev, state.u, spare] = [state.u, spare, state.prev];
  }
  return state;
}

/** The field after `steps` from two off-centre pulses on an n×n grid. */
export function simulateWave(n: number, steps: number, c2 = 0.25, kernel = waveStep): Grid<'float64'> {
  return advance(pulses(n, [[0.4 * n, 0.35 * n], [0.6 * n, 0.7 * n]], n / 80 + 1), steps, c2, kernel).u;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 512);
  const steps = Number(process.argv[3] ?? 600);
  const c2 = Number(process.argv[4] ?? 0.25);
  const t0 = performance.now();
  const u = simulateWave(n, steps, c2);
  const ms = performance.now() - t0;
  const peak = u.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  writeColormapPng('out/wave2d.png', u, { colormap: 'turbo', min: -peak, max: peak });
  console.log(`wave2d ${n}×${n}, ${steps} steps, c² ${c2}, ${waveStep.specializer.backend.name} backend: ${ms.toFixed(0)} ms; max |u| ${peak.toFixed(3)}; wrote out/wave2d.png`);
}
