/** A readable dump of the IR, used by `sejits show --ir` and SEJITS_DUMP=ir. */
import type { Expr, GridRef, Stmt } from './nodes.js';
import { visitExpr, visitStmt } from './visitor.js';

const gridName = (g: GridRef) => `${g.role === 'input' ? 'in' : 'out'}${g.index}`;

export function printExpr(e: Expr): string {
  return visitExpr<string>(e, {
    const: (n) => (Object.is(n.value, -0) ? '-0' : String(n.value)),
    param: (n) => `param.${n.name}`,
    static: (n) => `static.${n.name}${n.indices.map((i) => `[${printExpr(i)}]`).join('')}`,
    local: (n) => n.name,
    tap: (n) => `${gridName(n.grid)}@(${n.offset.map(printExpr).join(', ')})`,
    load: (n) => `${gridName(n.grid)}[${n.coords.map(printExpr).join(', ')}]`,
    coord: (n) => `i${n.axis}`,
    extent: (n) => `n${n.axis}`,
    unary: (n) => `${n.op}(${printExpr(n.arg)})`,
    binary: (n) => `(${printExpr(n.left)} ${n.op} ${printExpr(n.right)})`,
    call: (n) => `Math.${n.fn}(${n.args.map(printExpr).join(', ')})`,
    select: (n) => `(${printExpr(n.cond)} ? ${printExpr(n.then)} : ${printExpr(n.otherwise)})`,
  });
}

export function printStmts(stmts: readonly Stmt[], indent = ''): string {
  return stmts.map((s) => printStmt(s, indent)).join('\n');
}

function printStmt(s: Stmt, indent: string): string {
  const inner = indent + '  ';
  return visitStmt<string>(s, {
    let: (n) => `${indent}let ${n.name} = ${printExpr(n.init)}`,
    assign: (n) => `${indent}${n.name} ${n.op} ${printExpr(n.value)}`,
    store: (n) => `${indent}out${n.output}[i] ${n.op} ${printExpr(n.value)}`,
    for: (n) => `${indent}for ${n.variable} in ${printExpr(n.from)}..${printExpr(n.to)} step ${n.step} {\n${printStmts(n.body, inner)}\n${indent}}`,
    if: (n) =>
      `${indent}if ${printExpr(n.cond)} {\n${printStmts(n.then, inner)}\n${indent}}` +
      (n.otherwise.length ? ` else {\n${printStmts(n.otherwise, inner)}\n${indent}}` : ''),
  });
}
