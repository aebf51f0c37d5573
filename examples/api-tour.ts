/**
 * Every snippet of the README's API section, runnable: `npx tsx examples/api-tour.ts`.
 * test/examples.test.ts runs it too, so the README cannot drift from the API.
 */
import { Grid, StencilKernel, stencil, type GridView } from '../src/index.js';

export function apiTour(n = 64): Record<string, Grid> {
  const laplacian = stencil((a) => a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0) - 4 * a(0, 0), { boundary: 'nearest' });
  const img = Grid.fromFunction([n, n], 'float32', (i, j) => Math.sin(i / 9) * Math.cos(j / 7));
  const out = laplacian(img);
  laplacian(img, { out });

  const gradient = stencil((u) => ({ dy: (u(1, 0) - u(-1, 0)) / 2, dx: (u(0, 1) - u(0, -1)) / 2 }));
  const { dy, dx } = gradient(img);

  const wave = stencil((u, prev, p) => 2 * u(0, 0) - prev(0, 0) + p.c2 * (u(1, 0) + u(-1, 0) + u(0, 1) + u(0, -1) - 4 * u(0, 0)), {
    params: ['c2'],
  });
  const next = wave(img, img, { params: { c2: 0.1 } });

  const closenessMask = (sigmaD: number) =>
    Array.from({ length: 4 * sigmaD + 1 }, (_, i) =>
      Array.from({ length: 4 * sigmaD + 1 }, (_, j) => Math.exp(-0.5 * ((i - 2 * sigmaD) ** 2 + (j - 2 * sigmaD) ** 2) / sigmaD ** 2)),
    );
  const bilateral = stencil(
    (a, p) => {
      const cR = 1 / (2 * p.sigmaR * p.sigmaR);
      let k = 0;
      let s = 0;
      for (let yf = -2 * p.sigmaD; yf <= 2 * p.sigmaD; yf++) {
        for (let xf = -2 * p.sigmaD; xf <= 2 * p.sigmaD; xf++) {
          const diff = a(yf, xf) - a(0, 0);
          const w = Math.exp(-cR * diff * diff) * p.mask[yf + 2 * p.sigmaD][xf + 2 * p.sigmaD];
          k += w;
          s += w * a(yf, xf);
        }
      }
      return s / k;
    },
    { params: ['sigmaR'], statics: { sigmaD: 1 }, precompute: { mask: ({ sigmaD }) => closenessMask(sigmaD) }, boundary: 'reflect' },
  );
  const smooth = bilateral(img, { params: { sigmaR: 0.1 } });

  class Jacobi extends StencilKernel<Grid> {
    override neighborhoods = [
      [[0, -1], [0, 1]],
      [[-1, 0], [1, 0]],
    ];
    kernel(input: GridView, output: GridView) {
      for (const x of this.interiorPoints(output)) {
        for (const y of this.neighbors(x, 0)) output[x] += 0.1 * input[y];
        for (const y of this.neighbors(x, 1)) output[x] += 0.3 * input[y];
      }
    }
  }
  const jacobi = new Jacobi({ backend: 'js' });
  const relaxed = jacobi(img);

  return { out, dy, dx, next, smooth, relaxed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, g] of Object.entries(apiTour())) {
    let sum = 0;
    for (const v of g.data) sum += v;
    console.log(`${name.padEnd(8)} ${g}  mean ${(sum / g.size).toFixed(5)}`);
  }
}
