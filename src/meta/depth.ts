/**
 * Fusion depth: how many stencil stages one staged kernel may chain. Straight-line chains fuse up
 * to the depth; a repeating block whose stencils read the previous copy's results (a time loop) is
 * unrolled so that `depth` time steps form one block, which then fuses into one staged kernel:
 * temporal blocking, k = depth, one pass over memory per k steps. Leftover copies run as a shorter
 * block. The depth itself is chosen by measuring (meta's tune) or by a heuristic.
 */
import { blockCode, findSegments, type Segment } from './blocks.js';
import { planBlock, type BlockPlan } from './block-plan.js';
import type { Trace } from './dataflow.js';
import { prepareExecution, type ExecutionPlan } from './execute.js';
import type { FusionLimits } from './fusion-plan.js';
import type { Backend } from '../backends/types.js';

/** The depths meta's tune measures (those the backend can hold on chip). */
export const DEPTH_CANDIDATES: readonly number[] = [1, 2, 3, 4, 6, 8];

/** The depth used before any measurement. */
export const HEURISTIC_DEPTH = 4;

export interface PlanContext {
  readonly fuse: boolean;
  readonly name: string;
  readonly dump: boolean;
}

/** The backends of a trace's calls, by name (the Fusable info names its backend). */
export function traceBackends(trace: Trace): Map<string, Backend> {
  const out = new Map<string, Backend>();
  for (const op of trace.ops) {
    if (!('geometry' in op.fusion)) continue;
    const backend = (op.specializer as { backend?: Backend }).backend;
    if (backend) out.set(op.fusion.backend, backend);
  }
  return out;
}

export function planAtDepth(trace: Trace, depth: number, ctx: PlanContext, backends: ReadonlyMap<string, Backend> = traceBackends(trace)): ExecutionPlan {
  const segments = unrollForDepth(trace, findSegments(trace), depth, backends);
  const limits: FusionLimits = { depth, staged: (name) => backends.get(name)?.supportsStaged === true, renames: (name) => backends.get(name)?.kind === 'device' };
  const byCode = new Map<string, BlockPlan>();
  const plans = segments.map((seg) => {
    let p = byCode.get(seg.code);
    if (!p) byCode.set(seg.code, (p = planBlock(trace, seg.start, seg.length, ctx.fuse, ctx.name, ctx.dump, limits)));
    return p;
  });
  return prepareExecution(trace, segments, plans);
}

/**
 * Stencil stages that consecutive copies of a block would chain (0: copies do not feed stencils,
 * or a stencil's backend runs no staged kernels, so unrolling would gain nothing).
 */
export function chainedStencils(trace: Trace, seg: Segment, backends: ReadonlyMap<string, Backend>): number {
  if (seg.count < 2) return 0;
  const next = seg.start + seg.length;
  const stencils = trace.ops.slice(next, next + seg.length).filter((op) => 'geometry' in op.fusion && op.fusion.geometry.kind === 'stencil');
  if (stencils.some((op) => 'geometry' in op.fusion && backends.get(op.fusion.backend)?.supportsStaged !== true)) return 0;
  const feeds = stencils.some((op) => op.inputs.some((v) => {
    const p = trace.values[v].producer;
    return p !== undefined && p.op >= seg.start && p.op < next;
  }));
  return feeds ? stencils.length : 0;
}

/** Segments with `depth / stencils per copy` copies per block where copies chain stencils. */
export function unrollForDepth(trace: Trace, segments: readonly Segment[], depth: number, backends: ReadonlyMap<string, Backend>): Segment[] {
  return segments.flatMap((seg) => {
    const per = chainedStencils(trace, seg, backends);
    const k = per > 0 ? Math.min(seg.count, Math.floor(depth / per)) : 1;
    if (k <= 1) return [seg];
    const length = seg.length * k;
    const whole = Math.floor(seg.count / k);
    const out: Segment[] = [{ start: seg.start, length, count: whole, code: blockCode(trace, seg.start, length) }];
    const rest = seg.count - whole * k;
    if (rest > 0) {
      const start = seg.start + whole * length;
      out.push({ start, length: seg.length, count: rest, code: blockCode(trace, start, seg.length) });
    }
    return out;
  });
}

/** Whether a plan at this depth fuses any stencil after a computed value (else deeper plans are the same). */
export function hasStagedKernels(plan: ExecutionPlan): boolean {
  return plan.plans.some((bp) => bp.steps.some((s) => s.kind === 'fused' && s.program.staged !== undefined));
}

/** Whether every staged kernel of a plan fits its backend's on-chip memory. */
export function planFits(plan: ExecutionPlan, backends: ReadonlyMap<string, Backend>): boolean {
  return plan.plans.every((bp, i) =>
    bp.steps.every((s) => {
      if (s.kind !== 'fused' || !s.program.staged) return true;
      const op = plan.trace.ops[plan.segments[i].start + s.members[0]];
      const backend = 'geometry' in op.fusion ? backends.get(op.fusion.backend) : undefined;
      return backend?.stagedFits?.(s.program) ?? true;
    }),
  );
}
