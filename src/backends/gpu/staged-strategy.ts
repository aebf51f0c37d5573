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
import { streamHalo, streamInapplicable, streamPartition, WARP, type StreamShape } from './stream-plan.js';
import type { DeviceLimits, KernelStrategy } from './strategy.js';
import { BackendUnavailableError } from '../../errors.js';

/** Why a strategy cannot run a staged program (undefined when it can). */
export function stagedInapplicable(s: KernelStrategy, program: LoopProgram, limits: DeviceLimits, shape?: readonly number[]): string | undefined {
  const spec = program.staged!;
  if (s.vector || s.tiles || s.foldLast) return 'staged programs take neither vectors, input tiles nor folded rows';
  const threads = s.group.reduce((a, b) => a * b, 1);
  if (threads > limits.maxGroupSize) return `${threads} threads per block exceed the device's ${limits.maxGroupSize}`;
  const tile = s.group.map((g, a) => g * s.points[a]);
  if (s.stream) {
    if (!limits.streaming) return 'this backend does not render register streaming (cuda and opencl do)';
    if (!s.stream.loads && !limits.shuffles) return "register streaming by shuffles needs warp shuffles (CUDA); 'loads' streaming runs without them";
    const why = streamInapplicable(program, tile, s.stream, threads, shape);
    if (why) return why;
  }
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
 * The heuristic strategy of a staged program: register streaming where the device and the program
 * allow it (on the H100 it ran 2, 3 and 4 fused Laplacians at 8192² in 0.203, 0.206 and 0.208 ms
 * against 0.212, 0.233 and 0.273 in shared-memory tiles); else the first preferred tile whose
 * fields fit, else the smallest (which then cannot run: stagedFits was false, so meta did not plan
 * the program).
 */
export function stagedHeuristic(program: LoopProgram, limits: DeviceLimits, shape?: readonly number[]): KernelStrategy {
  const streamed = shape && preferredStream(program, limits, shape);
  if (streamed) return streamed;
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

type StreamChoice = Omit<StreamShape, 'halo'> & { readonly wideHalo?: boolean };

/**
 * Shapes where each lane loads its own halo columns (no shuffles, so opencl too): a thread per 4,
 * 2 or 1 columns. Tuner candidates only: on the H100 they tied with shuffles for 2 Laplacians and
 * lost from 3 on (bench/results/staged-explore-2026-11-23-h100-wave.txt).
 */
const LOAD_SHAPES: readonly StreamChoice[] = [
  { lanes: 4, rows: 128, ahead: 4, loads: true },
  { lanes: 4, rows: 256, ahead: 4, loads: true },
  { lanes: 2, rows: 128, ahead: 4, loads: true },
  { lanes: 1, rows: 128, ahead: 8, loads: true },
];

/** The first call's shapes: four, two or one column a lane, the widest the rows' length admits. */
const FOUR_LANES: StreamChoice = { lanes: 4, rows: 128, ahead: 4 };
const TWO_LANES: StreamChoice = { lanes: 2, rows: 128, ahead: 8 };
const ONE_LANE: StreamChoice = { lanes: 1, rows: 128, ahead: 8 };
const FIRST_CALL_STREAMS = [FOUR_LANES, TWO_LANES, ONE_LANE];

/**
 * Register-streaming shapes the tuner tries, measured on the H100 (bench/gpu/staged-explore/,
 * bench/results/staged-explore-2026-11-23-h100-stream*.txt): four columns a lane, 96 to 448 rows a
 * strip (which of them fills the SMs best depends on the grid: at 8192², 384 rows took 2, 3 and 4
 * Laplacians 0.203, 0.206, 0.208 ms against 0.212, 0.215, 0.230 with 128), halos of 8 columns,
 * whose loads start on whole 32-byte sectors; two or one column a lane where rows are not
 * multiples of four.
 */
const STREAM_SHAPES: readonly StreamChoice[] = [
  FOUR_LANES,
  { lanes: 4, rows: 96, ahead: 4 },
  { lanes: 4, rows: 112, ahead: 4 },
  { lanes: 4, rows: 136, ahead: 4 },
  { lanes: 4, rows: 136, ahead: 4, wideHalo: true },
  { lanes: 4, rows: 112, ahead: 4, wideHalo: true },
  { lanes: 4, rows: 256, ahead: 4 },
  { lanes: 4, rows: 320, ahead: 4, wideHalo: true },
  { lanes: 4, rows: 384, ahead: 4, wideHalo: true },
  { lanes: 4, rows: 448, ahead: 4, wideHalo: true },
  { lanes: 2, rows: 384, ahead: 8, wideHalo: true },
  TWO_LANES,
  { lanes: 2, rows: 112, ahead: 4 },
  ONE_LANE,
];

/** The frame's tiles under register streaming: 16×32 points on 256 threads ran fastest (against 32×64 and 8×32). */
const FRAME = strategy([8, 32], [2, 1]);

/** A streaming strategy of a shape (halo columns covering the program's reach), with the frame's tiles. */
function streamStrategy(program: LoopProgram, shape: StreamChoice): KernelStrategy {
  if (shape.loads) return { ...FRAME, stream: { lanes: shape.lanes, rows: shape.rows, ahead: shape.ahead, halo: 0, loads: true } };
  const least = streamHalo(program.reach, shape.lanes, program.compute);
  const halo = shape.wideHalo ? Math.max(least, Math.ceil(least / 8) * 8) : least;
  return { ...FRAME, stream: { lanes: shape.lanes, rows: shape.rows, ahead: shape.ahead, halo } };
}

/**
 * The first call's streaming strategy for a 2-D staged program on a device with warp shuffles: four
 * columns a lane (two or one where the rows' length is no multiple), 128 rows, or undefined where
 * streaming cannot run it (3-D, computed coordinates, windows too large for registers).
 */
function preferredStream(program: LoopProgram, limits: DeviceLimits, shape: readonly number[]): KernelStrategy | undefined {
  if (!limits.shuffles || !limits.streaming || program.ndim !== 2) return undefined;
  for (const candidate of FIRST_CALL_STREAMS) {
    const s = streamStrategy(program, waveSized(program, limits, shape, candidate));
    if (stagedInapplicable(s, program, limits, shape) === undefined) return s;
  }
  return undefined;
}

/** Strip heights the first call tries, shortest first. */
const WAVE_ROWS = [128, 256, 384, 512, 768, 1024, 1536, 2048];

/** Resident streaming blocks per SM the first call counts on: the fewest measured (4 Laplacians, float32, H100). */
const RESIDENT_BLOCKS = 2;

/**
 * A shape's rows raised until all its strips run at once on the device's SMs (when the backend
 * knows how many): strips beyond one wave wait for the first ones and leave most SMs idle at the
 * end. At 8192² on the H100 that is 384 rows, with halos of 8 columns (2, 3, 4 Laplacians 0.203,
 * 0.206, 0.208 ms, against 0.212, 0.215, 0.230 at 128 rows and 4 columns of halo); grids of
 * 4096² and less keep 128.
 */
function waveSized(program: LoopProgram, limits: DeviceLimits, shape: readonly number[], choice: StreamChoice): StreamChoice {
  const threads = FRAME.group.reduce((a, b) => a * b, 1);
  const tile = FRAME.group.map((g, a) => g * FRAME.points[a]);
  const slots = limits.multiprocessors ? limits.multiprocessors * RESIDENT_BLOCKS * (threads / WARP) : undefined;
  if (!slots) return choice;
  for (const rows of WAVE_ROWS.filter((r) => r >= choice.rows)) {
    const sized = { ...choice, rows, wideHalo: rows > choice.rows || choice.wideHalo };
    const [up, across] = streamPartition(shape, tile, program.reach, streamStrategy(program, sized).stream!, threads).strips;
    if (up * across <= slots) return sized;
  }
  return { ...choice, rows: WAVE_ROWS[WAVE_ROWS.length - 1], wideHalo: true };
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

/**
 * The tuner's search space: block shapes × points along the first and last axes, those whose fields
 * fit; on backends that render it, register streaming of 2-D chains too (stream-plan.ts; by shuffles
 * where the device has them, by loads everywhere), with 16×32 tiles as the frame.
 */
export function stagedCandidates(program: LoopProgram, limits: DeviceLimits, shape?: readonly number[]): KernelStrategy[] {
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
  const tiles = stagedHeuristic(program, limits);
  if (!out.some((s) => s.group.join() === tiles.group.join() && s.points.join() === tiles.points.join())) out.unshift(tiles);
  if (limits.streaming && d === 2) {
    const keys = new Set<string>();
    for (const shapeOf of [...(limits.shuffles ? STREAM_SHAPES : []), ...LOAD_SHAPES]) {
      const s = streamStrategy(program, shapeOf);
      const key = JSON.stringify(s.stream);
      if (keys.has(key) || stagedInapplicable(s, program, limits, shape) !== undefined) continue;
      keys.add(key);
      out.push(s);
    }
  }
  return out;
}
