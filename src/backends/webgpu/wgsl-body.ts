/**
 * The shared C-family point-body renderer (c-like/body-renderer.ts), subclassed for WGSL. The
 * rules (truthiness, Math.round, min/max with NaN and -0, `**`, table reads, typed-array store
 * conversion) stay the shared ones; what changes is spelling and typing, because WGSL is strict:
 * comparisons are `bool` (never 0/1 numbers), `?:` is `select`, casts are constructors, locals are
 * `var`, and index arithmetic is `i32` (WGSL has no 64-bit integers; grids of 2^31 points or more
 * are refused before rendering). Values compute in f32: WGSL has no f64 (reject-float64.ts).
 */
import type { Dtype } from '../../dtype.js';
import type { LoopProgram } from '../../ir/kernel.js';
import type { AssignOp, BinaryOp, Expr, GridRef, MathFunction, Stmt } from '../../ir/nodes.js';
import { visitExpr, visitStmt } from '../../ir/visitor.js';
import { BodyRenderer, constantValue, gridVar, integerLoop, localName } from '../c-like/body-renderer.js';
import type { CodeWriter } from '../c-like/code-writer.js';
import { constantShifts, flatOffset, TapOffsets } from '../tap-offsets.js';
import { WGSL_C } from './wgsl-dialect.js';
import { vectorElement } from './wgsl-vectors.js';

/** The same expression (the same node, or an equal tree without source positions). */
function sameExpr(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  const strip = (k: string, v: unknown) => (k === 'loc' ? undefined : v);
  return a.kind === b.kind && JSON.stringify(a, strip) === JSON.stringify(b, strip);
}

const COMPARISONS: ReadonlySet<BinaryOp> = new Set(['<', '<=', '>', '>=', '==', '!=']);

/** WGSL spellings of the Math functions it has with JavaScript's meaning (up to f32 rounding). */
const BUILTIN: Partial<Record<MathFunction, string>> = {
  abs: 'abs',
  sqrt: 'sqrt',
  exp: 'exp',
  log: 'log',
  log2: 'log2',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  asin: 'asin',
  acos: 'acos',
  atan: 'atan',
  atan2: 'atan2',
  sinh: 'sinh',
  cosh: 'cosh',
  tanh: 'tanh',
  floor: 'floor',
  ceil: 'ceil',
  trunc: 'trunc',
};

export interface WgslBodyOptions {
  /** Where a store to output k goes (default: the output at the point). */
  readonly storeTarget?: (output: number) => string;
  /** A register or tile holding a read at constant shifts, when not the grid itself. */
  readonly loadTarget?: (grid: GridRef, shifts: readonly number[]) => string | undefined;
  /** The f32 value of output k at the point, when a store target keeps it elsewhere (uint8 words). */
  readonly outputValue?: (output: number) => string;
  /** Outputs bound as arrays of vectors, with their width (wgsl-vectors.ts): accessed by component. */
  readonly vectorOutputs?: ReadonlyMap<number, number>;
}

/** Output k's element at `index`, through its vector binding where it has one. */
export function outputElement(k: number, index: string, vectorOutputs?: ReadonlyMap<number, number>): string {
  return vectorElement(`out${k}`, index, vectorOutputs?.get(k) ?? 1);
}

export class WgslBodyRenderer extends BodyRenderer {
  constructor(
    program: LoopProgram,
    offsets = new TapOffsets(),
    private readonly options: WgslBodyOptions = {},
  ) {
    super(WGSL_C, program, offsets, options.storeTarget ?? ((k) => outputElement(k, 'p', options.vectorOutputs)), options.loadTarget);
  }

  // ---- statements -----------------------------------------------------------------------------

  protected override stmt(s: Stmt, w: CodeWriter, indent: string): void {
    const inner = indent + '  ';
    w.mapTo(s.loc);
    visitStmt<void>(s, {
      let: (n) => w.line(`${indent}var ${localName(n.name)}: f32 = ${this.expr(n.init)};`),
      assign: (n) => w.line(`${indent}${localName(n.name)} ${n.op} ${this.expr(n.value)};`),
      store: (n) => w.line(`${indent}${this.store(n.output, n.op, this.expr(n.value))};`),
      for: (n) => {
        const v = localName(n.variable);
        if (integerLoop(n)) {
          this.integerLocals.add(n.variable);
          w.line(`${indent}for (var ${v}: i32 = ${constantValue(n.from) ?? 0}; f32(${v}) < ${this.expr(n.to)}; ${v} += ${n.step}) {`);
          this.stmts(n.body, w, inner);
          this.integerLocals.delete(n.variable);
        } else {
          w.line(`${indent}for (var ${v}: f32 = ${this.expr(n.from)}; ${v} < ${this.expr(n.to)}; ${v} += ${this.literal(n.step)}) {`);
          this.stmts(n.body, w, inner);
        }
        w.line(`${indent}}`);
      },
      if: (n) => {
        w.line(`${indent}if (${this.cond(n.cond)}) {`);
        this.stmts(n.then, w, inner);
        if (n.otherwise.length) {
          w.line(`${indent}} else {`);
          this.stmts(n.otherwise, w, inner);
        }
        w.line(`${indent}}`);
      },
    });
  }

  override store(output: number, op: AssignOp, value: string): string {
    const dtype = this.program.outputs[output].dtype;
    const target = this.storeTarget(output);
    const current = this.options.outputValue?.(output) ?? this.loadAs(dtype, target);
    const combined = op === '=' ? value : `${current} ${op[0]} ${value}`;
    return `${target} = ${this.convertForStore(dtype, combined)}`;
  }

  /** The typed-array conversion (shared semantics, prelude.ts): WGSL's i32()/u32() would saturate. */
  override convertForStore(dtype: Dtype, value: string): string {
    switch (dtype) {
      case 'float64':
        throw new Error('internal: float64 reached the WGSL renderer');
      case 'float32':
        return value;
      case 'int32':
        return `sj_to_i32(${value})`;
      case 'uint8':
        // A byte of a packed word; the word scheme (render-wgsl.ts) keeps it in a u32 local.
        return `sj_to_u8(${value})`;
    }
  }

  protected override loadAs(dtype: Dtype, access: string): string {
    return dtype === 'float32' ? access : `f32(${access})`;
  }

  // ---- expressions: f32 values, bool conditions ------------------------------------------------

  override expr(e: Expr): string {
    return visitExpr<string>(e, {
      const: (n) => this.literal(n.value),
      param: (n) => `u.P${this.program.params.indexOf(n.name)}`,
      static: (n) => this.tableRead(n.name, n.indices),
      local: (n) => (this.integerLocals.has(n.name) ? `f32(${localName(n.name)})` : localName(n.name)),
      coord: (n) => `f32(i${n.axis})`,
      extent: (n) => `f32(n${n.axis})`,
      tap: () => {
        throw new Error('internal: taps must be lowered to loads before rendering');
      },
      load: (n) => this.loadValue(n.grid, n.coords),
      unary: (n) => (n.op === '!' ? `sj_b2f(!${this.cond(n.arg)})` : n.op === '-' ? `(-${this.expr(n.arg)})` : this.expr(n.arg)),
      binary: (n) => (COMPARISONS.has(n.op) ? `sj_b2f(${this.comparison(n.op, n.left, n.right)})` : this.binary(n.op, n.left, n.right)),
      call: (n) => this.call(n.fn, n.args),
      select: (n) => `select(${this.expr(n.otherwise)}, ${this.expr(n.then)}, ${this.cond(n.cond)})`,
    });
  }

  /** JavaScript truthiness as a WGSL bool (NaN is false). */
  override cond(e: Expr): string {
    if (e.kind === 'binary' && COMPARISONS.has(e.op)) return this.comparison(e.op, e.left, e.right);
    if (e.kind === 'unary' && e.op === '!') return `(!${this.cond(e.arg)})`;
    if (e.kind === 'select') {
      // Boundary lowering chains conditions as `a ? b : a` (an `and` of bounds checks): render it
      // as && so each test appears once, not twice per link (2^k copies made SwiftShader stall).
      if (sameExpr(e.otherwise, e.cond)) return `(${this.cond(e.cond)} && ${this.cond(e.then)})`;
      if (sameExpr(e.then, e.cond)) return `(${this.cond(e.cond)} || ${this.cond(e.otherwise)})`;
      return `select(${this.cond(e.otherwise)}, ${this.cond(e.then)}, ${this.cond(e.cond)})`;
    }
    return `sj_truthy(${this.expr(e)})`;
  }

  /** `!=` as `!(==)`: with NaN, != must be true, and SwiftShader compiled it as an ordered test. */
  private comparison(op: BinaryOp, left: Expr, right: Expr): string {
    if (op === '!=') return `(!(${this.expr(left)} == ${this.expr(right)}))`;
    return `(${this.expr(left)} ${op} ${this.expr(right)})`;
  }

  protected override binary(op: BinaryOp, left: Expr, right: Expr): string {
    const l = this.expr(left);
    const r = this.expr(right);
    switch (op) {
      case '/':
        // x / x, the same value on both sides: Vulkan compilers may assume finite math and fold it
        // to 1 (a fused kernel on the H100 turned 0 / 0 into 1), so its NaN cases are tested.
        return l === r ? `sj_self_div(${l})` : `(${l} / ${r})`;
      case '%':
        return `sj_fmod(${l}, ${r})`;
      case '**':
        return `sj_pow(${l}, ${r})`;
      default:
        return `(${l} ${op} ${r})`;
    }
  }

  protected override call(fn: MathFunction, args: readonly Expr[]): string {
    const a = args.map((x) => this.expr(x));
    const builtin = BUILTIN[fn];
    if (builtin) return `${builtin}(${a.join(', ')})`;
    const nan = this.literal(NaN);
    switch (fn) {
      case 'pow':
        return `sj_pow(${a[0] ?? nan}, ${a[1] ?? nan})`;
      case 'round':
        return `sj_round(${a[0]})`;
      case 'sign':
        return `sj_sign(${a[0]})`;
      case 'min':
        return a.length ? a.reduce((acc, x) => `sj_min(${acc}, ${x})`) : this.literal(Infinity);
      case 'max':
        return a.length ? a.reduce((acc, x) => `sj_max(${acc}, ${x})`) : this.literal(-Infinity);
      case 'fround':
        // WGSL computes in f32 throughout: rounding to float32 is the value itself.
        return `(${a[0] ?? nan})`;
      case 'hypot':
        return a.length === 0 ? this.literal(0) : a.length === 1 ? `abs(${a[0]})` : a.reduce((acc, x) => `sj_hypot(${acc}, ${x})`);
      case 'cbrt':
      case 'expm1':
      case 'log1p':
      case 'log10':
        return `sj_${fn}(${a[0]})`;
      default:
        throw new Error(`internal: no WGSL rendering for Math.${fn}`);
    }
  }

  /**
   * An f32 literal. Non-finite values come from the uniform block: WGSL rejects a constant
   * expression that evaluates to NaN or ±∞, so they must be runtime values.
   */
  override literal(v: number): string {
    const f = Math.fround(v);
    if (Number.isNaN(v)) return 'sj_nan()';
    if (f === Infinity) return 'sj_inf()';
    if (f === -Infinity) return '(-sj_inf())';
    let text = Object.is(f, -0) ? '-0' : String(f);
    if (!/[.e]/.test(text)) text += '.0';
    return f < 0 || Object.is(f, -0) ? `(${text}f)` : `${text}f`;
  }

  protected override tableRead(name: string, indices: readonly Expr[]): string {
    const k = this.tableNames.indexOf(name);
    const table = this.program.tables[name];
    if (k < 0 || !table) throw new Error(`internal: static table ${name} was not collected`);
    if (indices.length !== table.dims.length) throw new Error(`static ${name} is indexed ${indices.length} times but has ${table.dims.length} dimensions`);
    const strides = table.dims.map((_, i) => table.dims.slice(i + 1).reduce((a, b) => a * b, 1));
    const ints = indices.map((ix) => this.indexExpr(ix));
    if (ints.every((x) => x !== undefined)) return `sj_tab${k}(${ints.map((x, i) => (strides[i] === 1 ? x : `${x} * ${strides[i]}`)).join(' + ') || '0'})`;
    const flat = indices.map((ix, i) => (strides[i] === 1 ? this.expr(ix) : `${this.expr(ix)} * ${this.literal(strides[i])}`));
    return `sj_tabf${k}(${flat.join(' + ') || this.literal(0)})`;
  }

  // ---- grid reads ---------------------------------------------------------------------------------

  /** A grid element as f32: uint8 inputs are bytes of packed words, read by a helper per input. */
  private loadValue(grid: GridRef, coords: readonly Expr[]): string {
    const dtype = this.gridDtype(grid);
    const shifts = constantShifts(coords);
    if (grid.role === 'output' && this.options.outputValue) {
      if (!shifts || shifts.some((s) => s !== 0)) throw new Error('internal: WGSL kernels read outputs only at the point itself');
      return this.options.outputValue(grid.index);
    }
    const staged = shifts && this.loadTarget ? this.loadTarget(grid, shifts) : undefined;
    if (staged) return staged;
    if (dtype === 'uint8') return `sj_rd_${gridVar(grid)}(${this.flatIndex(coords)})`;
    return this.loadAs(dtype, this.access(grid, coords));
  }

  protected override access(grid: GridRef, coords: readonly Expr[]): string {
    if (grid.role === 'output') return outputElement(grid.index, this.flatIndex(coords), this.options.vectorOutputs);
    return `${gridVar(grid)}[${this.flatIndex(coords)}]`;
  }

  protected override coordIndex(c: Expr): string {
    return this.indexExpr(c) ?? `i32(${this.expr(c)})`;
  }

  /** An i32 rendering of an integer coordinate expression, or undefined (see BodyRenderer). */
  override indexExpr(e: Expr): string | undefined {
    const r = (x: Expr) => this.indexExpr(x);
    return visitExpr<string | undefined>(e, {
      const: (n) => (Number.isSafeInteger(n.value) && Math.abs(n.value) < 2 ** 31 && !Object.is(n.value, -0) ? (n.value < 0 ? `(${n.value})` : String(n.value)) : undefined),
      coord: (n) => `i${n.axis}`,
      extent: (n) => `n${n.axis}`,
      param: () => undefined,
      // A table of integers (offsets) keeps the index arithmetic integer: float folding of such
      // indices made SwiftShader's shader compiler run for minutes.
      static: (n) => (this.program.tables[n.name]?.data.every((v) => Number.isSafeInteger(v) && Math.abs(v) < 2 ** 31) ? `i32(${this.tableRead(n.name, n.indices)})` : undefined),
      local: (n) => (this.integerLocals.has(n.name) ? localName(n.name) : undefined),
      tap: () => undefined,
      load: () => undefined,
      call: () => undefined,
      unary: (n) => {
        if (n.op === '!') return undefined;
        const a = r(n.arg);
        return a === undefined ? undefined : n.op === '-' ? `(-${a})` : a;
      },
      binary: (n) => {
        if (n.op === '/' || n.op === '**' || COMPARISONS.has(n.op)) return undefined;
        const [a, b] = [r(n.left), r(n.right)];
        return a === undefined || b === undefined ? undefined : `(${a} ${n.op} ${b})`;
      },
      select: (n) => {
        const c = this.indexCond(n.cond);
        const [a, b] = [r(n.then), r(n.otherwise)];
        return c === undefined || a === undefined || b === undefined ? undefined : `select(${b}, ${a}, ${c})`;
      },
    });
  }

  /** A bool over integer coordinate expressions (boundary folding's tests), or undefined. */
  private indexCond(e: Expr): string | undefined {
    if (e.kind !== 'binary' || !COMPARISONS.has(e.op)) return undefined;
    const [a, b] = [this.indexExpr(e.left), this.indexExpr(e.right)];
    return a === undefined || b === undefined ? undefined : `(${a} ${e.op} ${b})`;
  }

  override offsetDeclarations(indent: string): string[] {
    return this.offsets.entries().map(([shifts, name]) => `${indent}let ${name} = ${flatOffset(shifts, true)};`);
  }
}
