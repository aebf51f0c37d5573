/**
 * Register streaming of 2-D staged programs: one warp per strip of columns walks down its rows;
 * every stage keeps the rows its readers still need in registers (a window), lanes hold `lanes`
 * consecutive columns each, and horizontal neighbours come from warp shuffles (CUDA) or, under
 * `loads`, from columns each lane loads and computes beside its own (cuda and opencl). No shared
 * memory and no barrier: on the H100, 3 and 4 fused Laplacians at 8192² took 0.211 and 0.216 ms
 * this way against 0.233 and 0.271 in shared-memory tiles (bench/gpu/staged-explore/).
 *
 * Streaming covers the tiles whose whole chain stays inside the grid (the stages' unchecked
 * bodies); the tiles along the grid's edges (the frame) run the staged tile code with each load
 * folded, in the same launch: the first blocks take eight strips each, the blocks after them a frame tile.
 *
 * A stage computes row `j - lag` when input row j arrives, its lag the least that has every row it
 * reads at hand (a source's row j + dy arrives at the source's lag + dy). A window keeps a source's
 * rows from its newest back to the oldest any reader still reads.
 */
import { bytesPerElement, type Dtype } from '../../dtype.js';
import type { LoopProgram } from '../../ir/kernel.js';
import type { Reach } from '../../stencil/boundary.js';
import { forEachExpr } from '../../ir/visitor.js';
import { constantShifts } from '../tap-offsets.js';

/**
 * The streaming part of a strategy: columns a lane, rows a strip, input rows loaded ahead, halo
 * columns a side. Lanes take their neighbours' columns by warp shuffles (CUDA), the warp's outer
 * `halo` columns only feeding the inner ones; or, with `loads`, each lane loads and computes the
 * columns its own need beside them (halo 0: every lane stores), which needs no shuffles and so
 * runs on OpenCL too.
 */
export interface StreamShape {
  readonly lanes: number;
  readonly rows: number;
  readonly ahead: number;
  readonly halo: number;
  readonly loads?: boolean;
}

/** Columns beside a lane's own, left and right, that a window holds or a stage computes (`loads` streaming). */
export interface ColumnExtent {
  readonly lo: number;
  readonly hi: number;
}

export const WARP = 32;

/** Where a stage's load reads: a program input, or a result slot of an earlier stage (a field). */
export type WindowKey = string;

export interface StreamWindow {
  /** `in{j}` for inputs, `r{s}_{k}` for stage results. */
  readonly key: WindowKey;
  /** The program input, or the stage and result slot, whose rows it holds. */
  readonly input?: number;
  readonly stage?: number;
  readonly result?: number;
  /** The row it holds newest lags this far behind the newest input row. */
  readonly lag: number;
  /** Rows kept. */
  readonly depth: number;
  /** Columns beside a lane's own that its readers need, when lanes load their own (`loads`). */
  readonly cols: ColumnExtent;
}

export interface StreamStagePlan {
  readonly lag: number;
  /** Columns beside a lane's own it computes, when lanes load their own (`loads`). */
  readonly cols: ColumnExtent;
  /** Per load of the interior body, keyed by grid index (inputs, then fields): the window it reads. */
  readonly windowOf: ReadonlyMap<number, WindowKey>;
}

export interface StreamPlan {
  readonly windows: readonly StreamWindow[];
  readonly stages: readonly StreamStagePlan[];
  /** Input rows read above a strip's first own row. */
  readonly above: number;
  /** The largest lag of a stage that writes an output: iterations are own rows + above + this. */
  readonly outputLag: number;
}

/** Registers (32-bit words) the windows and the prefetched rows may take before the kernel would spill. */
const MAX_WINDOW_WORDS = 160;

const plans = new WeakMap<LoopProgram, StreamPlan | string>();

/** The stream plan of a staged program, or why it cannot stream (worked out once per program). */
export function streamPlan(program: LoopProgram): StreamPlan | string {
  let plan = plans.get(program);
  if (plan === undefined) plans.set(program, (plan = planOf(program)));
  return plan;
}

function planOf(program: LoopProgram): StreamPlan | string {
  const spec = program.staged;
  if (!spec) return 'only staged programs stream';
  if (program.ndim !== 2) return 'register streaming is for 2-D grids';
  const nExt = program.inputs.length;
  // Per source: where its rows come from, its lag, and the most rows back from its newest any reader reads.
  const sources = new Map<WindowKey, { readonly from: Pick<StreamWindow, 'input' | 'stage' | 'result'>; readonly lag: number; back: number }>();
  program.inputs.forEach((_, j) => sources.set(`in${j}`, { from: { input: j }, lag: 0, back: -1 }));
  const stages: Omit<StreamStagePlan, 'cols'>[] = [];
  const stageReads: { key: WindowKey; dx: number }[][] = [];
  let outputLag = 0;
  for (const [s, stage] of spec.stages.entries()) {
    const windowOf = new Map<number, WindowKey>();
    const reads: { key: WindowKey; dy: number; dx: number }[] = [];
    let why: string | undefined;
    forEachExpr(stage.interior, (e) => {
      if (e.kind !== 'load' || e.grid.role !== 'input' || why) return;
      const shifts = constantShifts(e.coords);
      if (!shifts) {
        why = `stage ${s} reads at computed coordinates`;
        return;
      }
      const g = e.grid.index;
      const key = windowOf.get(g) ?? (g < nExt ? `in${g}` : writerOf(spec.stages, s, g - nExt));
      if (!key) {
        why = `stage ${s} reads a field no earlier stage wrote`;
        return;
      }
      windowOf.set(g, key);
      reads.push({ key, dy: shifts[0], dx: shifts[1] });
    });
    if (why) return why;
    const lag = Math.max(0, ...reads.map((r) => sources.get(r.key)!.lag + r.dy));
    for (const r of reads) {
      const source = sources.get(r.key)!;
      source.back = Math.max(source.back, lag - source.lag - r.dy);
    }
    stage.results.forEach((res, k) => {
      if (res.field !== undefined) sources.set(`r${s}_${k}`, { from: { stage: s, result: k }, lag, back: -1 });
    });
    if (stage.results.some((r) => r.output !== undefined)) outputLag = Math.max(outputLag, lag);
    stages.push({ lag, windowOf });
    stageReads.push(reads);
  }
  // Column extents, from the last stage back: a stage computes the columns its results' readers
  // need (none beside its own for outputs), and its reads widen the windows they read by their shifts.
  const windowCols = new Map<WindowKey, { lo: number; hi: number }>();
  const widen = (key: WindowKey, lo: number, hi: number) => {
    const e = windowCols.get(key) ?? { lo: 0, hi: 0 };
    windowCols.set(key, { lo: Math.max(e.lo, lo), hi: Math.max(e.hi, hi) });
  };
  const stageCols: ColumnExtent[] = [];
  for (let s = spec.stages.length - 1; s >= 0; s--) {
    let lo = 0;
    let hi = 0;
    spec.stages[s].results.forEach((_, k) => {
      const e = windowCols.get(`r${s}_${k}`);
      if (e) [lo, hi] = [Math.max(lo, e.lo), Math.max(hi, e.hi)];
    });
    stageCols[s] = { lo, hi };
    for (const r of stageReads[s]) widen(r.key, lo - r.dx, hi + r.dx);
  }
  // Sources nobody reads (back still -1) need no window.
  const windows = [...sources].filter(([, x]) => x.back >= 0).map(([key, x]): StreamWindow => ({ key, ...x.from, lag: x.lag, depth: x.back + 1, cols: windowCols.get(key) ?? { lo: 0, hi: 0 } }));
  windows.sort((a, b) => a.lag - b.lag || a.key.localeCompare(b.key));
  return { windows, stages: stages.map((x, s) => ({ ...x, cols: stageCols[s] })), above: program.reach.lo[0], outputLag };
}

/** Why a stream shape cannot run a program on a shape (undefined when it can). */
export function streamInapplicable(program: LoopProgram, tile: readonly number[], stream: StreamShape, threads: number, shape?: readonly number[]): string | undefined {
  const plan = streamPlan(program);
  if (typeof plan === 'string') return plan;
  const { lanes, rows, ahead, halo } = stream;
  if (![1, 2, 4, 8].includes(lanes)) return 'a lane takes 1, 2, 4 or 8 columns';
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(ahead) || ahead < 1 || ahead > 16) return 'strips take at least one row, and 1 to 16 rows loaded ahead';
  if (threads % WARP !== 0) return `streaming blocks are whole warps, not ${threads} threads`;
  if (tile[1] % lanes !== 0) return `the frame tile's width ${tile[1]} is not a multiple of ${lanes} columns a lane`;
  const reach = program.reach;
  if (stream.loads) {
    if (halo !== 0) return 'lanes that load their own neighbours keep no halo lanes (halo 0)';
  } else {
    if (halo % lanes !== 0 || halo < Math.max(reach.lo[1], reach.hi[1])) return `a halo of ${halo} columns is no multiple of ${lanes} covering the reach ${Math.max(reach.lo[1], reach.hi[1])}`;
    if (ownWidth(stream) < lanes) return `${halo} halo columns a side leave no own columns in a warp of ${WARP * lanes}`;
  }
  // Windows, and the rows loaded ahead for each input read, in the compute type's 32-bit words.
  const word = Math.max(1, bytesPerElement(program.compute) / 4);
  const width = (w: StreamWindow) => lanes + (stream.loads ? w.cols.lo + w.cols.hi : 0);
  const used = plan.windows.reduce((n, w) => n + (w.depth + (w.input !== undefined ? ahead : 0)) * width(w) * word, 0);
  if (used > MAX_WINDOW_WORDS) return `its windows take ${used} registers a thread, more than ${MAX_WINDOW_WORDS}`;
  if (shape && shape[1] % lanes !== 0) return `the last extent ${shape[1]} is not a multiple of ${lanes} columns a lane`;
  return undefined;
}

/** Own columns of a strip (every lane's with `loads`). */
export function ownWidth(s: StreamShape): number {
  return WARP * s.lanes - 2 * s.halo;
}

/** The last stage before `s` that wrote field f, as a window key (undefined if none did). */
function writerOf(stages: NonNullable<LoopProgram['staged']>['stages'], s: number, f: number): WindowKey | undefined {
  for (let w = s - 1; w >= 0; w--) {
    const k = stages[w].results.findIndex((r) => r.field === f);
    if (k >= 0) return `r${w}_${k}`;
  }
  return undefined;
}

/**
 * How a launch splits the grid (the kernel computes the same from n and nb): tiles [A, B) per axis
 * are inside (their chain stays in the grid), streamed in strips; the others are the frame.
 */
export interface StreamPartition {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  readonly frameTiles: number;
  readonly strips: readonly number[];
  readonly blocks: number;
}

export function streamPartition(shape: readonly number[], tile: readonly number[], reach: Reach, stream: StreamShape, threads: number): StreamPartition {
  const nb = shape.map((n, a) => Math.ceil(n / tile[a]));
  const lo = nb.map((b, a) => Math.min(Math.ceil(reach.lo[a] / tile[a]), b));
  const hi = nb.map((_, a) => Math.max(lo[a], shape[a] > reach.hi[a] ? Math.trunc((shape[a] - reach.hi[a]) / tile[a]) : 0));
  const inner = (hi[0] - lo[0]) * (hi[1] - lo[1]);
  const frameTiles = nb[0] * nb[1] - inner;
  const strips = inner === 0 ? [0, 0] : [Math.ceil(((hi[0] - lo[0]) * tile[0]) / stream.rows), Math.ceil(((hi[1] - lo[1]) * tile[1]) / ownWidth(stream))];
  const warps = strips[0] * strips[1];
  return { lo, hi, frameTiles, strips, blocks: frameTiles + Math.ceil(warps / (threads / WARP)) };
}

/** A stream shape's part of a strategy key: ` stream l4 r128 a4 h4`, or ` stream l4 r128 a4 loads`. */
export function streamKey(s: StreamShape): string {
  return ` stream l${s.lanes} r${s.rows} a${s.ahead} ${s.loads ? 'loads' : `h${s.halo}`}`;
}

export function parseStreamKey(text: string): StreamShape | undefined {
  const m = /^ stream l(\d+) r(\d+) a(\d+) (?:h(\d+)|(loads))$/.exec(text);
  if (!m) return undefined;
  const shape = { lanes: Number(m[1]), rows: Number(m[2]), ahead: Number(m[3]) };
  return m[5] ? { ...shape, halo: 0, loads: true } : { ...shape, halo: Number(m[4]) };
}

/** Halo columns for a reach: the least multiple of `lanes` covering it whose own width fills whole 32-byte sectors, if one does. */
export function streamHalo(reach: Reach, lanes: number, dtype: Dtype): number {
  const least = Math.ceil(Math.max(reach.lo[1], reach.hi[1], 0) / lanes) * lanes;
  const bytes = bytesPerElement(dtype);
  for (let h = least; 2 * h < WARP * lanes; h += lanes) if (((WARP * lanes - 2 * h) * bytes) % 32 === 0) return h;
  return least;
}
