/**
 * `map((a, b, ...) => expr)`: a general elementwise op. Its parameters are the input values at the
 * point (not accessors), so the kernel is plain arithmetic: `map((x, y) => Math.max(x, y) - 1)`.
 * The frontend is the framework's Lowerer with one form hook: a parameter name reads its input at
 * the point. Everything else (locals, Math, ternaries, static loops) is the stencil subset.
 */
import { KernelArgumentError } from '../errors.js';
import { Lowerer } from '../frontend/lower-common.js';
import { parseKernel, type EsNode, type ParsedKernel } from '../frontend/parse.js';
import type { AssignOp, Expr, Stmt } from '../ir/nodes.js';
import { elementwise, type ElementwiseFunction, type ElementwiseOptions } from './elementwise.js';

export interface MapOptions extends ElementwiseOptions {
  /** A name for messages and generated code; default: the function's name or 'map'. */
  readonly name?: string;
}

type ValueFn = (...values: number[]) => number | boolean;

export function map(fn: ValueFn, options: MapOptions = {}): ElementwiseFunction {
  if (typeof fn !== 'function') throw new KernelArgumentError('map(fn): fn must be a function of the input values');
  const { name: given, ...rest } = options;
  const name = given ?? (fn.name || 'map');
  const stack = new Error().stack;
  let parsed: ParsedKernel | undefined;
  const parse = () => (parsed ??= parseKernel(fn, name, stack));
  const arity = fn.length;
  if (arity < 1) throw new KernelArgumentError(`${name}: map's function takes one parameter per input grid, e.g. (a, b) => a * b`);
  return elementwise(
    {
      name,
      args: new Array(arity).fill('grid'),
      scalarNames: [],
      text: fn.toString(),
      body: (grids) => new MapLowerer(parse(), grids).lower(),
      pure: (values) => Number(fn(...values)),
    },
    rest,
  );
}

class MapLowerer extends Lowerer {
  private readonly values = new Map<string, Expr>();

  constructor(
    parsed: ParsedKernel,
    private readonly grids: readonly Expr[],
  ) {
    super(parsed);
  }

  lower(): Stmt[] {
    const fn = this.parsed.fn;
    const names = this.parameterNames('async function', 'map parameters must be plain names (no defaults, destructuring or rest)');
    names.forEach((n, i) => this.values.set(n, this.grids[i]));
    if (fn.body.type !== 'BlockStatement') return [this.result(fn.body)];
    const stmts: EsNode[] = fn.body.body;
    const last = stmts[stmts.length - 1];
    if (!last || last.type !== 'ReturnStatement') throw this.fail(last ?? fn.body, 'missing return', 'the function must end with return <value>');
    return this.statements(stmts);
  }

  private result(value: EsNode): Stmt {
    return { kind: 'store', output: 0, op: '=', value: this.expr(value), loc: this.loc(value) };
  }

  protected override checkNotReserved(node: EsNode, name: string): void {
    if (this.values.has(name)) throw this.fail(node, 'shadowing', `'${name}' is an input value and cannot be redeclared`);
  }

  protected override ownNames(): readonly string[] {
    return this.parsed.fn.id ? [this.parsed.fn.id.name] : [];
  }

  protected override formIdentifier(n: EsNode): Expr | undefined {
    const v = this.values.get(n.name);
    return v && { ...v, loc: this.loc(n) };
  }

  protected override formMember(n: EsNode): Expr | undefined {
    return this.staticMember(n);
  }

  protected override formCall(): Expr | undefined {
    return undefined;
  }

  protected override formStatement(n: EsNode): Stmt[] | undefined {
    if (n.type !== 'ReturnStatement') return undefined;
    const top = this.parsed.fn.body.body as EsNode[];
    if (this.nesting > 0 || top[top.length - 1] !== n) throw this.fail(n, 'early return', 'return must be the last statement');
    if (!n.argument) throw this.fail(n, 'missing return value', 'the function must return a value');
    if (n.argument.type === 'ArrayExpression' || n.argument.type === 'ObjectExpression') throw this.fail(n.argument, 'return value', 'map returns one value per point');
    return [this.result(n.argument)];
  }

  protected override store(e: EsNode, _op: AssignOp): Stmt {
    throw this.fail(e, 'assignment', 'map functions return their result; only local variables may be assigned');
  }
}
