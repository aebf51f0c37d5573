/**
 * A Poisson solver, −Δu = f on the unit square with u = 0 on the boundary, by Jacobi iteration
 * written in Sepya's class form (paper 000, Figure 1). The grid holds the n×n unknowns only; the
 * zero Dirichlet boundary is the 'constant' boundary mode with cval 0. The right-hand side is
 * manufactured: u*(i, j) = sin(π(i+1)h)·sin(π(j+1)h) is an eigenvector of the discrete Laplacian,
 * so with f = λ·u* the exact discrete solution is u* itself.
 * Run: `npx tsx examples/jacobi-solver.ts [n=128] [iterations=30000]`; writes out/jacobi-solver.png.
 */
import { Grid, StencilKernel, stencil, type GridView, type StencilKernelOptions } from '../src/index.js';
import { writeColormapPng } from './image-io.js';

/** One Jacobi sweep: out = (Σ neighbours of u + h²·f) / 4. */
export class PoissonJacobi extends StencilKernel<Grid> {
  override neighborhoods = [[[0, -1], [0, 1], [-1, 0], [1, 0]]];
  override params = ['h2'];
  h2 = 1;
  constructor(options: StencilKernelOptions = {}) {
    super({ boundary: 'constant', cval: 0, ...options });
  }
  kernel(u: GridView, f: GridView, out: GridView) {
    for (const x of this.points(out)) {
      out[x] = 0.25 * this.h2 * f[x];
      for (const y of this.neighbors(x, 0)) out[x] += 0.25 * u[y];
    }
  }
}
export const jacobiSweep = new PoissonJacobi();

/** The residual f + Δ_h u of the discrete problem. */
export const poissonResidual = stencil(
  (u, f, p) => f(0, 0) + (u(0, -1) + u(0, 1) + u(-1, 0) + u(1, 0) - 4 * u(0, 0)) / p.h2,
  { name: 'poissonResidual', params: ['h2'], boundary: 'constant', cval: 0 },
);

export interface PoissonProblem {
  readonly h: number;
  /** The exact discrete solution. */
  readonly exact: Grid<'float64'>;
  readonly f: Grid<'float64'>;
}

export function manufactured(n: number): PoissonProblem {
  const h = 1 / (n + 1);
  const lambda = (8 / (h * h)) * Math.sin((Math.PI * h) / 2) ** 2;
  const exact = Grid.fromFunction([n, n], 'float64', (i, j) => Math.sin(Math.PI * (i + 1) * h) * Math.sin(Math.PI * (j + 1) * h));
  const f = Grid.from<'float64'>(exact.data.map((v) => lambda * v), [n, n]);
  return { h, exact, f };
}

export function l2(g: Grid): number {
  let s = 0;
  for (const v of g.data) s += v * v;
  return Math.sqrt(s / g.size);
}

export function maxError(a: Grid, b: Grid): number {
  let e = 0;
  for (let i = 0; i < a.size; i++) e = Math.max(e, Math.abs(a.data[i] - b.data[i]));
  return e;
}

/** `iterations` Jacobi sweeps from u = 0; `onResidual` sees the residual's RMS every `every` sweeps. */
export function solvePoisson(n: number, iterations: number, onResidual?: (k: number, rms: number) => void, every = 1): { u: Grid<'float64'>; problem: PoissonProblem } {
  const problem = manufactured(n);
  const params = { h2: problem.h ** 2 };
  let u = Grid.zeros([n, n], 'float64');
  let next = Grid.zeros([n, n], 'float64');
  for (let k = 1; k <= iterations; k++) {
    jacobiSweep(u, problem.f, { params, out: next });
    [u, next] = [next, u];
    if (onResidual && k % every === 0) onResidual(k, l2(poissonResidual(u, problem.f, { params }) as Grid));
  }
  return { u, problem };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 128);
  const iterations = Number(process.argv[3] ?? 30000);
  const t0 = performance.now();
  const { u, problem } = solvePoisson(n, iterations);
  const ms = performance.now() - t0;
  const rms = l2(poissonResidual(u, problem.f, { params: { h2: problem.h ** 2 } }));
  writeColormapPng('out/jacobi-solver.png', u, { colormap: 'viridis' });
  console.log(`jacobi-solver ${n}×${n}, ${iterations} sweeps, ${jacobiSweep.specializer.backend.name} backend: ${ms.toFixed(0)} ms; residual ${rms.toExponential(2)}, max error ${maxError(u, problem.exact).toExponential(2)}; wrote out/jacobi-solver.png`);
}
