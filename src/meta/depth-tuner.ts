/**
 * Chooses the fusion depth of a traced function: a fixed option, what tune() measured, or a
 * heuristic, always limited to what the backends hold on chip. Measuring runs the whole function at
 * each candidate depth on copies of the arguments (so in-place updates never touch the caller's
 * grids), the first run compiling and later runs timed; the median wins.
 */
import { Grid, isGrid } from '../grid.js';
import type { Backend } from '../backends/types.js';
import type { Trace } from './dataflow.js';
import { DEPTH_CANDIDATES, hasStagedKernels, HEURISTIC_DEPTH, planAtDepth, planFits, traceBackends, type PlanContext } from './depth.js';
import { execute, type ExecutionPlan, type RunStats } from './execute.js';

export interface DepthChoice {
  readonly depth: number;
  /** option: meta(fn, { depth }); measured: by tune(); heuristic: before any measurement; none: nothing to fuse by blocks. */
  readonly how: 'option' | 'measured' | 'heuristic' | 'none';
  /** Median ms per run of the function at each depth tune() measured. */
  readonly measurements?: readonly { readonly depth: number; readonly ms: number }[];
  /** Depths left out because the backend cannot hold their fields on chip. */
  readonly tooDeep?: readonly number[];
}

export function chooseDepth(trace: Trace, ctx: PlanContext, fixed: number | undefined, measured: DepthChoice | undefined): { plan: ExecutionPlan; choice: DepthChoice } {
  const backends = traceBackends(trace);
  const wanted = fixed ?? measured?.depth ?? HEURISTIC_DEPTH;
  const tooDeep: number[] = [];
  for (let depth = wanted; depth >= 1; depth--) {
    const plan = planAtDepth(trace, depth, ctx, backends);
    if (depth > 1 && !planFits(plan, backends)) {
      tooDeep.push(depth);
      continue;
    }
    const how = fixed !== undefined ? 'option' : measured ? 'measured' : hasStagedKernels(plan) ? 'heuristic' : 'none';
    return { plan, choice: { depth, how, ...(measured?.measurements ? { measurements: measured.measurements } : {}), ...(tooDeep.length ? { tooDeep } : {}) } };
  }
  throw new Error('internal: depth 1 always plans');
}

/** Measures each candidate depth; undefined when no depth fuses stencils by blocks (nothing to choose). */
export function measureDepths(trace: Trace, ctx: PlanContext, args: readonly unknown[], onProgress?: (done: number, total: number, candidate: string) => void): DepthChoice | undefined {
  const backends = traceBackends(trace);
  const candidates: { depth: number; plan: ExecutionPlan }[] = [];
  const tooDeep: number[] = [];
  const seen = new Set<string>();
  for (const depth of DEPTH_CANDIDATES) {
    const plan = planAtDepth(trace, depth, ctx, backends);
    if (depth > 1 && !hasStagedKernels(plan)) return undefined;
    if (depth > 1 && !planFits(plan, backends)) {
      tooDeep.push(depth);
      continue;
    }
    const shape = planShape(plan);
    if (seen.has(shape)) continue;
    seen.add(shape);
    candidates.push({ depth, plan });
  }
  const measurements: { depth: number; ms: number }[] = [];
  candidates.forEach(({ depth, plan }, i) => {
    onProgress?.(i, candidates.length, `fusion depth ${depth}`);
    measurements.push({ depth, ms: timeRuns(plan, args, backends) });
  });
  const best = measurements.reduce((a, b) => (b.ms < a.ms ? b : a));
  return { depth: best.depth, how: 'measured', measurements, ...(tooDeep.length ? { tooDeep } : {}) };
}

/** What distinguishes plans: their blocks and the stage counts of their kernels. */
function planShape(plan: ExecutionPlan): string {
  return plan.segments.map((s, i) => `${s.length}x${s.count}:${plan.plans[i].steps.map((st) => (st.kind === 'fused' ? `f${st.program.staged?.stages.length ?? 1}` : st.kind)).join(',')}`).join('|');
}

/** Median ms of the function's runs on copies of its arguments (one untimed run compiles first). */
function timeRuns(plan: ExecutionPlan, args: readonly unknown[], backends: ReadonlyMap<string, Backend>): number {
  const copies = args.map((a) => (isGrid(a) ? a.clone() : a));
  const sync = () => {
    for (const b of backends.values()) if (b.kind === 'device') b.synchronize();
  };
  const once = (): number => {
    const stats: RunStats = { launches: 0, calls: 0, allocated: 0, reused: 0 };
    const t0 = performance.now();
    const result = execute(plan, copies, stats);
    sync();
    const ms = performance.now() - t0;
    for (const g of gridsIn(result)) if (!copies.includes(g)) g.dispose();
    return ms;
  };
  once();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 3 || (times.length < 9 && performance.now() - start < 200)) times.push(once());
  for (const c of copies) if (isGrid(c)) c.dispose();
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

function gridsIn(value: unknown, depth = 0): Grid[] {
  if (isGrid(value)) return [value];
  if (depth > 2 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return [];
  return Object.values(value as object).flatMap((v) => gridsIn(v, depth + 1));
}
