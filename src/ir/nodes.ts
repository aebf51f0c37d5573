/**
 * The one typed IR: immutable discriminated unions. Kernel bodies (per point) and the loop program
 * that backends render share these nodes. Every pass and renderer handles them through the
 * exhaustive visitors of visitor.ts.
 */
import type { SourceLocation } from '../errors.js';

export type Loc = SourceLocation | undefined;

/** A grid operand: the kernel's i-th input or i-th output. */
export interface GridRef {
  readonly role: 'input' | 'output';
  readonly index: number;
}

export type UnaryOp = '-' | '+' | '!';
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '**' | '<' | '<=' | '>' | '>=' | '==' | '!=';
export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=';

export const MATH_FUNCTIONS = [
  'abs', 'sqrt', 'cbrt', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sin', 'cos', 'tan', 'asin', 'acos',
  'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'pow', 'min', 'max', 'floor', 'ceil', 'round', 'trunc', 'sign', 'hypot',
  // Rounding to float32: what a store to a float32 grid does; fused code applies it at each fused-away store.
  'fround',
] as const;
export type MathFunction = (typeof MATH_FUNCTIONS)[number];

export const MATH_CONSTANTS = ['PI', 'E', 'LN2', 'LN10', 'LOG2E', 'LOG10E', 'SQRT2', 'SQRT1_2'] as const;

export interface ConstExpr { readonly kind: 'const'; readonly value: number; readonly loc?: Loc }
/** A runtime scalar parameter, passed at call time. */
export interface ParamExpr { readonly kind: 'param'; readonly name: string; readonly loc?: Loc }
/** A static value (number or nested numeric array) baked in at specialization; indices select an element. */
export interface StaticExpr { readonly kind: 'static'; readonly name: string; readonly indices: readonly Expr[]; readonly loc?: Loc }
export interface LocalExpr { readonly kind: 'local'; readonly name: string; readonly loc?: Loc }
/** A read of a grid relative to the current point, before boundary lowering. */
export interface TapExpr { readonly kind: 'tap'; readonly grid: GridRef; readonly offset: readonly Expr[]; readonly loc?: Loc }
/** A read at absolute, already in-range coordinates: what boundary lowering turns taps into. */
export interface LoadExpr { readonly kind: 'load'; readonly grid: GridRef; readonly coords: readonly Expr[]; readonly loc?: Loc }
/** The current point's coordinate along an axis. */
export interface CoordExpr { readonly kind: 'coord'; readonly axis: number; readonly loc?: Loc }
/** The grid's extent along an axis. */
export interface ExtentExpr { readonly kind: 'extent'; readonly axis: number; readonly loc?: Loc }
export interface UnaryExpr { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: Expr; readonly loc?: Loc }
export interface BinaryExpr { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly loc?: Loc }
export interface CallExpr { readonly kind: 'call'; readonly fn: MathFunction; readonly args: readonly Expr[]; readonly loc?: Loc }
/** `cond ? then : otherwise`, with JavaScript truthiness of cond; only the chosen arm is evaluated. */
export interface SelectExpr { readonly kind: 'select'; readonly cond: Expr; readonly then: Expr; readonly otherwise: Expr; readonly loc?: Loc }

export type Expr =
  | ConstExpr
  | ParamExpr
  | StaticExpr
  | LocalExpr
  | TapExpr
  | LoadExpr
  | CoordExpr
  | ExtentExpr
  | UnaryExpr
  | BinaryExpr
  | CallExpr
  | SelectExpr;

export type ExprKind = Expr['kind'];

export interface LetStmt { readonly kind: 'let'; readonly name: string; readonly init: Expr; readonly loc?: Loc }
export interface AssignStmt { readonly kind: 'assign'; readonly name: string; readonly op: AssignOp; readonly value: Expr; readonly loc?: Loc }
/** A write to an output at the current point; integer outputs convert after every store. */
export interface StoreStmt { readonly kind: 'store'; readonly output: number; readonly op: AssignOp; readonly value: Expr; readonly loc?: Loc }
/** `for (let v = from; v < to; v += step)` with static bounds: unrolled by partial evaluation. */
export interface ForStmt {
  readonly kind: 'for';
  readonly variable: string;
  readonly from: Expr;
  readonly to: Expr;
  readonly step: number;
  readonly body: readonly Stmt[];
  readonly loc?: Loc;
}
export interface IfStmt { readonly kind: 'if'; readonly cond: Expr; readonly then: readonly Stmt[]; readonly otherwise: readonly Stmt[]; readonly loc?: Loc }

export type Stmt = LetStmt | AssignStmt | StoreStmt | ForStmt | IfStmt;
export type StmtKind = Stmt['kind'];

/** A static value: what partial evaluation may fold. */
export type StaticValue = number | boolean | readonly StaticValue[];

// Constructors keep call sites short and the node shapes in one place.
export const constant = (value: number, loc?: Loc): ConstExpr => ({ kind: 'const', value, loc });
export const local = (name: string, loc?: Loc): LocalExpr => ({ kind: 'local', name, loc });
export const coord = (axis: number): CoordExpr => ({ kind: 'coord', axis });
export const extent = (axis: number): ExtentExpr => ({ kind: 'extent', axis });
export const binary = (op: BinaryOp, left: Expr, right: Expr, loc?: Loc): BinaryExpr => ({ kind: 'binary', op, left, right, loc });
export const unary = (op: UnaryOp, arg: Expr, loc?: Loc): UnaryExpr => ({ kind: 'unary', op, arg, loc });
export const select = (cond: Expr, then: Expr, otherwise: Expr, loc?: Loc): SelectExpr => ({ kind: 'select', cond, then, otherwise, loc });
export const load = (grid: GridRef, coords: readonly Expr[]): LoadExpr => ({ kind: 'load', grid, coords });
export const inputRef = (index: number): GridRef => ({ role: 'input', index });
export const outputRef = (index: number): GridRef => ({ role: 'output', index });

export function isConst(e: Expr, value?: number): e is ConstExpr {
  return e.kind === 'const' && (value === undefined || Object.is(e.value, value) || e.value === value);
}
