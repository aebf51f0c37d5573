/**
 * Strategies of staged programs (ir/staged.ts) on the GPU backends: one block per tile, the tile
 * being the block's extent (group × points), its fields in block-shared memory. A strategy applies
 * when its fields fit the device's shared memory; points only enlarge the tile (every stage's
 * points are shared out among the block's threads), so they trade halo recomputation against
 * threads per block. Vectors, tiles of inputs and folded rows do not apply.
 */
import { bytesPerElement } from '../../dtype.js';
import type { LoopProgram } from '../../ir/kernel.js';
import { stagedGeometry } from './staged-loop.js';
import type { DeviceLimits, KernelStrategy } from './strategy.js';
import { BackendUnavailableError } from '../../errors.js';

/** Why a strategy cannot run a staged program (undefined when it can). */
export function stagedInapplicable(s: KernelStrategy, program: LoopProgram, limits: DeviceLimits): string | undefined {
  const spec = program.staged!;
  if (s.vector || s.tiles || s.foldLast) return 'staged programs take neither vectors, input tiles nor folded rows';
  const threads = s.group.reduce((a, b) => a * b, 1);
  if (threads > limits.maxGroupSize) return `${threads} threads per block exceed the device's ${limits.maxGroupSize}`;
  const tile = s.group.map((g, a) => g * s.points[a]);
  const cells = stagedGeometry(spec, tile, threads, program.inputs.length).layout.cells.reduce((a, b) => a + b, 0);
  const bytes = cells * fieldBytes(program, limits);
  if (bytes > limits.sharedMemBytes) return `the fields of a ${tile.join('×')} tile take ${bytes} bytes, more than the device's ${limits.sharedMemBytes} of shared memory per block`;
  return undefined;
}

/** Bytes of one field cell: the compute type's, unless the backend stores fields in its own (WGSL: f32). */
function fieldBytes(program: LoopProgram, limits: DeviceLimits): number {
  return limits.fieldBytes ?? bytesPerElement(program.compute);
}

function strategy(group: readonly number[], points: readonly number[]): KernelStrategy {
  return { group: [...group], points: [...points], vector: false, tiles: false };
}

/**
 * The first call's choice, in order of preference: wide tiles (32×64 points in 2-D, 4×8×64 in 3-D)
 * on 256 threads, whose rows are read in whole cache lines and whose halos cost little against
 * their points; then smaller tiles until the fields fit (deep chains of wide stencils have wide
 * halos). On the H100, 16×32 tiles ran two fused Laplacians slower than two separate launches.
 */
const PREFERRED: Readonly<Record<number, readonly KernelStrategy[]>> = {
  1: [strategy([256], [8]), strategy([256], [4]), strategy([256], [2]), strategy([256], [1]), strategy([128], [1]), strategy([64], [1]), strategy([32], [1])],
  2: [
    strategy([8, 32], [4, 2]),
    strategy([8, 32], [2, 2]),
    strategy([8, 32], [2, 1]),
    strategy([8, 32], [1, 1]),
    strategy([4, 32], [1, 1]),
    strategy([2, 32], [1, 1]),
    strategy([1, 32], [1, 1]),
    strategy([1, 16], [1, 1]),
    strategy([1, 8], [1, 1]),
  ],
  3: [
    strategy([1, 4, 64], [4, 2, 1]),
    strategy([1, 8, 32], [4, 1, 1]),
    strategy([2, 4, 32], [1, 1, 1]),
    strategy([1, 4, 32], [1, 1, 1]),
    strategy([1, 2, 32], [1, 1, 1]),
    strategy([1, 1, 32], [1, 1, 1]),
    strategy([1, 1, 16], [1, 1, 1]),
    strategy([1, 1, 8], [1, 1, 1]),
  ],
};

/**
 * The heuristic strategy of a staged program: the first preferred one whose fields fit, else the
 * smallest (which then cannot run: stagedFits was false, so meta did not plan the program).
 */
export function stagedHeuristic(program: LoopProgram, limits: DeviceLimits): KernelStrategy {
  const list = PREFERRED[program.ndim] ?? [strategy(new Array<number>(program.ndim).fill(1), new Array<number>(program.ndim).fill(1))];
  return list.find((s) => stagedInapplicable(s, program, limits) === undefined) ?? list[list.length - 1];
}

/**
 * The least share of its own points among the cells a tile's first stage computes for a staged
 * program to be worth running: below it, the halos' recomputation (deep chains, 3-D tiles shrunk
 * to fit) outweighs the memory traffic saved, and meta plans a shallower depth instead. A
 * heuristic, not yet measured on a GPU.
 */
const MIN_TILE_SHARE = 0.25;

/** Whether the heuristic strategy holds the program's fields on chip with halos worth their cost. */
export function stagedFits(program: LoopProgram, limits: DeviceLimits): boolean {
  const s = stagedHeuristic(program, limits);
  if (stagedInapplicable(s, program, limits) !== undefined) return false;
  const tile = s.group.map((g, a) => g * s.points[a]);
  const points = tile.reduce((a, b) => a * b, 1);
  const first = program.staged!.stages[0].halo;
  const cells = tile.reduce((n, t, a) => n * (t + first.lo[a] + first.hi[a]), 1);
  return points / cells >= MIN_TILE_SHARE;
}

/** Most points one tile may hold in the tuner's search space (larger tiles starve the SMs of blocks). */
const MAX_TILE_POINTS = 8192;

/**
 * A backend's stagedFits: `fits` on the limits of its device, started for them. A device that
 * cannot start runs nothing, so nothing fits and meta plans without staged kernels.
 */
export function stagedFitsOnDevice(program: LoopProgram, limits: () => DeviceLimits, fits: (p: LoopProgram, l: DeviceLimits) => boolean = stagedFits): boolean {
  try {
    return fits(program, limits());
  } catch (e) {
    if (e instanceof BackendUnavailableError) return false;
    throw e;
  }
}

/** The tuner's search space: block shapes × points along the first and last axes, those whose fields fit. */
export function stagedCandidates(program: LoopProgram, limits: DeviceLimits): KernelStrategy[] {
  const d = program.ndim;
  const groups: Record<number, number[][]> = {
    1: [[64], [128], [256], [512]],
    2: [[8, 32], [16, 32], [4, 64], [8, 64], [2, 128], [4, 128], [32, 32]],
    3: [[2, 4, 32], [1, 8, 32], [1, 4, 64], [4, 8, 32], [2, 8, 32], [4, 4, 16]],
  };
  // Eight points along the first axis: 32×128 tiles on 256 threads ran three fused Laplacians fastest on the H100.
  const first = d === 3 ? [1, 2, 4] : [1, 2, 4, 8];
  const last = d === 1 ? [1] : [1, 2];
  const out: KernelStrategy[] = [];
  const seen = new Set<string>();
  for (const g of groups[d] ?? []) {
    for (const p0 of first) {
      for (const pl of last) {
        const points = new Array<number>(d).fill(1);
        points[0] = p0;
        if (d > 1) points[d - 1] = pl;
        const s = strategy(g, points);
        const tile = g.map((x, a) => x * points[a]);
        const key = tile.join('x') + '/' + g.join('x');
        if (seen.has(key) || tile.reduce((a, b) => a * b, 1) > MAX_TILE_POINTS) continue;
        seen.add(key);
        if (stagedInapplicable(s, program, limits) === undefined) out.push(s);
      }
    }
  }
  const heuristic = stagedHeuristic(program, limits);
  if (!out.some((s) => s.group.join() === heuristic.group.join() && s.points.join() === heuristic.points.join())) out.unshift(heuristic);
  return out;
}
