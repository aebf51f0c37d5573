import type { Stmt } from '../ir/nodes.js';
import { visitStmt } from '../ir/visitor.js';

/** Every local that some statement assigns after its declaration. */
export function assignedNames(stmts: readonly Stmt[], into = new Set<string>()): Set<string> {
  for (const s of stmts) {
    visitStmt<void>(s, {
      let: () => {},
      store: () => {},
      assign: (n) => void into.add(n.name),
      for: (n) => void assignedNames(n.body, into),
      if: (n) => {
        assignedNames(n.then, into);
        assignedNames(n.otherwise, into);
      },
    });
  }
  return into;
}
