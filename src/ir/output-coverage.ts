/**
 * Whether a program's kernel overwrites every point of every output without reading it first. A
 * device backend then skips uploading an output's old contents before the launch: a fresh result
 * costs no transfer at all, while `+=` stores, reads of an output and the `interior` mode (which
 * keeps the border's old values) still see the current contents.
 */
import type { LoopProgram } from './kernel.js';
import type { Stmt } from './nodes.js';
import { forEachExpr, visitStmt } from './visitor.js';

const cache = new WeakMap<LoopProgram, boolean>();

export function overwritesEveryPoint(program: LoopProgram): boolean {
  let known = cache.get(program);
  if (known === undefined) {
    known = program.boundary !== 'interior' && program.regions.every((r) => program.outputs.every((_, k) => firstTouchIsPlainStore(r.body, k)));
    cache.set(program, known);
  }
  return known;
}

/** The first top-level statement that touches output k stores to it with `=` and does not read it. */
export function firstTouchIsPlainStore(body: readonly Stmt[], k: number): boolean {
  for (const s of body) {
    const plainStore = s.kind === 'store' && s.output === k && s.op === '=';
    if (plainStore) return !readsOutput([s], k);
    if (touchesOutput(s, k)) return false;
  }
  return false;
}

function touchesOutput(s: Stmt, k: number): boolean {
  return readsOutput([s], k) || storesOutput(s, k);
}

function readsOutput(stmts: readonly Stmt[], k: number): boolean {
  let found = false;
  forEachExpr(stmts, (e) => {
    if (e.kind === 'load' && e.grid.role === 'output' && e.grid.index === k) found = true;
  });
  return found;
}

function storesOutput(s: Stmt, k: number): boolean {
  return visitStmt<boolean>(s, {
    let: () => false,
    assign: () => false,
    store: (n) => n.output === k,
    for: (n) => n.body.some((x) => storesOutput(x, k)),
    if: (n) => [...n.then, ...n.otherwise].some((x) => storesOutput(x, k)),
  });
}
