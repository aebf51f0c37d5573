/**
 * The bench's stencils, each with its sejits kernel, its hand-written loop, and its
 * scipy.ndimage.correlate weights (or why scipy has no equivalent). All use `nearest`, the mode the
 * hand-written loops implement.
 */
import { stencil, type StencilFunction } from '../src/index.js';
import { bilateral } from '../examples/bilateral.js';
import { bilateralHand, blur3x3Hand, jacobi2dHand, seven3dHand, type HandLoop } from './hand-written.js';

export interface BenchCase {
  readonly id: string;
  readonly title: string;
  readonly ndim: 2 | 3;
  /** Default edge lengths: the grid is size^ndim. */
  readonly sizes: readonly number[];
  readonly kernel: StencilFunction;
  readonly params?: Readonly<Record<string, number>>;
  /** Statics the kernel was specialized with (the hand-written C bilateral needs sigmaD). */
  readonly statics?: { readonly sigmaD?: number };
  readonly hand: HandLoop;
  /** Dense correlation weights (ndim-deep nested arrays), or why scipy has no equivalent. */
  readonly scipy: { readonly weights: unknown } | { readonly unavailable: string };
}

const SIGMA_D = 3;
const SIGMA_R = 0.1;

export const BENCH_CASES: readonly BenchCase[] = [
  {
    id: 'jacobi2d',
    title: '2-D 5-point Jacobi',
    ndim: 2,
    sizes: [2048, 4096],
    kernel: stencil((a) => 0.25 * (a(0, -1) + a(0, 1) + a(-1, 0) + a(1, 0)), { name: 'jacobi2d', boundary: 'nearest' }),
    hand: jacobi2dHand,
    scipy: { weights: [[0, 0.25, 0], [0.25, 0, 0.25], [0, 0.25, 0]] },
  },
  {
    id: 'blur3x3',
    title: '3×3 binomial blur',
    ndim: 2,
    sizes: [2048, 4096],
    kernel: stencil(
      (a) => (a(-1, -1) + 2 * a(-1, 0) + a(-1, 1) + 2 * (a(0, -1) + 2 * a(0, 0) + a(0, 1)) + a(1, -1) + 2 * a(1, 0) + a(1, 1)) / 16,
      { name: 'blur3x3', boundary: 'nearest' },
    ),
    hand: blur3x3Hand,
    scipy: { weights: [[1, 2, 1], [2, 4, 2], [1, 2, 1]].map((r) => r.map((w) => w / 16)) },
  },
  {
    id: 'bilateral',
    title: `bilateral filter ${4 * SIGMA_D + 1}×${4 * SIGMA_D + 1} (paper 004, Listing 1)`,
    ndim: 2,
    sizes: [2048, 4096],
    kernel: bilateral.with({ boundary: 'nearest', statics: { sigmaD: SIGMA_D } }),
    params: { sigmaR: SIGMA_R },
    statics: { sigmaD: SIGMA_D },
    hand: bilateralHand(SIGMA_D, SIGMA_R),
    scipy: { unavailable: 'scipy.ndimage has no bilateral filter (generic_filter would time a Python callback, not scipy)' },
  },
  {
    id: 'seven3d',
    title: '3-D 7-point Laplacian',
    ndim: 3,
    sizes: [256],
    kernel: stencil(
      (a) => (a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -1) + a(0, 0, 1) - 6 * a(0, 0, 0)) / 6,
      { name: 'seven3d', boundary: 'nearest' },
    ),
    hand: seven3dHand,
    scipy: {
      weights: [
        [[0, 0, 0], [0, 1 / 6, 0], [0, 0, 0]],
        [[0, 1 / 6, 0], [1 / 6, -1, 1 / 6], [0, 1 / 6, 0]],
        [[0, 0, 0], [0, 1 / 6, 0], [0, 0, 0]],
      ],
    },
  },
];
