/**
 * Repeating-block detection. A traced loop of 1000 iterations is 1000 copies of the same few
 * calls; each copy is canonicalized (calls by specializer and operand types, reads renamed to
 * "result of call j of this block" or "outside value slot k" in order of first use, plus which
 * results leave the block) and the longest run of equal consecutive copies becomes one block that
 * is planned and compiled once and launched per copy. What precedes and follows is split the same
 * way, recursively, so loops before or after straight-line code are found too.
 */
import type { Trace } from './dataflow.js';

export interface Segment {
  /** The trace index of the first copy's first call. */
  readonly start: number;
  /** Calls per copy. */
  readonly length: number;
  /** How many consecutive copies. */
  readonly count: number;
  /** The canonical code shared by every copy (plans are cached by it). */
  readonly code: string;
}

/** The longest period tried: loop bodies of more calls run as straight-line blocks. */
const MAX_PERIOD = 48;

export function findSegments(trace: Trace): Segment[] {
  const out: Segment[] = [];
  split(trace, 0, trace.ops.length, out, 0);
  return out;
}

function split(trace: Trace, from: number, to: number, out: Segment[], depth: number): void {
  if (from >= to) return;
  const best = depth < 8 ? bestRepeat(trace, from, to) : undefined;
  if (!best) {
    out.push({ start: from, length: to - from, count: 1, code: blockCode(trace, from, to - from) });
    return;
  }
  split(trace, from, best.start, out, depth + 1);
  out.push(best);
  split(trace, best.start + best.length * best.count, to, out, depth + 1);
}

function bestRepeat(trace: Trace, from: number, to: number): Segment | undefined {
  const n = to - from;
  const keys = trace.ops.map((o) => o.key);
  // Periods whose call kinds repeat most, tried in that order (a cheap filter before full codes).
  const candidates: { p: number; matches: number }[] = [];
  for (let p = 1; p <= Math.min(MAX_PERIOD, Math.floor(n / 2)); p++) {
    let matches = 0;
    for (let i = from; i + p < to; i++) if (keys[i] === keys[i + p]) matches++;
    if (matches >= p) candidates.push({ p, matches });
  }
  candidates.sort((a, b) => b.matches - a.matches || a.p - b.p);
  let best: Segment | undefined;
  for (const { p } of candidates.slice(0, 4)) {
    for (let s = from; s < from + p && s + 2 * p <= to; s++) {
      let runStart = s;
      let prev = blockCode(trace, s, p);
      let count = 1;
      for (let t = s + p; t + p <= to; t += p) {
        const code = blockCode(trace, t, p);
        if (code === prev) {
          count++;
        } else {
          consider(runStart, count, prev);
          runStart = t;
          prev = code;
          count = 1;
        }
      }
      consider(runStart, count, prev);
      function consider(start: number, c: number, code: string): void {
        if (c < 2) return;
        const covered = c * p;
        const bestCovered = best ? best.count * best.length : 0;
        if (covered > bestCovered || (covered === bestCovered && best && p < best.length)) best = { start, length: p, count: c, code };
      }
    }
  }
  return best;
}

/**
 * The canonical code of calls [start, start + length): equal codes mean the same calls on the same
 * kinds of operands wired the same way, with the same results used after the block, so one plan
 * and one compiled kernel per fused group serve every copy.
 */
export function blockCode(trace: Trace, start: number, length: number): string {
  const end = start + length;
  const slots = new Map<number, number>();
  const bufferSlots = new Map<number, number>();
  const slot = (v: number) => {
    let k = slots.get(v);
    if (k === undefined) slots.set(v, (k = slots.size));
    return k;
  };
  const bufferSlot = (b: number) => {
    let k = bufferSlots.get(b);
    if (k === undefined) bufferSlots.set(b, (k = bufferSlots.size));
    return k;
  };
  const parts: string[] = [];
  for (let i = start; i < end; i++) {
    const op = trace.ops[i];
    const ins = op.inputs.map((v) => {
      const value = trace.values[v];
      const p = value.producer;
      const where = p && p.op >= start && p.op < end ? `o${p.op - start}.${p.output}` : `x${slot(v)}`;
      return `${where}@b${bufferSlot(value.buffer)}`;
    });
    const outs = op.outputs.map((v) => {
      const value = trace.values[v];
      const used = trace.liveOut.has(v) || trace.uses[v].some((u) => u >= end) ? 'E' : '';
      return `b${bufferSlot(value.buffer)}${used}`;
    });
    parts.push(`${op.key}(${ins.join(',')})->(${outs.join(',')})`);
  }
  return parts.join(';');
}
