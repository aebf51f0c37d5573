/**
 * Finds every neighbour offset the kernel reads, as written (zero-weight taps included), by
 * walking static loops and static branches. The reach derived from it defines the interior for
 * every mode — pure, generic and specialized — so that all three agree.
 */
import { kernelSyntaxError } from '../frontend/diagnostics.js';
import type { KernelIR } from '../ir/kernel.js';
import type { Expr, Stmt } from '../ir/nodes.js';
import { truthy } from '../ir/semantics.js';
import { evaluateStatic } from '../ir/static-eval.js';
import { exprChildren, visitStmt } from '../ir/visitor.js';
import { reachOfOffsets, type Reach } from '../stencil/boundary.js';
import { assignedNames } from './assigned-names.js';

export interface TapAnalysis {
  /** Distinct offsets, each of length ndim. */
  readonly offsets: readonly (readonly number[])[];
  readonly reach: Reach;
}

export function analyzeTaps(kernel: KernelIR): TapAnalysis {
  const seen = new Map<string, number[]>();
  const assigned = assignedNames(kernel.body);
  const env = new Map<string, number>();
  const value = (e: Expr) => evaluateStatic(e, kernel.statics, env);

  // Taps record their offsets; a select with a static condition walks only the arm it takes.
  const expr = (e: Expr): void => {
    if (e.kind === 'tap') {
      const off = e.offset.map((o) => {
        const v = value(o);
        if (v === undefined || !Number.isInteger(v)) {
          throw kernelSyntaxError(kernel.source, o.loc ?? e.loc, 'non-static offset', v === undefined ? 'neighbour offsets must be known at specialization time' : `neighbour offset ${v} is not an integer`);
        }
        return v;
      });
      seen.set(off.join(','), off);
    } else if (e.kind === 'select') {
      expr(e.cond);
      const c = value(e.cond);
      if (c === undefined || truthy(c)) expr(e.then);
      if (c === undefined || !truthy(c)) expr(e.otherwise);
    } else exprChildren(e).forEach(expr);
  };

  const stmts = (list: readonly Stmt[]): void => {
    for (const s of list) {
      visitStmt<void>(s, {
        let: (n) => {
          expr(n.init);
          const v = assigned.has(n.name) ? undefined : value(n.init);
          if (v !== undefined) env.set(n.name, v);
        },
        assign: (n) => expr(n.value),
        store: (n) => expr(n.value),
        for: (n) => {
          const from = value(n.from);
          const to = value(n.to);
          if (from === undefined || to === undefined) throw kernelSyntaxError(kernel.source, n.loc, 'non-static loop bound', 'loop bounds must be known at specialization time');
          for (let i = from; i < to; i += n.step) {
            env.set(n.variable, i);
            stmts(n.body);
          }
          env.delete(n.variable);
        },
        if: (n) => {
          expr(n.cond);
          const c = value(n.cond);
          if (c === undefined || truthy(c)) stmts(n.then);
          if (c === undefined || !truthy(c)) stmts(n.otherwise);
        },
      });
    }
  };
  stmts(kernel.body);
  for (const off of kernel.declaredOffsets) seen.set(off.join(','), [...off]);
  const offsets = [...seen.values()].filter((o) => o.length === kernel.ndim);
  return { offsets, reach: reachOfOffsets(kernel.ndim, offsets) };
}
