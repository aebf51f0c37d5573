/**
 * Fusion planning for one block (the calls of one loop iteration, or straight-line code). Calls
 * are taken in order; a Fusable pointwise call joins the group of the latest call it reads from,
 * unless something stops it, and every decision is recorded with its reason for explain():
 * - the call is not Fusable, runs in pure mode, reads its own output, or writes a passed-in output
 *   without overwriting every point;
 * - it is a stencil reading a computed value, and block fusion (a staged program: tiles with ghost
 *   zones on chip) is off, unsupported by the backend, would exceed the fusion depth, or cannot be
 *   exact (a `wrap` consumer reads the far side of the grid, which no tile holds);
 * - backends or modes differ;
 * - the producer computes the interior only (its border keeps the output's old contents);
 * - a call in between reads the group's results or overwrites what the group reads;
 * - anti-dependence (write after read) on a host backend: the call overwrites a grid the group
 *   reads (at neighbour offsets; anywhere, for a staged kernel). Device backends write that result
 *   into a scratch grid copied back after the launch instead;
 * - output dependence (write after write): it writes a grid an earlier member wrote, whose result
 *   is needed after the group.
 * A result leaves registers (is stored) only when it is used outside its group, is live-out, or
 * was written into a passed-in grid.
 */
import { isNotFusable, type FusionInfo } from '../framework/fusable.js';
import { forEachExpr } from '../ir/visitor.js';
import type { Trace, TracedOp } from './dataflow.js';
import { stageAfter } from './staged-kernel.js';

export interface Group {
  readonly members: number[];
  /** Why the group's head cannot be fused with anything (then it stays alone). */
  readonly unfusable?: string;
  readonly backend?: string;
  readonly generic?: boolean;
}

export interface Decision {
  readonly pos: number;
  readonly fused: boolean;
  readonly text: string;
}

export interface GroupPlan {
  readonly groups: readonly Group[];
  /** Per block position, its group. */
  readonly groupOf: readonly number[];
  /** Per group, the (position, output) results stored to memory. */
  readonly stored: readonly (readonly { readonly pos: number; readonly output: number }[])[];
  readonly decisions: readonly Decision[];
}

export interface FusionLimits {
  /** Most stencil stages in one group (1: stencils never fuse after a computed value). */
  readonly depth: number;
  /** Whether the backend of a call renders staged programs. */
  readonly staged: (backend: string) => boolean;
  /**
   * Whether a result written into a grid the group reads may go through a scratch grid copied back
   * after the launch (device backends, where the copy costs a fraction of the passes fusing saves;
   * on the CPU the copy cost more than a time loop's blocking saved).
   */
  readonly renames?: (backend: string) => boolean;
}

export function planGroups(trace: Trace, start: number, length: number, fuse: boolean, limits: FusionLimits = { depth: 1, staged: () => false }): GroupPlan {
  const end = start + length;
  const ops = trace.ops;
  const groups: Group[] = [];
  const groupOf: number[] = [];
  const decisions: Decision[] = [];
  const label = (pos: number) => `${ops[start + pos].name}#${pos}`;
  const info = (pos: number) => ops[start + pos].fusion as FusionInfo;
  /** Per position in a group: its stage (a stencil reading a group value starts the next one). */
  const stageOf: number[] = [];

  for (let j = 0; j < length; j++) {
    const op = ops[start + j];
    const reason = !fuse ? 'fusion is off (meta(fn, { fuse: false }))' : ownReason(op);
    if (reason) {
      groupOf[j] = groups.push({ members: [j], unfusable: reason }) - 1;
      decisions.push({ pos: j, fused: false, text: `${label(j)} runs unfused: ${reason}` });
      continue;
    }
    const me = op.fusion as FusionInfo;
    const producers = op.inputs.map((v) => trace.values[v].producer?.op).filter((p): p is number => p !== undefined && p >= start && p < end).map((p) => p - start);
    if (producers.length === 0) {
      groupOf[j] = groups.push({ members: [j], backend: me.backend, generic: me.generic }) - 1;
      stageOf[j] = 0;
      continue;
    }
    const from = Math.max(...producers);
    const g = groupOf[from];
    const inGroup = producers.filter((p) => groupOf[p] === g);
    const stage = stageAfter(inGroup.map((p) => stageOf[p]), me.geometry.kind === 'stencil');
    const renames = limits.renames?.(me.backend) ?? false;
    const why =
      joinReason(trace, start, groups[g], j, from, label, info, renames) ??
      stagedReason(me, groups[g], stage, limits, info) ??
      (me.geometry.kind === 'stencil' && !renames ? inPlaceReason(trace, start, [...groups[g].members, j]) : undefined);
    if (why) {
      groupOf[j] = groups.push({ members: [j], backend: me.backend, generic: me.generic }) - 1;
      stageOf[j] = 0;
      decisions.push({ pos: j, fused: false, text: `${label(j)} not fused after ${label(from)}: ${why}` });
    } else {
      groups[g].members.push(j);
      groupOf[j] = g;
      stageOf[j] = stage;
      const how =
        me.geometry.kind === 'stencil'
          ? `a stencil after a computed value: block fusion, stage ${stage + 1} of a staged kernel (each tile computes the earlier stages over its ghost zone on chip, then this one)`
          : `${info(from).geometry.kind === 'stencil' ? 'a pointwise op after a stencil' : 'a pointwise chain'}, reading its result at the point itself, in registers`;
      decisions.push({ pos: j, fused: true, text: `${label(j)} fused after ${label(from)}: ${how}` });
    }
  }

  const stored = groups.map((grp, g) =>
    grp.members.flatMap((pos) =>
      ops[start + pos].outputs.flatMap((v, output) => {
        const op = ops[start + pos];
        const outside = trace.uses[v].some((u) => u < start || u >= end || groupOf[u - start] !== g);
        // A passed-in grid written again later in the group keeps only the last write (joinReason
        // let the later one join only if this value is needed nowhere else).
        const buffer = trace.values[v].buffer;
        const rewritten = grp.members.some((q) => q > pos && ops[start + q].outputs.some((w, k) => ops[start + q].signature.written[k] && trace.values[w].buffer === buffer));
        return (op.signature.written[output] && !rewritten) || trace.liveOut.has(v) || outside ? [{ pos, output }] : [];
      }),
    ),
  );
  return { groups, groupOf, stored, decisions };
}

/** Why a call cannot be fused with anything, or undefined. */
function ownReason(op: TracedOp): string | undefined {
  if (isNotFusable(op.fusion)) return op.fusion.unfusable;
  let readsOutput = false;
  forEachExpr(op.fusion.kernel.body, (e) => {
    if ((e.kind === 'tap' || e.kind === 'load') && e.grid.role === 'output') readsOutput = true;
  });
  if (readsOutput) return 'its kernel reads its own output';
  if (op.signature.written.some(Boolean) && !op.signature.overwrites) return 'it writes a passed-in output without overwriting every point, so the old contents matter';
  return undefined;
}

/**
 * Without renaming: tiles compute earlier stages over ghost zones that neighbouring tiles own, so a
 * staged kernel must not overwrite a grid it reads (a tile could read a point another already wrote).
 */
function inPlaceReason(trace: Trace, start: number, members: readonly number[]): string | undefined {
  const ops = members.map((p) => trace.ops[start + p]);
  const read = new Set(ops.flatMap((op) => op.inputs.filter((v) => !members.some((p) => trace.values[v].producer?.op === start + p)).map((v) => trace.values[v].buffer)));
  for (const op of ops) {
    const hit = op.outputs.find((v, k) => op.signature.written[k] && read.has(trace.values[v].buffer));
    if (hit !== undefined) return `block fusion would have ${op.name} overwrite ${trace.buffers[trace.values[hit].buffer].label} in place while tiles still read it around their edges, and on the ${(op.fusion as FusionInfo).backend} backend a copy back through a scratch grid costs more than fusing saves, so the value goes through memory`;
  }
  return undefined;
}

/** Why a stencil cannot join a group as its next stage (undefined: it can, or it is pointwise). */
function stagedReason(me: FusionInfo, group: Group, stage: number, limits: FusionLimits, info: (pos: number) => FusionInfo): string | undefined {
  if (me.geometry.kind !== 'stencil') return undefined;
  const reads = 'a stencil reading a computed value at neighbour offsets';
  if (!limits.staged(me.backend)) return `${reads} fuses by block fusion, which the ${me.backend} backend does not run, so the value goes through memory`;
  if (stage + 1 > limits.depth) {
    return `${reads} would be stage ${stage + 1} of a staged kernel, beyond the fusion depth ${limits.depth}${limits.depth === 1 ? '' : ' (more stages recompute wider ghost zones and need more on-chip memory)'}, so the value goes through memory`;
  }
  if (me.geometry.boundary === 'wrap') return `${reads} in 'wrap' mode reads the far side of the grid, which a tile's ghost zone does not hold, so the value goes through memory`;
  if (me.geometry.boundary === 'interior') return `${reads} in 'interior' mode keeps its output's old border, so the value goes through memory`;
  const head = info(group.members[0]).geometry.shape;
  if (head.length !== me.geometry.shape.length || head.some((n, a) => n !== me.geometry.shape[a])) return `${reads} on another shape`;
  return undefined;
}

function joinReason(trace: Trace, start: number, group: Group, j: number, from: number, label: (pos: number) => string, info: (pos: number) => FusionInfo, renames: boolean): string | undefined {
  const ops = trace.ops;
  const op = ops[start + j];
  const me = op.fusion as FusionInfo;
  if (group.unfusable) return `${label(group.members[0])} is not fusable`;
  if (me.backend !== group.backend) return `they run on different backends (${group.backend} and ${me.backend})`;
  if (me.generic !== group.generic) return 'one runs generic code and the other specialized code';
  const members = new Set(group.members);
  const groupValues = new Set(group.members.flatMap((p) => ops[start + p].outputs));
  for (const v of op.inputs) {
    const p = trace.values[v].producer;
    if (!p || !members.has(p.op - start)) continue;
    const g = info(p.op - start).geometry;
    if (g.kind === 'stencil' && g.boundary === 'interior') {
      return `${label(p.op - start)} computes the interior only (boundary 'interior'), so its border is the output's old contents`;
    }
  }
  const readBuffers = new Set(group.members.flatMap((p) => ops[start + p].inputs.map((v) => trace.values[v].buffer)));
  const writtenBuffers = new Set(group.members.flatMap((p) => ops[start + p].outputs.map((v) => trace.values[v].buffer)));
  // The group would run at j, after the calls in between: they must not need it or disturb it.
  for (let k = Math.max(...group.members) + 1; k < j; k++) {
    const between = ops[start + k];
    if (between.inputs.some((v) => groupValues.has(v))) return `${label(k)}, called in between, reads the group's results, which must be in memory first`;
    const writes = between.outputs.map((v) => trace.values[v].buffer).filter((b, i) => between.signature.written[i]);
    if (writes.some((b) => readBuffers.has(b) || writtenBuffers.has(b))) return `${label(k)}, called in between, overwrites a grid the group reads or writes`;
  }
  // Overwriting a grid the group reads (write after read) is fine: the fused launch writes that
  // result into a scratch grid, copied over the grid afterwards (fusedStep's `renamed`). Writing a
  // grid an earlier member wrote (write after write) keeps only the last write, so the earlier
  // value must be needed nowhere but inside the group.
  const end = start + Math.max(...group.members, j) + 1;
  for (let m = 0; m < op.outputs.length; m++) {
    if (!op.signature.written[m]) continue;
    const w = trace.values[op.outputs[m]].buffer;
    const name = trace.buffers[w].label;
    for (const p of group.members) {
      const member = ops[start + p];
      const reads = info(p).deps.reads;
      const farRead = member.inputs.some((v, i) => trace.values[v].buffer === w && !members.has((trace.values[v].producer?.op ?? -1) - start) && reads[i].some((off) => off.some((o) => o !== 0)));
      if (farRead && !renames) {
        return `anti-dependence (write after read): ${label(p)} reads ${name} at neighbour offsets and ${op.name} overwrites it in place; fused, points would be overwritten before their neighbours are read (on the ${me.backend} backend a copy back through a scratch grid costs more than fusing saves)`;
      }
      for (const v of member.outputs) {
        if (trace.values[v].buffer !== w) continue;
        const usedOutside = trace.liveOut.has(v) || trace.uses[v].some((u) => u < start || u >= end || !(members.has(u - start) || u - start === j));
        if (usedOutside) return `output dependence (write after write): ${label(p)} and ${op.name} both write ${name}, and ${label(p)}'s result is needed after the group`;
      }
    }
  }
  return undefined;
}
