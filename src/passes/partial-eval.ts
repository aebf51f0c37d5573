/**
 * Partial evaluation (paper 004): static parameters and tables become constants, static loops
 * unroll, constant subexpressions fold with JavaScript's own arithmetic, and taps multiplied by
 * zero disappear. Locals declared inside unrolled bodies get fresh names.
 */
import { kernelSyntaxError } from '../frontend/diagnostics.js';
import type { KernelIR } from '../ir/kernel.js';
import { binary, constant, local, unary, type Expr, type Stmt } from '../ir/nodes.js';
import { applyBinary, applyCall, applyUnary, truthy } from '../ir/semantics.js';
import { evaluateStatic, lookupStatic, staticToNumber } from '../ir/static-eval.js';
import { visitExpr, visitStmt } from '../ir/visitor.js';
import { assignedNames } from './assigned-names.js';

export interface PartialEvalOptions {
  /** Loops whose unrolled body would exceed this many statements in all stay loops. */
  readonly unrollBudget?: number;
}

export function partialEvaluate(kernel: KernelIR, options: PartialEvalOptions = {}): KernelIR {
  const pe = new PartialEvaluator(kernel, options.unrollBudget ?? 20000);
  return { ...kernel, body: pe.stmts(kernel.body) };
}



const tripCount = (from: number, to: number, step: number) => Math.max(0, Math.ceil((to - from) / step));
const isConst = (e: Expr): e is Extract<Expr, { kind: 'const' }> => e.kind === 'const';
const isValue = (e: Expr, v: number) => e.kind === 'const' && e.value === v;

class PartialEvaluator {
  /** Static locals: never assigned, so substituted everywhere and their declaration dropped. */
  private readonly env = new Map<string, number>();
  /** Mutable locals whose current value is known on straight-line code (constant propagation). */
  private known = new Map<string, number>();
  private readonly scopes: Map<string, string>[] = [new Map()];
  private readonly usedNames = new Set<string>();
  private readonly assigned: Set<string>;

  constructor(
    private readonly kernel: KernelIR,
    /** Statements unrolling may still emit; nested static loops multiply, so this bounds code size. */
    private unrollBudget: number,
  ) {
    this.assigned = assignedNames(kernel.body);
  }

  private scoped<T>(f: () => T): T {
    this.scopes.push(new Map());
    try {
      return f();
    } finally {
      this.scopes.pop();
    }
  }

  private renamed(name: string): string {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const r = this.scopes[i].get(name);
      if (r) return r;
    }
    return name;
  }

  private fresh(name: string): string {
    let out = name;
    for (let k = 1; this.usedNames.has(out); k++) out = `${name}_${k}`;
    this.usedNames.add(out);
    this.scopes[this.scopes.length - 1].set(name, out);
    return out;
  }

  stmts(list: readonly Stmt[]): Stmt[] {
    return list.flatMap((s) => this.stmt(s));
  }

  private stmt(s: Stmt): Stmt[] {
    return visitStmt<Stmt[]>(s, {
      let: (n) => {
        const init = this.expr(n.init);
        if (isConst(init) && !this.assigned.has(n.name)) {
          this.env.set(n.name, init.value);
          return [];
        }
        this.env.delete(n.name);
        if (isConst(init)) this.known.set(n.name, init.value);
        else this.known.delete(n.name);
        return [{ ...n, name: this.fresh(n.name), init }];
      },
      assign: (n) => {
        const value = this.expr(n.value);
        if (((n.op === '+=' || n.op === '-=') && isValue(value, 0)) || ((n.op === '*=' || n.op === '/=') && isValue(value, 1))) return [];
        const old = this.known.get(n.name);
        if (isConst(value) && (n.op === '=' || old !== undefined)) {
          this.known.set(n.name, n.op === '=' ? value.value : applyBinary(n.op[0] as '+' | '-' | '*' | '/', old!, value.value));
        } else this.known.delete(n.name);
        return [{ ...n, name: this.renamed(n.name), value }];
      },
      store: (n) => [{ ...n, value: this.expr(n.value) }],
      if: (n) => {
        const cond = this.expr(n.cond);
        if (isConst(cond)) return this.scoped(() => this.stmts(truthy(cond.value) ? n.then : n.otherwise));
        const before = new Map(this.known);
        const then = this.scoped(() => this.stmts(n.then));
        const afterThen = this.known;
        this.known = new Map(before);
        const otherwise = this.scoped(() => this.stmts(n.otherwise));
        // After the branch, only values both arms agree on are known.
        for (const [name, v] of this.known) if (afterThen.get(name) !== v) this.known.delete(name);
        return [{ ...n, cond, then, otherwise }];
      },
      for: (n) => {
        const from = this.expr(n.from);
        const to = this.expr(n.to);
        const cost = isConst(from) && isConst(to) ? tripCount(from.value, to.value, n.step) * this.unrolledSize(n.body) : Infinity;
        if (isConst(from) && isConst(to) && cost <= this.unrollBudget) {
          this.unrollBudget -= cost;
          const out: Stmt[] = [];
          for (let i = from.value; i < to.value; i += n.step) {
            this.env.set(n.variable, i);
            out.push(...this.scoped(() => this.stmts(n.body)));
          }
          this.env.delete(n.variable);
          return out;
        }
        // A loop that stays a loop runs its body an unknown number of times: forget what it assigns.
        const forget = () => assignedNames(n.body).forEach((name) => this.known.delete(name));
        forget();
        return this.scoped(() => {
          const variable = this.fresh(n.variable);
          const body = this.stmts(n.body);
          forget();
          return [{ ...n, variable, from, to, body }];
        });
      },
    });
  }

  /** Statements one copy of `stmts` unrolls into, nested static loops multiplied out. */
  private unrolledSize(stmts: readonly Stmt[]): number {
    return stmts.reduce((total, s) => {
      if (s.kind === 'if') return total + 1 + this.unrolledSize(s.then) + this.unrolledSize(s.otherwise);
      if (s.kind !== 'for') return total + 1;
      const from = evaluateStatic(s.from, this.kernel.statics, this.env);
      const to = evaluateStatic(s.to, this.kernel.statics, this.env);
      const trips = from !== undefined && to !== undefined ? tripCount(from, to, s.step) : 1;
      return total + 1 + trips * this.unrolledSize(s.body);
    }, 0);
  }

  private expr(e: Expr): Expr {
    return visitExpr<Expr>(e, {
      const: (n) => n,
      param: (n) => n,
      coord: (n) => n,
      extent: (n) => n,
      local: (n) => {
        const v = this.env.get(n.name) ?? this.known.get(n.name);
        return v !== undefined ? constant(v, n.loc) : local(this.renamed(n.name), n.loc);
      },
      static: (n) => {
        const indices = n.indices.map((i) => this.expr(i));
        if (!indices.every(isConst)) return { ...n, indices };
        const r = lookupStatic(this.kernel.statics[n.name], indices.map((i) => i.value));
        if (!r.ok) throw kernelSyntaxError(this.kernel.source, n.loc, 'static index out of range', `${n.name}: ${r.reason}`);
        const v = staticToNumber(r.value);
        if (v === undefined) throw kernelSyntaxError(this.kernel.source, n.loc, 'static table', `${n.name} is indexed too few times: it is still an array here`);
        return constant(v, n.loc);
      },
      tap: (n) => ({ ...n, offset: n.offset.map((o) => this.expr(o)) }),
      load: (n) => ({ ...n, coords: n.coords.map((c) => this.expr(c)) }),
      unary: (n) => {
        const arg = this.expr(n.arg);
        if (isConst(arg)) return constant(applyUnary(n.op, arg.value), n.loc);
        if (n.op === '+' && arg.kind === 'unary' && arg.op === '-') return arg;
        return { ...n, arg };
      },
      binary: (n) => foldBinary({ ...n, left: this.expr(n.left), right: this.expr(n.right) }),
      call: (n) => {
        const args = n.args.map((a) => this.expr(a));
        return args.every(isConst) ? constant(applyCall(n.fn, args.map((a) => a.value)), n.loc) : { ...n, args };
      },
      select: (n) => {
        const cond = this.expr(n.cond);
        if (isConst(cond)) return this.expr(truthy(cond.value) ? n.then : n.otherwise);
        return { ...n, cond, then: this.expr(n.then), otherwise: this.expr(n.otherwise) };
      },
    });
  }
}

/** Folds constants and the identities that drop zero-weight taps: x*0, x*1, x+0, x-0, x/1. */
function foldBinary(n: Extract<Expr, { kind: 'binary' }>): Expr {
  const { left: l, right: r } = n;
  if (isConst(l) && isConst(r)) return constant(applyBinary(n.op, l.value, r.value), n.loc);
  switch (n.op) {
    case '*':
      if (isValue(l, 0) || isValue(r, 0)) return constant(0, n.loc);
      if (isValue(l, 1)) return r;
      if (isValue(r, 1)) return l;
      if (isValue(l, -1)) return unary('-', r, n.loc);
      if (isValue(r, -1)) return unary('-', l, n.loc);
      return n;
    case '+':
      if (isValue(l, 0)) return r;
      if (isValue(r, 0)) return l;
      if (r.kind === 'unary' && r.op === '-') return binary('-', l, r.arg, n.loc);
      return n;
    case '-':
      if (isValue(r, 0)) return l;
      if (isValue(l, 0)) return unary('-', r, n.loc);
      return n;
    case '/':
      return isValue(r, 1) ? l : n;
    default:
      return n;
  }
}
