/**
 * Lowers Sepya's class form (paper 000, Figure 1): kernel(in..., out...) with one loop over
 * this.interiorPoints(g) or this.points(g), neighbour loops over this.neighbors(x, k), and stores
 * output[x] (=, +=, -=, *=, /=). Instance fields read through `this` are statics, except those
 * named in `params`, which are runtime parameters.
 */
import type { AssignOp, Expr, GridRef, Stmt } from '../ir/nodes.js';
import { constant, local, inputRef, outputRef } from '../ir/nodes.js';
import type { KernelIR } from '../ir/kernel.js';
import type { BoundaryMode } from '../stencil/boundary.js';
import { Lowerer } from './lower-common.js';
import type { EsNode, ParsedKernel } from './parse.js';
import { toStaticValue } from './static-values.js';

export interface ClassSpec {
  readonly inputCount: number;
  /** The grids' dimensionality, taken from the call. */
  readonly ndim: number;
  readonly neighborhoods: readonly (readonly (readonly number[])[])[];
  /** The instance whose fields are statics. */
  readonly instance: object;
  readonly params: readonly string[];
  readonly boundary: BoundaryMode;
  readonly cval: number;
}

type Point = { kind: 'center' } | { kind: 'neighbor'; table: string; counter: string; ndim: number };

export function neighborhoodTableName(k: number): string {
  return `neighborhood${k}`;
}

export function lowerClassKernel(parsed: ParsedKernel, spec: ClassSpec): KernelIR {
  return new ClassLowerer(parsed, spec).lower();
}

class ClassLowerer extends Lowerer {
  private readonly grids = new Map<string, GridRef>();
  private readonly points = new Map<string, Point>();
  private boundary: BoundaryMode;
  private readonly ndim: number;

  constructor(
    parsed: ParsedKernel,
    private readonly spec: ClassSpec,
  ) {
    super(parsed);
    this.boundary = spec.boundary;
    this.ndim = spec.ndim;
    spec.neighborhoods.forEach((nb, k) => {
      this.statics[neighborhoodTableName(k)] = nb.map((o) => [...o]);
    });
  }

  lower(): KernelIR {
    const fn = this.parsed.fn;
    const names = this.parameterNames('async method', 'kernel parameters must be plain grid names');
    const inputNames = names.slice(0, this.spec.inputCount);
    const outputNames = names.slice(this.spec.inputCount);
    inputNames.forEach((n, i) => this.grids.set(n, inputRef(i)));
    outputNames.forEach((n, i) => this.grids.set(n, outputRef(i)));

    const top: EsNode[] = fn.body.body;
    const loops = top.filter((s) => s.type !== 'EmptyStatement');
    if (loops.length !== 1 || loops[0].type !== 'ForOfStatement') {
      throw this.fail(loops[1] ?? loops[0] ?? fn.body, 'kernel body', 'the kernel body must be one loop: for (const x of this.interiorPoints(out)) { ... } (or this.points(out))');
    }
    const body = this.pointLoop(loops[0]);
    const declaredOffsets = this.spec.neighborhoods.flat().map((o) => [...o]);
    return {
      name: this.parsed.source.name,
      ndim: this.ndim,
      inputNames,
      outputNames,
      outputStyle: outputNames.length === 1 ? 'single' : 'array',
      params: this.spec.params,
      statics: this.statics,
      declaredOffsets,
      boundary: this.boundary,
      cval: this.spec.cval,
      body,
      source: this.parsed.source,
    };
  }

  private pointLoop(n: EsNode): Stmt[] {
    const iter = this.thisCall(n.right);
    if (!iter || (iter.method !== 'interiorPoints' && iter.method !== 'points')) {
      throw this.fail(n.right, 'point loop', 'the outer loop must iterate this.interiorPoints(grid) or this.points(grid)');
    }
    if (iter.args.length !== 1 || iter.args[0].type !== 'Identifier' || !this.grids.has(iter.args[0].name)) {
      throw this.fail(n.right, 'point loop', `${iter.method}(...) takes one of the kernel's grids`);
    }
    if (iter.method === 'interiorPoints') this.boundary = 'interior';
    const name = this.loopVariable(n);
    return this.withScope(() => {
      this.points.set(name, { kind: 'center' });
      return this.block(n.body);
    });
  }

  private loopVariable(n: EsNode): string {
    const decl = n.left;
    if (decl.type !== 'VariableDeclaration' || decl.declarations.length !== 1 || decl.declarations[0].id.type !== 'Identifier') {
      throw this.fail(n.left, 'for...of', 'write for (const x of ...)');
    }
    const name: string = decl.declarations[0].id.name;
    if (this.grids.has(name) || this.points.has(name)) throw this.fail(decl, 'shadowing', `'${name}' is already a grid or point`);
    return name;
  }

  /** `this.method(args)`, or undefined when the node is something else. */
  private thisCall(n: EsNode): { method: string; args: EsNode[] } | undefined {
    if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression' || n.callee.computed || n.callee.object.type !== 'ThisExpression') return undefined;
    return { method: n.callee.property.name, args: n.arguments };
  }

  private neighborLoop(n: EsNode): Stmt[] {
    const call = this.thisCall(n.right)!;
    if (call.args.length !== 2 || call.args[0].type !== 'Identifier' || this.points.get(call.args[0].name)?.kind !== 'center') {
      throw this.fail(n.right, 'neighbour loop', 'write this.neighbors(x, k) with x the point of the enclosing point loop');
    }
    const k = this.staticNumber(call.args[1], this.expr(call.args[1]), 'the neighbourhood index');
    const count = this.spec.neighborhoods.length;
    if (!Number.isInteger(k) || k < 0 || k >= count) {
      throw this.fail(call.args[1], 'neighbourhood index out of range', `neighbourhood ${k} does not exist: the kernel declares ${count} (0..${count - 1})`);
    }
    const name = this.loopVariable(n);
    const table = neighborhoodTableName(k);
    return this.withScope(() => {
      const counter = this.declareLocal(n, `${name}_index`, false, true);
      this.points.set(name, { kind: 'neighbor', table, counter, ndim: this.ndim });
      try {
        const body = this.block(n.body);
        const taps = this.spec.neighborhoods[k].length;
        // An empty neighbourhood runs its body never; its table has no rows to index.
        if (taps === 0) return [];
        return [{ kind: 'for', variable: counter, from: constant(0), to: constant(taps), step: 1, body, loc: this.loc(n) }];
      } finally {
        this.points.delete(name);
      }
    });
  }

  protected override checkNotReserved(node: EsNode, name: string): void {
    if (this.grids.has(name) || this.points.has(name)) throw this.fail(node, 'shadowing', `'${name}' is a grid or point and cannot be redeclared`);
  }

  protected override ownNames(): readonly string[] {
    return ['kernel'];
  }

  protected override formIdentifier(n: EsNode): Expr | undefined {
    if (this.grids.has(n.name)) throw this.fail(n, 'grid', `grid '${n.name}' must be indexed by a point, e.g. ${n.name}[x]`);
    if (this.points.has(n.name)) throw this.fail(n, 'point', `point '${n.name}' can only index grids, e.g. input[${n.name}]`);
    return undefined;
  }

  protected override formMember(n: EsNode): Expr | undefined {
    if (n.computed && n.object.type === 'Identifier' && this.grids.has(n.object.name)) {
      const grid = this.grids.get(n.object.name)!;
      const offset = this.pointOffset(n.property);
      if (grid.role === 'output' && offset.some((o) => !(o.kind === 'const' && o.value === 0))) {
        throw this.fail(n, 'output read at a neighbour', `output '${n.object.name}' may only be read at the current point`);
      }
      return { kind: 'tap', grid, offset, loc: this.loc(n) };
    }
    if (!n.computed && n.object.type === 'ThisExpression') {
      const field: string = n.property.name;
      if (this.spec.params.includes(field)) return { kind: 'param', name: field, loc: this.loc(n) };
      if (field === 'neighbors' || field === 'points' || field === 'interiorPoints') {
        throw this.fail(n, `this.${field}`, `this.${field}(...) may only be iterated with for...of`);
      }
      if (!(field in this.statics)) {
        const value = (this.spec.instance as Record<string, unknown>)[field];
        if (value === undefined) throw this.fail(n, 'free identifier', `this.${field} is not defined on the kernel instance`);
        const s = toStaticValue(value);
        if (typeof s === 'string') throw this.fail(n, 'static field', `this.${field}: ${s}`);
        this.statics[field] = s;
      }
      return { kind: 'static', name: field, indices: [], loc: this.loc(n) };
    }
    return this.staticMember(n);
  }

  private pointOffset(p: EsNode): Expr[] {
    const point = p.type === 'Identifier' ? this.points.get(p.name) : undefined;
    if (!point) throw this.fail(p, 'grid index', 'grids are indexed only by points from this.points, this.interiorPoints or this.neighbors');
    if (point.kind === 'center') return new Array(this.ndim).fill(0).map(() => constant(0));
    return Array.from({ length: point.ndim }, (_, a) => ({ kind: 'static', name: point.table, indices: [local(point.counter), constant(a)] }) as Expr);
  }

  protected override formCall(n: EsNode): Expr | undefined {
    const call = this.thisCall(n);
    if (call && ['neighbors', 'points', 'interiorPoints'].includes(call.method)) {
      throw this.fail(n, `this.${call.method}`, `this.${call.method}(...) may only be iterated with for...of`);
    }
    return undefined;
  }

  protected override formStatement(n: EsNode): Stmt[] | undefined {
    if (n.type === 'ForOfStatement') {
      const call = this.thisCall(n.right);
      if (call?.method === 'neighbors') return this.neighborLoop(n);
      if (call?.method === 'points' || call?.method === 'interiorPoints') throw this.fail(n, 'nested point loop', 'a kernel has exactly one point loop, at its top level');
      throw this.fail(n, 'for...of', 'for...of iterates only this.interiorPoints(g), this.points(g) and this.neighbors(x, k)');
    }
    if (n.type === 'ReturnStatement') throw this.fail(n, 'return', 'class kernels write their outputs, e.g. output[x] = value, and return nothing');
    return undefined;
  }

  protected override store(e: EsNode, op: AssignOp): Stmt {
    const target = e.left;
    if (target.type !== 'MemberExpression' || !target.computed || target.object.type !== 'Identifier' || !this.grids.has(target.object.name)) {
      throw this.fail(target, 'assignment target', 'only local variables and output[x] may be assigned');
    }
    const grid = this.grids.get(target.object.name)!;
    if (grid.role === 'input') throw this.fail(target, 'write to an input', `'${target.object.name}' is an input; write outputs only`);
    const point = target.property.type === 'Identifier' ? this.points.get(target.property.name) : undefined;
    if (!point) throw this.fail(target.property, 'grid index', 'grids are indexed only by points');
    if (point.kind !== 'center') {
      throw this.fail(target, 'write to a neighbour', `a kernel writes only its own point: ${target.object.name}[x], not ${target.object.name}[${target.property.name}]`);
    }
    return { kind: 'store', output: grid.index, op, value: this.expr(e.right), loc: this.loc(e) };
  }
}
