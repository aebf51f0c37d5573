/**
 * Renders one region's point body as C-family statements with JavaScript's semantics. Every
 * target shares these rules; a CDialect only changes spellings.
 *
 * Values are computed in the program's compute type (float32 only when every grid is float32).
 * Coordinates are computed as 64-bit integers where the IR allows (boundary folding over coords,
 * extents and integer constants), so the interior's accesses become `p + offset` with offsets
 * hoisted out of the loops, which is what lets the compiler vectorize the unit-stride loop.
 */
import type { Dtype } from '../../dtype.js';
import type { LoopProgram } from '../../ir/kernel.js';
import type { AssignOp, BinaryOp, Expr, ForStmt, GridRef, MathFunction, Stmt } from '../../ir/nodes.js';
import { evaluateStatic } from '../../ir/static-eval.js';
import { visitExpr, visitStmt } from '../../ir/visitor.js';
import { constantShifts, flatOffset, TapOffsets } from '../tap-offsets.js';
import type { CodeWriter } from './code-writer.js';
import { libmName, mathSuffix, realType, type CDialect, type ComputeType } from './dialect.js';

const COMPARISONS: ReadonlySet<BinaryOp> = new Set(['<', '<=', '>', '>=', '==', '!=']);

export class BodyRenderer {
  readonly compute: ComputeType;
  readonly real: string;
  protected readonly tableNames: readonly string[];
  /** Loop variables known to hold integers (integer start and step, never assigned in the body). */
  protected readonly integerLocals = new Set<string>();

  constructor(
    readonly dialect: CDialect,
    readonly program: LoopProgram,
    /** The hoisted tap offsets of the body (TapOffsets.collect), shared by its renderings. */
    readonly offsets = new TapOffsets(),
    /** Where a store to output k goes (default: the output itself at the point). */
    protected readonly storeTarget: (output: number) => string = (k) => `out${k}[p]`,
    /** Where a read at constant shifts from the point comes from, when not the grid (a local tile). */
    protected readonly loadTarget?: (grid: GridRef, shifts: readonly number[]) => string | undefined,
  ) {
    this.compute = program.compute;
    this.real = realType(this.compute);
    this.tableNames = Object.keys(program.tables);
  }

  // ---- statements -----------------------------------------------------------------------------

  stmts(list: readonly Stmt[], w: CodeWriter, indent: string): void {
    for (const s of list) this.stmt(s, w, indent);
  }

  protected stmt(s: Stmt, w: CodeWriter, indent: string): void {
    const inner = indent + '  ';
    w.mapTo(s.loc);
    visitStmt<void>(s, {
      let: (n) => w.line(`${indent}${this.real} ${localName(n.name)} = ${this.expr(n.init)};`),
      assign: (n) => w.line(`${indent}${localName(n.name)} ${n.op} ${this.expr(n.value)};`),
      store: (n) => w.line(`${indent}${this.store(n.output, n.op, this.expr(n.value))};`),
      for: (n) => {
        const v = localName(n.variable);
        if (integerLoop(n)) {
          // Integer loop variables keep coordinates and table indices in integer arithmetic.
          const from = constantValue(n.from) ?? 0;
          this.integerLocals.add(n.variable);
          w.line(`${indent}for (${this.dialect.int64} ${v} = ${from}; (${this.real})${v} < ${this.expr(n.to)}; ${v} += ${n.step}) {`);
          this.stmts(n.body, w, inner);
          this.integerLocals.delete(n.variable);
        } else {
          w.line(`${indent}for (${this.real} ${v} = ${this.expr(n.from)}; ${v} < ${this.expr(n.to)}; ${v} += ${this.literal(n.step)}) {`);
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

  /**
   * A store to output k at the current point. Integer outputs convert after every store, `+=`
   * included, exactly as a typed array does in the pure mode; float outputs round once.
   */
  store(output: number, op: AssignOp, value: string): string {
    const dtype = this.program.outputs[output].dtype;
    const target = this.storeTarget(output);
    const combined = op === '=' ? value : `${this.loadAs(dtype, target)} ${op[0]} ${value}`;
    return `${target} = ${this.convertForStore(dtype, combined)}`;
  }

  /** The typed-array conversion of a computed value into an element of `dtype`. */
  convertForStore(dtype: Dtype, value: string): string {
    switch (dtype) {
      case 'float64':
        return `(double)(${value})`;
      case 'float32':
        return `(float)(${value})`;
      case 'int32':
        return `sj_to_i32(${value})`;
      case 'uint8':
        return `sj_to_u8(${value})`;
    }
  }

  /** An element read as a compute value: integers and mismatched floats are converted first. */
  protected loadAs(dtype: Dtype, access: string): string {
    return dtype === this.compute ? access : `(${this.real})${access}`;
  }

  // ---- expressions in the compute type ------------------------------------------------------------

  expr(e: Expr): string {
    return visitExpr<string>(e, {
      const: (n) => this.literal(n.value),
      param: (n) => `P${this.program.params.indexOf(n.name)}`,
      static: (n) => this.tableRead(n.name, n.indices),
      local: (n) => (this.integerLocals.has(n.name) ? `(${this.real})${localName(n.name)}` : localName(n.name)),
      coord: (n) => `(${this.real})i${n.axis}`,
      extent: (n) => `(${this.real})n${n.axis}`,
      tap: () => {
        throw new Error('internal: taps must be lowered to loads before rendering');
      },
      load: (n) => this.loadAs(this.gridDtype(n.grid), this.access(n.grid, n.coords)),
      unary: (n) => (n.op === '!' ? `(!${this.cond(n.arg)})` : `(${n.op}${this.expr(n.arg)})`),
      binary: (n) => this.binary(n.op, n.left, n.right),
      call: (n) => this.call(n.fn, n.args),
      select: (n) => `(${this.cond(n.cond)} ? ${this.expr(n.then)} : ${this.expr(n.otherwise)})`,
    });
  }

  /** JavaScript truthiness: comparisons are already 0/1; any other value is tested for 0 and NaN. */
  cond(e: Expr): string {
    if (e.kind === 'binary' && COMPARISONS.has(e.op)) return this.expr(e);
    if (e.kind === 'unary' && e.op === '!') return this.expr(e);
    return `sj_truthy(${this.expr(e)})`;
  }

  protected binary(op: BinaryOp, left: Expr, right: Expr): string {
    const l = this.expr(left);
    const r = this.expr(right);
    const f = mathSuffix(this.dialect, this.compute);
    switch (op) {
      case '%':
        return `fmod${f}(${l}, ${r})`;
      case '**':
        return `sj_pow(${l}, ${r})`;
      default:
        return `(${l} ${op} ${r})`;
    }
  }

  protected call(fn: MathFunction, args: readonly Expr[]): string {
    const a = args.map((x) => this.expr(x));
    const libm = libmName(this.dialect, fn, this.compute);
    if (libm) return `${libm}(${a.join(', ')})`;
    const f = mathSuffix(this.dialect, this.compute);
    switch (fn) {
      case 'pow':
        return `sj_pow(${a[0] ?? this.literal(NaN)}, ${a[1] ?? this.literal(NaN)})`;
      case 'round':
        return `sj_round(${a[0]})`;
      case 'sign':
        return `sj_sign(${a[0]})`;
      case 'min':
        return a.length ? a.reduce((acc, x) => `sj_min(${acc}, ${x})`) : this.literal(Infinity);
      case 'max':
        return a.length ? a.reduce((acc, x) => `sj_max(${acc}, ${x})`) : this.literal(-Infinity);
      case 'fround':
        return `((${this.real})(float)(${a[0] ?? this.literal(NaN)}))`;
      case 'hypot':
        return a.length === 0 ? this.literal(0) : a.length === 1 ? `fabs${f}(${a[0]})` : a.reduce((acc, x) => `hypot${f}(${acc}, ${x})`);
      default:
        throw new Error(`internal: no C rendering for Math.${fn}`);
    }
  }

  /** A numeric literal of the compute type (a double literal if float32 cannot hold the value). */
  literal(v: number): string {
    if (Number.isNaN(v)) return this.dialect.nanLiteral;
    if (v === Infinity) return this.dialect.infinityLiteral;
    if (v === -Infinity) return `(-${this.dialect.infinityLiteral})`;
    let text = Object.is(v, -0) ? '-0' : String(v);
    if (!/[.e]/.test(text)) text += '.0';
    if (this.compute === 'float32' && Number.isFinite(Math.fround(v))) text += 'f';
    return v < 0 || Object.is(v, -0) ? `(${text})` : text;
  }

  protected tableRead(name: string, indices: readonly Expr[]): string {
    const k = this.tableNames.indexOf(name);
    const table = this.program.tables[name];
    if (k < 0 || !table) throw new Error(`internal: static table ${name} was not collected`);
    if (indices.length !== table.dims.length) throw new Error(`static ${name} is indexed ${indices.length} times but has ${table.dims.length} dimensions`);
    const strides = table.dims.map((_, i) => table.dims.slice(i + 1).reduce((a, b) => a * b, 1));
    const ints = indices.map((ix) => this.indexExpr(ix));
    if (ints.every((x) => x !== undefined)) {
      return `sj_tab_i(T${k}, ${table.data.length}, ${ints.map((x, i) => (strides[i] === 1 ? x : `${x} * ${strides[i]}`)).join(' + ') || '0'})`;
    }
    const flat = indices.map((ix, i) => (strides[i] === 1 ? this.expr(ix) : `${this.expr(ix)} * ${this.literal(strides[i])}`));
    return `sj_tab(T${k}, ${table.data.length}, ${flat.join(' + ') || this.literal(0)})`;
  }

  // ---- coordinates as integers ----------------------------------------------------------------------

  protected access(grid: GridRef, coords: readonly Expr[]): string {
    const shifts = this.loadTarget && constantShifts(coords);
    const staged = shifts ? this.loadTarget!(grid, shifts) : undefined;
    return staged ?? `${gridVar(grid)}[${this.flatIndex(coords)}]`;
  }

  /** `p + oK` when every coordinate is the point's own plus a constant; a full flat index otherwise. */
  flatIndex(coords: readonly Expr[]): string {
    const shifts = constantShifts(coords);
    if (shifts) return shifts.every((s) => s === 0) ? 'p' : `p + ${this.offsets.name(shifts)}`;
    const d = coords.length;
    return coords.map((c, a) => (a === d - 1 ? this.coordIndex(c) : `${this.coordIndex(c)} * s${a}`)).join(' + ');
  }

  protected coordIndex(c: Expr): string {
    return this.indexExpr(c) ?? `(${this.dialect.int64})(${this.expr(c)})`;
  }

  /**
   * An integer rendering of a coordinate expression, or undefined when it involves values that are
   * not integers by construction (locals, parameters, tables, calls, division). `%` here only ever
   * divides by extents, which boundary lowering guards against zero.
   */
  indexExpr(e: Expr): string | undefined {
    const r = (x: Expr) => this.indexExpr(x);
    return visitExpr<string | undefined>(e, {
      const: (n) => (Number.isSafeInteger(n.value) && !Object.is(n.value, -0) ? (n.value < 0 ? `(${n.value})` : String(n.value)) : undefined),
      coord: (n) => `i${n.axis}`,
      extent: (n) => `n${n.axis}`,
      param: () => undefined,
      static: () => undefined,
      local: (n) => (this.integerLocals.has(n.name) ? localName(n.name) : undefined),
      tap: () => undefined,
      load: () => undefined,
      call: () => undefined,
      unary: (n) => {
        const a = r(n.arg);
        return a === undefined ? undefined : `(${n.op}${a})`;
      },
      binary: (n) => {
        if (n.op === '/' || n.op === '**') return undefined;
        const [a, b] = [r(n.left), r(n.right)];
        return a === undefined || b === undefined ? undefined : `(${a} ${n.op} ${b})`;
      },
      select: (n) => {
        const [c, a, b] = [r(n.cond), r(n.then), r(n.otherwise)];
        return c === undefined || a === undefined || b === undefined ? undefined : `(${c} ? ${a} : ${b})`;
      },
    });
  }

  protected gridDtype(g: GridRef): Dtype {
    return (g.role === 'input' ? this.program.inputs : this.program.outputs)[g.index].dtype;
  }

  /** `const int64_t oK = …;` for every hoisted offset, written after the body has been rendered. */
  offsetDeclarations(indent: string): string[] {
    return this.offsets.entries().map(([shifts, name]) => `${indent}const ${this.dialect.int64} ${name} = ${flatOffset(shifts, true)};`);
  }
}

/** The value of an expression built from constants alone (generic mode leaves `-1` unfolded). */
export function constantValue(e: Expr): number | undefined {
  return evaluateStatic(e, {}, new Map());
}

/** A static loop whose variable only ever holds integers below 2^53. */
export function integerLoop(n: ForStmt): boolean {
  const from = constantValue(n.from);
  const start = from !== undefined && Number.isSafeInteger(from) && !Object.is(from, -0);
  if (!start || !Number.isSafeInteger(n.step) || n.step === 0) return false;
  let assigned = false;
  const walk = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      visitStmt<void>(s, {
        let: (x) => void (assigned ||= x.name === n.variable),
        assign: (x) => void (assigned ||= x.name === n.variable),
        store: () => {},
        for: (x) => {
          assigned ||= x.variable === n.variable;
          walk(x.body);
        },
        if: (x) => {
          walk(x.then);
          walk(x.otherwise);
        },
      });
    }
  };
  walk(n.body);
  return !assigned;
}

export function gridVar(g: GridRef): string {
  return `${g.role === 'input' ? 'in' : 'out'}${g.index}`;
}

/** A C identifier for a kernel local: `v_` plus the name with non-ASCII-word characters escaped. */
export function localName(name: string): string {
  return `v_${name.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.codePointAt(0)}_`)}`;
}

