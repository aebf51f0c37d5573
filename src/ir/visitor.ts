/**
 * Exhaustive visitors. A visitor is a Record over every node kind, so adding a kind is a compile
 * error wherever it is not yet handled.
 */
import type { Expr, ExprKind, Stmt, StmtKind } from './nodes.js';

export type ExprOf<K extends ExprKind> = Extract<Expr, { kind: K }>;
export type StmtOf<K extends StmtKind> = Extract<Stmt, { kind: K }>;

export type ExprVisitor<R> = { readonly [K in ExprKind]: (node: ExprOf<K>) => R };
export type StmtVisitor<R> = { readonly [K in StmtKind]: (node: StmtOf<K>) => R };

export function visitExpr<R>(node: Expr, visitor: ExprVisitor<R>): R {
  return (visitor[node.kind] as (n: Expr) => R)(node);
}

export function visitStmt<R>(node: Stmt, visitor: StmtVisitor<R>): R {
  return (visitor[node.kind] as (n: Stmt) => R)(node);
}

/** Rebuilds an expression bottom-up: children first, then `leave` may replace the node. */
export function mapExpr(node: Expr, leave: (e: Expr) => Expr): Expr {
  const m = (e: Expr) => mapExpr(e, leave);
  const rebuilt = visitExpr<Expr>(node, {
    const: (e) => e,
    param: (e) => e,
    local: (e) => e,
    coord: (e) => e,
    extent: (e) => e,
    static: (e) => ({ ...e, indices: e.indices.map(m) }),
    tap: (e) => ({ ...e, offset: e.offset.map(m) }),
    load: (e) => ({ ...e, coords: e.coords.map(m) }),
    unary: (e) => ({ ...e, arg: m(e.arg) }),
    binary: (e) => ({ ...e, left: m(e.left), right: m(e.right) }),
    call: (e) => ({ ...e, args: e.args.map(m) }),
    select: (e) => ({ ...e, cond: m(e.cond), then: m(e.then), otherwise: m(e.otherwise) }),
  });
  return leave(rebuilt);
}

/** Maps every expression held by a statement list (recursively), keeping statement structure. */
export function mapStmtExprs(stmts: readonly Stmt[], f: (e: Expr) => Expr): Stmt[] {
  return stmts.map((s) =>
    visitStmt<Stmt>(s, {
      let: (n) => ({ ...n, init: f(n.init) }),
      assign: (n) => ({ ...n, value: f(n.value) }),
      store: (n) => ({ ...n, value: f(n.value) }),
      for: (n) => ({ ...n, from: f(n.from), to: f(n.to), body: mapStmtExprs(n.body, f) }),
      if: (n) => ({ ...n, cond: f(n.cond), then: mapStmtExprs(n.then, f), otherwise: mapStmtExprs(n.otherwise, f) }),
    }),
  );
}

/** An expression's direct children, in evaluation order. */
export function exprChildren(node: Expr): readonly Expr[] {
  return visitExpr<readonly Expr[]>(node, {
    const: () => [],
    param: () => [],
    local: () => [],
    coord: () => [],
    extent: () => [],
    static: (n) => n.indices,
    tap: (n) => n.offset,
    load: (n) => n.coords,
    unary: (n) => [n.arg],
    binary: (n) => [n.left, n.right],
    call: (n) => n.args,
    select: (n) => [n.cond, n.then, n.otherwise],
  });
}

/** Calls `f` on every expression node, pre-order, in a statement list. */
export function forEachExpr(stmts: readonly Stmt[], f: (e: Expr) => void): void {
  const walk = (e: Expr): void => {
    f(e);
    exprChildren(e).forEach(walk);
  };

  for (const s of stmts) {
    visitStmt<void>(s, {
      let: (n) => walk(n.init),
      assign: (n) => walk(n.value),
      store: (n) => walk(n.value),
      for: (n) => {
        walk(n.from);
        walk(n.to);
        forEachExpr(n.body, f);
      },
      if: (n) => {
        walk(n.cond);
        forEachExpr(n.then, f);
        forEachExpr(n.otherwise, f);
      },
    });
  }
}
