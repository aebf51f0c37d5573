/** Evaluates expressions whose value is known at specialization time. */
import type { Expr, StaticValue } from './nodes.js';
import { applyBinary, applyCall, applyUnary, truthy } from './semantics.js';
import { visitExpr } from './visitor.js';

export type StaticLookup = { ok: true; value: StaticValue } | { ok: false; reason: string };

/** Indexes into a (nested) static value, with the reason when an index is out of range. */
export function lookupStatic(value: StaticValue, indices: readonly number[]): StaticLookup {
  let v: StaticValue = value;
  for (const i of indices) {
    if (!Array.isArray(v)) return { ok: false, reason: 'indexes a number as if it were an array' };
    const arr = v as readonly StaticValue[];
    if (!Number.isInteger(i) || i < 0 || i >= arr.length) return { ok: false, reason: `index ${i} is outside 0..${arr.length - 1}` };
    v = arr[i];
  }
  return { ok: true, value: v };
}

export function staticToNumber(v: StaticValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

/** The value of `e`, or undefined when it depends on anything not static. */
export function evaluateStatic(e: Expr, statics: Readonly<Record<string, StaticValue>>, locals: ReadonlyMap<string, number>): number | undefined {
  const ev = (x: Expr) => evaluateStatic(x, statics, locals);
  return visitExpr<number | undefined>(e, {
    const: (n) => n.value,
    local: (n) => locals.get(n.name),
    static: (n) => {
      if (!(n.name in statics)) return undefined;
      const idx = n.indices.map(ev);
      if (idx.some((i) => i === undefined)) return undefined;
      const r = lookupStatic(statics[n.name], idx as number[]);
      return r.ok ? staticToNumber(r.value) : undefined;
    },
    param: () => undefined,
    tap: () => undefined,
    load: () => undefined,
    coord: () => undefined,
    extent: () => undefined,
    unary: (n) => {
      const a = ev(n.arg);
      return a === undefined ? undefined : applyUnary(n.op, a);
    },
    binary: (n) => {
      const a = ev(n.left);
      const b = ev(n.right);
      return a === undefined || b === undefined ? undefined : applyBinary(n.op, a, b);
    },
    call: (n) => {
      const args = n.args.map(ev);
      return args.some((a) => a === undefined) ? undefined : applyCall(n.fn, args as number[]);
    },
    select: (n) => {
      const c = ev(n.cond);
      if (c === undefined) return undefined;
      return truthy(c) ? ev(n.then) : ev(n.otherwise);
    },
  });
}
