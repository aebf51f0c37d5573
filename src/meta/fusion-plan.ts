/**
 * Fusion planning for one block (the calls of one loop iteration, or straight-line code). Calls
 * are taken in order; a Fusable pointwise call joins the group of the latest call it reads from,
 * unless something stops it, and every decision is recorded with its reason for explain():
 * - the call is not Fusable, runs in pure mode, reads its own output, or writes a passed-in output
 *   without overwriting every point;
 * - it is a stencil reading a computed value (block fusion with ghost zones is issue 9's job);
 * - backends or modes differ;
 * - the producer computes the interior only (its border keeps the output's old contents);
 * - a call in between reads the group's results or overwrites what the group reads;
 * - anti-dependence (write after read): the call overwrites in place a grid the group reads at
 *   neighbour offsets; output dependence (write after write): it writes a grid the group writes.
 * A result leaves registers (is stored) only when it is used outside its group, is live-out, or
 * was written into a passed-in grid.
 */
import { isNotFusable, type FusionInfo } from '../framework/fusable.js';
import { forEachExpr } from '../ir/visitor.js';
import type { Trace, TracedOp } from './dataflow.js';

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

export function planGroups(trace: Trace, start: number, length: number, fuse: boolean): GroupPlan {
  const end = start + length;
  const ops = trace.ops;
  const groups: Group[] = [];
  const groupOf: number[] = [];
  const decisions: Decision[] = [];
  const label = (pos: number) => `${ops[start + pos].name}#${pos}`;
  const info = (pos: number) => ops[start + pos].fusion as FusionInfo;

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
      continue;
    }
    const from = Math.max(...producers);
    const g = groupOf[from];
    const why = joinReason(trace, start, groups[g], j, from, label, info);
    if (why) {
      groupOf[j] = groups.push({ members: [j], backend: me.backend, generic: me.generic }) - 1;
      decisions.push({ pos: j, fused: false, text: `${label(j)} not fused after ${label(from)}: ${why}` });
    } else {
      groups[g].members.push(j);
      groupOf[j] = g;
      const how = info(from).geometry.kind === 'stencil' ? 'a pointwise op after a stencil' : 'a pointwise chain';
      decisions.push({ pos: j, fused: true, text: `${label(j)} fused after ${label(from)}: ${how}, reading its result at the point itself, in registers` });
    }
  }

  const stored = groups.map((grp, g) =>
    grp.members.flatMap((pos) =>
      ops[start + pos].outputs.flatMap((v, output) => {
        const op = ops[start + pos];
        const outside = trace.uses[v].some((u) => u < start || u >= end || groupOf[u - start] !== g);
        return op.signature.written[output] || trace.liveOut.has(v) || outside ? [{ pos, output }] : [];
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

function joinReason(trace: Trace, start: number, group: Group, j: number, from: number, label: (pos: number) => string, info: (pos: number) => FusionInfo): string | undefined {
  const ops = trace.ops;
  const op = ops[start + j];
  const me = op.fusion as FusionInfo;
  if (group.unfusable) return `${label(group.members[0])} is not fusable`;
  if (me.geometry.kind === 'stencil') {
    return `${op.name} is a stencil reading ${label(from)}'s result at neighbour offsets; fusing a stencil after a computed value needs block fusion with ghost zones (issue 9), so the result goes through memory`;
  }
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
  for (let m = 0; m < op.outputs.length; m++) {
    if (!op.signature.written[m]) continue;
    const w = trace.values[op.outputs[m]].buffer;
    const name = trace.buffers[w].label;
    for (const p of group.members) {
      const member = ops[start + p];
      const reads = info(p).deps.reads;
      const farRead = member.inputs.some((v, i) => trace.values[v].buffer === w && reads[i].some((off) => off.some((o) => o !== 0)));
      if (farRead) {
        return `anti-dependence (write after read): ${label(p)} reads ${name} at neighbour offsets and ${op.name} overwrites it in place; fused, points would be overwritten before their neighbours are read`;
      }
      if (member.outputs.some((v) => trace.values[v].buffer === w)) return `output dependence (write after write): ${label(p)} and ${op.name} both write ${name}`;
    }
  }
  return undefined;
}
