/**
 * Paper 000's Figure 4 as a plain TypeScript function: x ← D·(b − J(x)) for a Jacobi stencil J,
 * composed of a stencil and two elementwise ops. meta() traces it once, finds the loop's repeating
 * block, fuses each iteration's three calls into one kernel (reading x, D and b, writing x'),
 * keeps intermediates off memory and ping-pongs two buffers. `depth: 1` keeps the paper's one kernel
 * per iteration; without it meta also blocks iterations in time (staged kernels, several iterations
 * per pass over memory) on backends that run them, at the depth a heuristic or tune() picks.
 * Run: `npx tsx examples/meta-solver.ts [n=512] [iterations=200] [backend=auto]`.
 */
import { Grid, meta, mul, stencil, sub } from '../src/index.js';

export const jacobi = stencil((a) => 0.1 * (a(0, -1) + a(0, 1)) + 0.3 * (a(-1, 0) + a(1, 0)), { name: 'jacobi' });

/** The unfused reference: every call runs on its own. */
export function solveSteps(D: Grid, b: Grid, x: Grid, iterations: number): Grid {
  for (let i = 0; i < iterations; i++) x = mul(D, sub(b, jacobi(x)));
  return x;
}

export const solve = meta(solveSteps, { name: 'solve', depth: 1, exampleArgs: () => [...Object.values(problem(64)), 1000] });

export function problem(n: number, dtype: 'float32' | 'float64' = 'float32'): { D: Grid; b: Grid; x: Grid } {
  const D = Grid.fromFunction([n, n], dtype, (i, j) => 0.9 + 0.05 * Math.cos(i + j));
  const b = Grid.fromFunction([n, n], dtype, (i, j) => Math.sin((i * 3.1) / n) + Math.cos((j * 2.3) / n));
  const x = Grid.zeros([n, n], dtype);
  return { D, b, x };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 512);
  const iterations = Number(process.argv[3] ?? 200);
  const backend = process.argv[4];
  const run = backend ? meta((D: Grid, b: Grid, x: Grid, k: number) => {
    const J = jacobi.with({ backend });
    const m = mul.with({ backend });
    const s = sub.with({ backend });
    for (let i = 0; i < k; i++) x = m(D, s(b, J(x)));
    return x;
  }, { name: 'solve', depth: 1 }) : solve;
  const { D, b, x } = problem(n);
  const t0 = performance.now();
  const out = run(D, b, x, iterations);
  let sum = 0;
  for (const v of out.data) sum += v;
  console.log(`solve ${n}² × ${iterations}: ${(performance.now() - t0).toFixed(1)} ms (first call, with compile); checksum ${sum.toFixed(4)}`);
  console.log(run.explain());
}
