/** Lowers the functional form `(a, b, p) => expr` with relative-offset accessors a(dx, dy). */
import type { AssignOp, Expr, StaticValue, Stmt } from '../ir/nodes.js';
import { inputRef } from '../ir/nodes.js';
import type { KernelIR } from '../ir/kernel.js';
import type { BoundaryMode } from '../stencil/boundary.js';
import { Lowerer } from './lower-common.js';
import type { EsNode, ParsedKernel } from './parse.js';

export interface FunctionalSpec {
  /** Whether the function's last parameter is the parameter object (params and statics). */
  readonly hasParamObject: boolean;
  readonly params: readonly string[];
  readonly statics: Readonly<Record<string, StaticValue>>;
  readonly boundary: BoundaryMode;
  readonly cval: number;
}

export function lowerFunctional(parsed: ParsedKernel, spec: FunctionalSpec): KernelIR {
  return new FunctionalLowerer(parsed, spec).lower();
}

class FunctionalLowerer extends Lowerer {
  private readonly accessors = new Map<string, number>();
  private paramObject: string | undefined;
  private ndim = 0;
  private outputNames: string[] = [];
  private outputStyle: KernelIR['outputStyle'] = 'single';

  constructor(
    parsed: ParsedKernel,
    private readonly spec: FunctionalSpec,
  ) {
    super(parsed);
    Object.assign(this.statics, spec.statics);
  }

  lower(): KernelIR {
    const fn = this.parsed.fn;
    const names = this.parameterNames('async function', 'kernel parameters must be plain names (no defaults, destructuring or rest)');
    const inputNames = this.spec.hasParamObject ? names.slice(0, -1) : names;
    if (this.spec.hasParamObject) {
      if (names.length === 0) throw this.fail(fn, 'parameters', 'params or statics were declared, so the last parameter must name the parameter object, e.g. (a, p) => ...');
      this.paramObject = names[names.length - 1];
    }
    if (inputNames.length === 0) throw this.fail(fn, 'parameters', 'a stencil needs at least one input accessor, e.g. (a) => a(0, 1) + a(0, -1)');
    inputNames.forEach((n, i) => this.accessors.set(n, i));

    let body: Stmt[];
    if (fn.body.type === 'BlockStatement') {
      const stmts: EsNode[] = fn.body.body;
      const last = stmts[stmts.length - 1];
      if (!last || last.type !== 'ReturnStatement') throw this.fail(last ?? fn.body, 'missing return', 'the kernel must end with return <value>');
      body = this.statements(stmts);
    } else {
      body = this.outputs(fn.body);
    }
    return {
      name: this.parsed.source.name,
      ndim: this.ndim,
      inputNames,
      outputNames: this.outputNames,
      outputStyle: this.outputStyle,
      params: this.spec.params,
      statics: this.statics,
      declaredOffsets: [],
      boundary: this.spec.boundary,
      cval: this.spec.cval,
      body,
      source: this.parsed.source,
    };
  }

  protected override checkNotReserved(node: EsNode, name: string): void {
    if (this.accessors.has(name) || name === this.paramObject) throw this.fail(node, 'shadowing', `'${name}' is a kernel parameter and cannot be redeclared`);
  }

  protected override ownNames(): readonly string[] {
    return this.parsed.fn.id ? [this.parsed.fn.id.name] : [];
  }

  protected override formIdentifier(n: EsNode): Expr | undefined {
    if (this.accessors.has(n.name)) throw this.fail(n, 'accessor', `'${n.name}' is an input accessor: call it with offsets, e.g. ${n.name}(0, 1)`);
    if (n.name === this.paramObject) throw this.fail(n, 'parameter object', `use ${n.name}.<name> to read a parameter`);
    return undefined;
  }

  protected override formMember(n: EsNode): Expr | undefined {
    if (!n.computed && n.object.type === 'Identifier' && n.object.name === this.paramObject) {
      const name: string = n.property.name;
      if (this.spec.params.includes(name)) return { kind: 'param', name, loc: this.loc(n) };
      if (name in this.statics) return { kind: 'static', name, indices: [], loc: this.loc(n) };
      const known = [...this.spec.params, ...Object.keys(this.statics)];
      throw this.fail(n, 'unknown parameter', `'${name}' is neither a declared runtime param nor a static (declared: ${known.join(', ') || 'none'})`);
    }
    return this.staticMember(n);
  }

  protected override formCall(n: EsNode): Expr | undefined {
    if (n.callee.type !== 'Identifier' || !this.accessors.has(n.callee.name)) return undefined;
    const input = this.accessors.get(n.callee.name)!;
    const args: EsNode[] = n.arguments;
    if (args.length < 1 || args.length > 3) throw this.fail(n, 'accessor arity', `${n.callee.name}(...) takes one offset per axis (1 to 3)`);
    if (this.ndim !== 0 && args.length !== this.ndim) {
      throw this.fail(n, 'accessor arity', `${n.callee.name}(...) has ${args.length} offsets here but the kernel is ${this.ndim}-D elsewhere`);
    }
    this.ndim = args.length;
    const offset = args.map((a) => {
      if (a.type === 'SpreadElement') throw this.fail(a, 'spread', 'spread arguments are not supported');
      const e = this.expr(a);
      if (!this.isStatic(e)) throw this.fail(a, 'non-static offset', 'neighbour offsets must be known at specialization time (constants, static loop variables or statics)');
      return e;
    });
    return { kind: 'tap', grid: inputRef(input), offset, loc: this.loc(n) };
  }

  protected override formStatement(n: EsNode): Stmt[] | undefined {
    if (n.type === 'ReturnStatement') {
      const top = this.parsed.fn.body.body as EsNode[];
      if (this.nesting > 0 || top[top.length - 1] !== n) throw this.fail(n, 'early return', 'return must be the last statement of the kernel');
      if (!n.argument) throw this.fail(n, 'missing return value', 'the kernel must return a value');
      return this.outputs(n.argument);
    }
    return undefined;
  }

  protected override store(e: EsNode, _op: AssignOp): Stmt {
    throw this.fail(e, 'assignment to a grid', 'functional kernels return their results; only local variables may be assigned');
  }

  private outputs(arg: EsNode): Stmt[] {
    const store = (value: EsNode, output: number): Stmt => ({ kind: 'store', output, op: '=', value: this.expr(value), loc: this.loc(value) });
    if (arg.type === 'ArrayExpression') {
      if (arg.elements.length === 0 || arg.elements.some((x: EsNode | null) => !x || x.type === 'SpreadElement')) {
        throw this.fail(arg, 'return value', 'return one value per output, e.g. return [u, v]');
      }
      this.outputStyle = 'array';
      this.outputNames = arg.elements.map((_: EsNode, i: number) => String(i));
      return arg.elements.map((x: EsNode, i: number) => store(x, i));
    }
    if (arg.type === 'ObjectExpression') {
      const props: EsNode[] = arg.properties;
      if (props.length === 0) throw this.fail(arg, 'return value', 'return at least one output');
      this.outputStyle = 'object';
      this.outputNames = props.map((p) => {
        if (p.type !== 'Property' || p.computed || p.kind !== 'init' || p.method) throw this.fail(p, 'return value', 'named outputs are written { name: value }');
        return p.key.type === 'Identifier' ? p.key.name : String(p.key.value);
      });
      return props.map((p, i) => store(p.value, i));
    }
    this.outputStyle = 'single';
    this.outputNames = ['out'];
    return [store(arg, 0)];
  }
}
