/**
 * Moves top-level `let`s that do not depend on the point (only on runtime parameters, constants
 * and other hoisted values) out of the loop nest: the bilateral filter's 1/(2σ_r²) is computed once
 * per launch instead of once per point.
 */
import type { KernelIR } from '../ir/kernel.js';
import type { Expr, Stmt } from '../ir/nodes.js';
import { forEachExpr } from '../ir/visitor.js';
import { assignedNames } from './assigned-names.js';

export interface Hoisted {
  readonly kernel: KernelIR;
  /** Statements to run once before the loops, in order. */
  readonly prologue: readonly Stmt[];
}

export function hoistInvariants(kernel: KernelIR): Hoisted {
  const assigned = assignedNames(kernel.body);
  const hoisted = new Set<string>();
  const prologue: Stmt[] = [];
  const body: Stmt[] = [];
  for (const s of kernel.body) {
    if (s.kind === 'let' && !assigned.has(s.name) && pointInvariant(s.init, hoisted)) {
      hoisted.add(s.name);
      prologue.push(s);
    } else body.push(s);
  }
  return { kernel: { ...kernel, body }, prologue };
}

function pointInvariant(e: Expr, hoisted: ReadonlySet<string>): boolean {
  let invariant = true;
  forEachExpr([{ kind: 'let', name: '', init: e }], (n) => {
    if (n.kind === 'tap' || n.kind === 'load' || n.kind === 'coord' || (n.kind === 'local' && !hoisted.has(n.name))) invariant = false;
  });
  return invariant;
}
