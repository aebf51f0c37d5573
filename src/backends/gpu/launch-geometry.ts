/**
 * A launch's geometry for a GPU kernel of render-gpu.ts: the scalar arguments (extents, interior
 * box, region fallback, blocks per axis) and the number of blocks, the same for OpenCL and CUDA.
 * Cached per planned box list, which the stencil specializer keeps per shape.
 */
import { KernelArgumentError } from '../../errors.js';
import type { LoopProgram } from '../../ir/kernel.js';
import { interiorBox } from '../../stencil/boundary.js';
import type { Launch, LaunchBox } from '../types.js';
import type { StrategyChooser } from './tuner.js';
import { FALLBACK_FACES, FALLBACK_SKIP, renderedRegions } from './render-gpu.js';
import { blockExtent, threadsPerBlock, type KernelStrategy } from './strategy.js';
import { streamPartition } from './stream-plan.js';

/** Index arithmetic width: 32-bit for grids under 2^31 points, 64-bit beyond. */
export type IndexWidth = 'narrow' | 'wide';

export interface Geometry {
  /** The kernel's scalar arguments in scalarArguments() order. */
  readonly ints: readonly number[];
  readonly blocks: number;
  readonly threads: number;
  readonly width: IndexWidth;
}

/** Blocks are numbered by one 32-bit index (CUDA's grid x limit is 2^31 - 1). */
const MAX_BLOCKS = 2 ** 31 - 1;

export function launchGeometry(program: LoopProgram, strategy: KernelStrategy, shape: readonly number[], boxes: readonly LaunchBox[]): Geometry {
  const E = blockExtent(strategy);
  const nb = shape.map((n, a) => Math.ceil(n / E[a]));
  // Register streaming: the blocks of strips, then the frame's tiles (the kernel splits the same way).
  const blocks = strategy.stream ? streamPartition(shape, E, program.reach, strategy.stream, threadsPerBlock(strategy)).blocks : nb.reduce((a, b) => a * b, 1);
  if (blocks > MAX_BLOCKS) throw new KernelArgumentError(`${program.name}: a grid of [${shape.join(', ')}] needs ${blocks} blocks of ${E.join('×')} points, more than the ${MAX_BLOCKS} one launch can number`);
  const { lo, hi, fallback } = regionArguments(program, shape, boxes);
  // Threads beyond the grid still compute their (rounded-up) first point's index.
  const reach = E.map((e, a) => nb[a] * e);
  const points = reach.reduce((a, b) => a * b, 1);
  return { ints: [...shape, ...lo, ...hi, fallback, ...nb], blocks, threads: threadsPerBlock(strategy), width: points < 2 ** 31 - 4096 ? 'narrow' : 'wide' };
}

/** What a backend works out on the first launch of a program over a set of boxes. */
export interface PlannedLaunch<K> {
  readonly strategy: KernelStrategy;
  readonly geometry: Geometry;
  readonly kernel: K;
}

/**
 * A launch's strategy (the chooser's, unless the tuner names one), its geometry, and the kernel
 * `kernelFor` builds for it and the index width the grid needs (64-bit throughout with `wideIndex`).
 */
export function planLaunch<K>(
  chooser: StrategyChooser,
  program: LoopProgram,
  launch: Pick<Launch<unknown>, 'shape' | 'boxes'>,
  wideIndex: boolean,
  kernelFor: (strategy: KernelStrategy, width: IndexWidth) => K,
  strategy = chooser.choose(program, launch.shape).strategy,
): PlannedLaunch<K> {
  const geometry = launchGeometry(program, strategy, launch.shape, launch.boxes);
  return { strategy, geometry, kernel: kernelFor(strategy, wideIndex ? 'wide' : geometry.width) };
}

/**
 * The interior box and `fallback` for the kernel's region test, from the host's region plan: one
 * box over the whole grid names its region for every point (unsplit or too small to split);
 * 'interior' mode skips points outside the interior box; otherwise faces are chosen per point.
 */
export function regionArguments(program: LoopProgram, shape: readonly number[], boxes: readonly LaunchBox[]): { lo: number[]; hi: number[]; fallback: number } {
  const whole = boxes.length === 1 && boxes[0].lo.every((v) => v === 0) && boxes[0].hi.every((v, a) => v === shape[a]);
  if (whole) {
    // A region the kernel has no code for runs as the fully folded one, which is right everywhere.
    const { rendered, full } = renderedRegions(program);
    const region = rendered.has(boxes[0].region) || full === undefined ? boxes[0].region : full;
    return { lo: shape.map(() => 0), hi: shape.map(() => 0), fallback: region };
  }
  const box = interiorBox(shape, program.reach);
  return { lo: [...box.lo], hi: [...box.hi], fallback: program.boundary === 'interior' ? FALLBACK_SKIP : FALLBACK_FACES };
}
