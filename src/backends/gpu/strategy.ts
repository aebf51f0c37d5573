/**
 * How a GPU kernel maps points to threads, shared by the OpenCL and CUDA backends (and the tuner):
 *
 * - `group`: threads per block (work-group), per grid axis (axis 0 slowest).
 * - `points`: points each thread computes, per axis. Several along axis 0 is register streaming:
 *   a thread walks down its rows (planes in 3-D) and reuses every value it loaded for the rows
 *   around it. Several along the last axis are consecutive points, loaded with 16-byte (or
 *   narrower) vector loads when `vector` is set.
 * - `tiles`: the interior stages its inputs in block-shared memory with halos (paper 000, Figure
 *   2); only with one point per thread.
 * - `foldLast`: every thread whose points lie inside the interior on all axes but the last runs one
 *   body that folds the last axis's taps (a select per tap), so the threads on the rows' ends run
 *   the same instructions as their warp instead of a divergent checked path. Short rows (a 512³
 *   grid's) put a row end in one warp of every eight; there this is worth 7% of the time.
 *
 * Every strategy covers every region in one launch: a block (tiles) or a thread (otherwise) whose
 * points all lie in the interior box runs the unchecked body, anything else picks each point's
 * region. That test costs a few integer compares per thread, which is why this design keeps one
 * launch where the C backend runs a loop nest per region box.
 */
import { interiorRegion, type LoopProgram } from '../../ir/kernel.js';
import { forEachExpr } from '../../ir/visitor.js';
import { lowerBoundary } from '../../passes/lower-boundary.js';
import type { Stmt } from '../../ir/nodes.js';
import { rowVariant } from '../../stencil/regions.js';
import { constantShifts } from '../tap-offsets.js';
import { stagedCandidates, stagedHeuristic, stagedInapplicable } from './staged-strategy.js';
import { parseStreamKey, streamKey, type StreamShape } from './stream-plan.js';

export interface KernelStrategy {
  readonly group: readonly number[];
  readonly points: readonly number[];
  readonly vector: boolean;
  readonly tiles: boolean;
  readonly foldLast?: boolean;
  /**
   * Staged programs only: stream the tiles inside the grid in registers (stream-plan.ts), the
   * group and points giving the frame's tiles. By warp shuffles on CUDA, or (`loads`) on cuda and opencl.
   */
  readonly stream?: StreamShape;
}

/** What the device allows, from the backend's device query. */
export interface DeviceLimits {
  readonly maxGroupSize: number;
  /** Block-shared (local) memory per block. */
  readonly sharedMemBytes: number;
  /** Bytes of a staged program's field cell where the backend fixes it (WGSL's f32); else the compute type's. */
  readonly fieldBytes?: number;
  /** Whether kernels may exchange registers within a warp (CUDA's shuffles): register streaming by shuffles needs them. */
  readonly shuffles?: boolean;
  /** Whether the backend renders register streaming at all (its kernels are C-like: cuda and opencl, not WGSL). */
  readonly streaming?: boolean;
  /** Streaming multiprocessors (compute units), where the backend knows them: the first call sizes strips by them. */
  readonly multiprocessors?: number;
}

/** The most taps (reads per point × points per thread) the tuner unrolls into one thread. */
const MAX_UNROLLED_TAPS = 512;

/** Threads per block of the one-point strategies: 256, 32 along the contiguous axis. */
export const DEFAULT_GROUPS: Readonly<Record<number, readonly number[]>> = { 1: [256], 2: [8, 32], 3: [2, 4, 32] };

export function strategyKey(s: KernelStrategy): string {
  const kind = s.tiles ? 'tiles' : s.vector ? 'vector' : 'scalar';
  return `${kind} g${s.group.join('x')} p${s.points.join('x')}${s.foldLast ? ' fold' : ''}${s.stream ? streamKey(s.stream) : ''}`;
}

/** The inverse of strategyKey (tuning records store the key). */
export function parseStrategyKey(key: string): KernelStrategy | undefined {
  const m = /^(tiles|vector|scalar) g([\dx]+) p([\dx]+)( fold)?( stream .*)?$/.exec(key);
  if (!m) return undefined;
  const stream = m[5] ? parseStreamKey(m[5]) : undefined;
  if (m[5] && !stream) return undefined;
  const group = m[2].split('x').map(Number);
  const points = m[3].split('x').map(Number);
  if (group.length !== points.length || [...group, ...points].some((v) => !Number.isInteger(v) || v < 1)) return undefined;
  return { group, points, vector: m[1] === 'vector', tiles: m[1] === 'tiles', ...(m[4] ? { foldLast: true } : {}), ...(stream ? { stream } : {}) };
}

export function threadsPerBlock(s: KernelStrategy): number {
  return s.group.reduce((a, b) => a * b, 1);
}

/** Points one block covers per axis. */
export function blockExtent(s: KernelStrategy): number[] {
  return s.group.map((g, a) => g * s.points[a]);
}

/** The one-point strategy with the default (or a given) block shape. */
export function directStrategy(ndim: number, group?: readonly number[], tiles = false): KernelStrategy {
  return { group: [...(group ?? DEFAULT_GROUPS[ndim])], points: new Array<number>(ndim).fill(1), vector: false, tiles };
}

/**
 * Why a strategy cannot run a program on a shape (undefined when it can). Vector loads need the
 * last extent to be a multiple of the points per thread, so that every thread's run of points
 * starts on an aligned address.
 */
export function inapplicable(s: KernelStrategy, program: LoopProgram, shape: readonly number[] | undefined, limits: DeviceLimits): string | undefined {
  const d = program.ndim;
  if (s.group.length !== d || s.points.length !== d) return `it is for ${s.group.length}-D grids`;
  if (program.staged) return stagedInapplicable(s, program, limits, shape);
  if (s.stream) return 'only staged programs stream';
  if (threadsPerBlock(s) > limits.maxGroupSize) return `${threadsPerBlock(s)} threads per block exceed the device's ${limits.maxGroupSize}`;
  const multi = s.points.some((p) => p > 1);
  if (s.tiles && multi) return 'tiles take one point per thread';
  if ((s.tiles || multi || s.foldLast) && !interiorRegion(program)) return 'the program has no unchecked interior (generic mode)';
  if (s.foldLast && s.tiles) return 'tiles do not fold rows';
  if (s.foldLast && !rowBody(program)) return 'the program has no row variant to fold (1-D, or the last axis is read at offset 0 only)';
  if (s.vector) {
    const v = s.points[d - 1];
    if (![2, 4, 8].includes(v)) return 'vector loads take 2, 4 or 8 points along the last axis';
    if (shape && shape[d - 1] % v !== 0) return `the last extent ${shape[d - 1]} is not a multiple of ${v}`;
  }
  return undefined;
}

const inputShifts = new WeakMap<LoopProgram, readonly (readonly number[])[][]>();

/**
 * The distinct constant shifts at which the interior reads each input, in first-read order (empty
 * lists without an interior): what tiles stage, what register streaming loads, what strategies cost.
 */
export function interiorInputShifts(program: LoopProgram): readonly (readonly number[])[][] {
  let found = inputShifts.get(program);
  if (!found) inputShifts.set(program, (found = inputShiftsOf(program, interiorRegion(program)?.body ?? [])));
  return found;
}

/** The distinct constant shifts at which a body reads each input, in first-read order. */
export function inputShiftsOf(program: LoopProgram, body: readonly Stmt[]): (readonly number[])[][] {
  const lists: number[][][] = program.inputs.map(() => []);
  const seen = new Set<string>();
  forEachExpr(body, (e) => {
    if (e.kind !== 'load' || e.grid.role !== 'input') return;
    const s = constantShifts(e.coords);
    const key = `${e.grid.index}:${s?.join(',')}`;
    if (!s || seen.has(key)) return;
    seen.add(key);
    lists[e.grid.index].push(s);
  });
  return lists;
}

const rowBodies = new WeakMap<LoopProgram, readonly Stmt[] | null>();

/**
 * The body of `foldLast` strategies: the point body lowered for rowVariant (only the last axis
 * checked), or undefined when the program has no such variant (1-D, generic, 'interior' mode, or a
 * last axis read at offset 0 only).
 */
export function rowBody(program: LoopProgram): readonly Stmt[] | undefined {
  let found = rowBodies.get(program);
  if (found === undefined) {
    const variant = rowVariant(program.ndim, program.reach);
    const usable = variant && program.split && program.pointBody && program.boundary !== 'interior';
    found = usable ? lowerBoundary(program.pointBody!, variant, program.boundary, program.cval ?? 0) : null;
    rowBodies.set(program, found);
  }
  return found ?? undefined;
}

/** The distinct input points the interior reads. */
export function interiorTaps(program: LoopProgram): number {
  return interiorInputShifts(program).reduce((n, list) => n + list.length, 0);
}

/**
 * The first call's choice, before any tuning, from the tuner's winners on an H100
 * (bench/results/bench-2026-11-23-gpu-h100.md): small 2-D stencils take two rows and two points
 * per thread with 8-byte vectors, wider ones 4×4 points; 3-D ones stream four planes with vectors
 * along the contiguous axis and fold the rows' ends in the same body (0.89 of the copy at 512³,
 * against 0.79 with a checked path for the threads on the rows' ends); windows of more than 32
 * taps keep one point per thread, whose registers would otherwise spill.
 */
export function heuristicStrategy(program: LoopProgram, shape: readonly number[], limits: DeviceLimits): KernelStrategy {
  const d = program.ndim;
  if (program.staged) return stagedHeuristic(program, limits, shape);
  const direct = directStrategy(d);
  const taps = interiorTaps(program);
  if (!interiorRegion(program) || taps === 0 || taps > 32) return fit(direct, program, shape, limits);
  const small = taps <= 9;
  const byDim: Record<number, KernelStrategy> = {
    1: { group: [128], points: [4], vector: true, tiles: false },
    2: small ? { group: [2, 64], points: [2, 2], vector: true, tiles: false } : { group: [4, 32], points: [4, 4], vector: true, tiles: false },
    3: { group: [1, 4, 32], points: [4, 1, 2], vector: true, tiles: false, foldLast: true },
  };
  const s = byDim[d];
  const unfolded = { group: s.group, points: s.points, vector: s.vector, tiles: s.tiles };
  // An odd last extent: the same rows, one point along it.
  const scalarRows = { ...s, points: s.points.map((p, a) => (a === d - 1 ? 1 : p)), vector: false };
  for (const c of [s, unfolded, scalarRows]) if (inapplicable(c, program, shape, limits) === undefined) return c;
  return fit({ ...scalarRows, foldLast: undefined }, program, shape, limits);
}

/** The strategy itself when it applies, else the default one-point strategy, shrunk to the device. */
function fit(s: KernelStrategy, program: LoopProgram, shape: readonly number[], limits: DeviceLimits): KernelStrategy {
  if (inapplicable(s, program, shape, limits) === undefined) return s;
  return directStrategy(program.ndim, shrinkGroup([...DEFAULT_GROUPS[program.ndim]], limits.maxGroupSize));
}

/** Halves the slowest axes of a group until the device allows its size. */
export function shrinkGroup(group: number[], maxGroupSize: number): number[] {
  const size = () => group.reduce((a, b) => a * b, 1);
  for (let a = 0; size() > maxGroupSize && a < group.length; ) {
    if (group[a] > 1) group[a] = Math.ceil(group[a] / 2);
    else a++;
  }
  return group;
}

/**
 * The tuner's search space for a program and shape: one-point blocks of several shapes, with and
 * without tiles, and row streaming with several rows per thread, with and without vector loads.
 */
export function candidateStrategies(program: LoopProgram, shape: readonly number[], limits: DeviceLimits): KernelStrategy[] {
  const d = program.ndim;
  if (program.staged) return stagedCandidates(program, limits, shape);
  const out = new Map<string, KernelStrategy>();
  // Unrolled bodies beyond this many taps per thread compile slowly and spill registers.
  const taps = interiorTaps(program);
  // Rows short enough that their ends fall in one warp of every 64 or more also try folding them.
  const foldToo = d >= 2 && shape[d - 1] <= 2048;
  const add = (s: KernelStrategy) => {
    const points = s.points.reduce((a, b) => a * b, 1);
    if (points > 1 && taps * points > MAX_UNROLLED_TAPS) return;
    const folded = { ...s, foldLast: true };
    const foldApplies = foldToo && !s.tiles && inapplicable(folded, program, shape, limits) === undefined;
    // In 3-D the folded twin won for every strategy measured on a 512³ grid: the plain one is left out.
    if (foldApplies) out.set(strategyKey(folded), folded);
    if ((!foldApplies || d < 3) && inapplicable(s, program, shape, limits) === undefined) out.set(strategyKey(s), s);
  };
  const groups: Record<number, number[][]> = {
    1: [[128], [256], [512]],
    2: [[8, 32], [4, 64], [16, 16], [2, 128], [1, 256]],
    3: [[2, 4, 32], [1, 8, 32], [4, 4, 16], [1, 4, 64]],
  };
  const tileGroups: Record<number, number[][]> = { 1: [[256]], 2: [[8, 32], [16, 16]], 3: [[2, 4, 32], [4, 4, 16]] };
  const multiGroups: Record<number, number[][]> = {
    1: [[64], [128], [256]],
    2: [[1, 64], [2, 64], [4, 32], [1, 256]],
    3: [[1, 4, 32], [1, 8, 32], [1, 2, 64], [2, 4, 32], [1, 4, 64]],
  };
  for (const g of groups[d]) add(directStrategy(d, g));
  for (const g of tileGroups[d]) add(directStrategy(d, g, true));
  // Rows streamed along axis 0 and points along the last axis (the same axis in 1-D).
  const rowsChoices = d === 1 ? [1] : [1, 2, 4, 8];
  for (const g of multiGroups[d]) {
    for (const rows of rowsChoices) {
      for (const v of d === 1 ? [2, 4, 8] : [1, 2, 4]) {
        // 3-D blocks also take two rows along the middle axis, whose halo rows then load once.
        for (const middle of d === 3 && rows <= 4 ? [1, 2] : [1]) {
          const points = new Array<number>(d).fill(1);
          points[0] = rows;
          if (d === 3) points[1] = middle;
          points[d - 1] = v;
          add({ group: g, points, vector: false, tiles: false });
          if (v > 1) add({ group: g, points, vector: true, tiles: false });
        }
      }
    }
  }
  return [...out.values()];
}

/**
 * The shape class a tuning result is kept for: the dimensionality, each extent's power-of-two
 * bucket, and whether the last extent admits 4-wide vectors. Shapes in one class share a winner.
 */
export function shapeClass(shape: readonly number[]): string {
  const buckets = shape.map((n) => (n <= 1 ? 0 : Math.round(Math.log2(n))));
  const last = shape[shape.length - 1];
  return `${shape.length}d:${buckets.join('x')}:${last % 4 === 0 ? 'v4' : last % 2 === 0 ? 'v2' : 'v1'}`;
}
