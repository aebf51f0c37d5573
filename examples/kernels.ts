/** Kernels for `sejits show examples/kernels.ts`: both forms, 2-D and 3-D. */
import { StencilKernel, stencil, type GridView } from '../src/index.js';

export const laplacian = stencil((a) => a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0) - 4 * a(0, 0), { boundary: 'nearest' });

export const sevenPoint = stencil(
  (a) => (a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -1) + a(0, 0, 1) - 6 * a(0, 0, 0)) / 6,
  { boundary: 'reflect' },
);

/** Paper 000, Figure 1. */
export class Jacobi extends StencilKernel {
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
