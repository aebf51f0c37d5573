/**
 * Elementwise specializers, written only against the public Specializer API as a third party would:
 * a definition gives the per-point value as IR and as plain JavaScript; this class validates calls,
 * runs pure mode, compiles through the shared pipeline and backends, and implements Fusable (its
 * geometry is pointwise: each input is read at the point itself).
 */
import { isDtype, type Dtype } from '../dtype.js';
import { KernelArgumentError } from '../errors.js';
import { Grid, isGrid, sameShape } from '../grid.js';
import type { KernelIR, LoopProgram } from '../ir/kernel.js';
import { constant, inputRef, type Expr, type Stmt } from '../ir/nodes.js';
import { runPipeline } from '../passes/pipeline.js';
import { Specializer, SPECIALIZER_OPTION_KEYS, type ShowResult, type SpecializerOptions } from '../framework/specializer.js';
import type { CallSignature } from '../framework/trace.js';
import type { FusionInfo, NotFusable } from '../framework/fusable.js';
import type { LaunchBox } from '../backends/types.js';
import { planRegions, variantKey } from '../stencil/regions.js';
import { zeroReach } from '../stencil/boundary.js';

export type ArgKind = 'grid' | 'scalar';

export interface ElementwiseDefinition {
  readonly name: string;
  /** Positional arguments in call order: grids are read at the point, scalars are runtime params. */
  readonly args: readonly ArgKind[];
  /** One name per scalar argument (the runtime params of the kernel). */
  readonly scalarNames: readonly string[];
  /** A one-line description for generated code and messages, e.g. "a + b". */
  readonly text: string;
  /** The point's statements for `ndim`-D grids; `grids[k]` reads input k at the point. Stores to output 0. */
  body(grids: readonly Expr[], scalars: readonly Expr[], ndim: number): readonly Stmt[];
  /** The same value in plain JavaScript (pure mode); the store into the output converts it. */
  pure(grids: readonly number[], scalars: readonly number[]): number;
}

export interface ElementwiseOptions extends SpecializerOptions {
  /** The result's dtype; default: the first grid's. */
  readonly outputDtype?: Dtype;
}

export interface ElementwiseCallOptions {
  /** Write into this grid instead of allocating; it may be one of the inputs (each point reads itself only). */
  readonly out?: Grid;
}

const OPTION_KEYS = ['outputDtype', ...SPECIALIZER_OPTION_KEYS];

export class ElementwiseSpecializer extends Specializer {
  private readonly kernels = new Map<number, KernelIR>();
  private readonly boxes = new WeakMap<LoopProgram, Map<string, LaunchBox[]>>();

  constructor(
    readonly definition: ElementwiseDefinition,
    options: ElementwiseOptions = {},
  ) {
    super(options);
    const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
    if (unknown.length) throw new KernelArgumentError(`${definition.name}: unknown option(s) ${unknown.join(', ')}; it takes ${OPTION_KEYS.join(', ')}`);
    if (options.outputDtype !== undefined && !isDtype(options.outputDtype)) throw new KernelArgumentError(`${definition.name}: unknown outputDtype ${String(options.outputDtype)}`);
  }

  get name(): string {
    return this.definition.name;
  }

  call(args: readonly unknown[]): Grid {
    return this.dispatch(args, (a) => this.execute(a));
  }

  override describeCall(args: readonly unknown[]): CallSignature {
    const { grids, scalars, out } = this.parse(args);
    return {
      inputs: grids,
      outputs: [{ shape: grids[0].shape, dtype: this.outputDtype(grids) }],
      written: [out],
      params: scalars,
      style: 'single',
      names: ['out'],
      acceptsOut: true,
      overwrites: true,
    };
  }

  fusionInfo(signature: CallSignature): FusionInfo | NotFusable {
    const mode = this.effectiveMode;
    if (mode === 'pure') return { unfusable: `${this.name} runs in pure mode` };
    const ndim = signature.inputs[0].ndim;
    const zero = new Array<number>(ndim).fill(0);
    return {
      geometry: { kind: 'pointwise', shape: signature.inputs[0].shape },
      deps: { reads: signature.inputs.map(() => [zero]) },
      kernel: this.kernelFor(ndim),
      generic: mode === 'generic',
      backend: this.backend.name,
    };
  }

  show(options: { ndim?: number; dtype?: Dtype; generic?: boolean } = {}): ShowResult {
    const ndim = options.ndim ?? 2;
    const dtype = options.dtype ?? 'float64';
    const generic = options.generic ?? this.mode === 'generic';
    const grids = this.definition.args.filter((a) => a === 'grid').map(() => dtype);
    const result = this.program(`${ndim}:${grids.join(',')}->${dtype}`, generic, (g) =>
      runPipeline(this.kernelFor(ndim), { inputDtypes: grids, outputDtypes: [this.outputDtypeOf(dtype)], generic: g, dump: this.dump }),
    );
    return this.showProgram(result, generic);
  }

  private execute(args: readonly unknown[]): Grid {
    const { grids, scalars, out } = this.parse(args);
    const output = out ?? Grid.zeros(grids[0].shape, this.outputDtype(grids));
    if (this.effectiveMode === 'pure') {
      this.runPure(grids, scalars, output);
      return output;
    }
    const ndim = grids[0].ndim;
    const generic = this.mode === 'generic';
    const inDtypes = grids.map((g) => g.dtype);
    const key = `${ndim}:${inDtypes.join(',')}->${output.dtype}`;
    const program = this.program(key, generic, (g) => runPipeline(this.kernelFor(ndim), { inputDtypes: inDtypes, outputDtypes: [output.dtype], generic: g, dump: this.dump })).program;
    this.launch(program, { inputs: grids, outputs: [output], params: scalars, shape: grids[0].shape, boxes: this.boxesFor(program, grids[0].shape) });
    return output;
  }

  private runPure(grids: readonly Grid[], scalars: readonly number[], output: Grid): void {
    const ins = grids.map((g) => g.storage.hostForRead());
    const o = output.storage.hostForWrite();
    const values = new Array<number>(ins.length);
    const f = this.definition.pure;
    for (let i = 0; i < o.length; i++) {
      for (let k = 0; k < ins.length; k++) values[k] = ins[k][i];
      o[i] = f(values, scalars);
    }
  }

  private outputDtype(grids: readonly Grid[]): Dtype {
    return this.outputDtypeOf(grids[0].dtype);
  }

  private outputDtypeOf(first: Dtype): Dtype {
    return (this.options as ElementwiseOptions).outputDtype ?? first;
  }

  /** Positional grids and scalars as the definition declares them, then an optional { out }. */
  private parse(args: readonly unknown[]): { grids: Grid[]; scalars: number[]; out: Grid | undefined } {
    const name = this.name;
    const kinds = this.definition.args;
    let rest = args;
    let out: Grid | undefined;
    const last = args[args.length - 1];
    if (args.length === kinds.length + 1 && typeof last === 'object' && last !== null && !isGrid(last) && !ArrayBuffer.isView(last) && !Array.isArray(last)) {
      const unknown = Object.keys(last).filter((k) => k !== 'out');
      if (unknown.length) throw new KernelArgumentError(`${name}: unknown call option(s) ${unknown.join(', ')}; a call takes { out }`);
      const o = (last as ElementwiseCallOptions).out;
      if (o !== undefined && !isGrid(o)) throw new KernelArgumentError(`${name}: 'out' must be a Grid`);
      out = o;
      rest = args.slice(0, -1);
    }
    if (rest.length !== kinds.length) throw new KernelArgumentError(`${name}: expects ${kinds.length} argument(s) (${kinds.join(', ')}), got ${rest.length}`);
    const grids: Grid[] = [];
    const scalars: number[] = [];
    rest.forEach((a, i) => {
      if (kinds[i] === 'grid') {
        if (!isGrid(a)) throw new KernelArgumentError(`${name}: argument ${i} must be a Grid, got ${typeof a}`);
        grids.push(a);
      } else {
        if (typeof a !== 'number') throw new KernelArgumentError(`${name}: argument ${i} must be a number, got ${isGrid(a) ? 'a Grid' : typeof a}`);
        scalars.push(a);
      }
    });
    const shape = grids[0].shape;
    grids.forEach((g, i) => {
      if (!sameShape(g.shape, shape)) throw new KernelArgumentError(`${name}: grid ${i} has shape [${g.shape.join(', ')}] but grid 0 has [${shape.join(', ')}]`);
    });
    if (out && !sameShape(out.shape, shape)) throw new KernelArgumentError(`${name}: 'out' has shape [${out.shape.join(', ')}] but the inputs have [${shape.join(', ')}]`);
    return { grids, scalars, out };
  }

  private kernelFor(ndim: number): KernelIR {
    let k = this.kernels.get(ndim);
    if (!k) {
      const d = this.definition;
      const gridCount = d.args.filter((a) => a === 'grid').length;
      const zero = new Array<Expr>(ndim).fill(constant(0));
      const taps: Expr[] = Array.from({ length: gridCount }, (_, i) => ({ kind: 'tap', grid: inputRef(i), offset: zero }));
      const scalars: Expr[] = d.scalarNames.map((name) => ({ kind: 'param', name }));
      k = {
        name: d.name,
        ndim,
        inputNames: taps.map((_, i) => `in${i}`),
        outputNames: ['out'],
        outputStyle: 'single',
        params: d.scalarNames,
        statics: {},
        declaredOffsets: [],
        // Pointwise: no reach, so every region is the interior and the mode never applies.
        boundary: 'nearest',
        cval: 0,
        body: d.body(taps, scalars, ndim),
        source: { name: d.name, text: `${d.name}: ${d.text}` },
      };
      this.kernels.set(ndim, k);
    }
    return k;
  }

  private boxesFor(program: LoopProgram, shape: readonly number[]): LaunchBox[] {
    let byShape = this.boxes.get(program);
    if (!byShape) this.boxes.set(program, (byShape = new Map()));
    const key = shape.join('x');
    let boxes = byShape.get(key);
    if (!boxes) {
      const index = new Map(program.regions.map((r, i) => [variantKey(r.variant), i]));
      boxes = planRegions(shape, zeroReach(shape.length), program.boundary, program.split).map((b) => ({ region: index.get(variantKey(b.variant))!, lo: b.lo, hi: b.hi }));
      byShape.set(key, boxes);
    }
    return boxes;
  }
}

/** A callable elementwise op: `op(...args, { out }?)`, with `.run`, `.show`, `.with` and its specializer. */
export interface ElementwiseFunction {
  (...args: (Grid | number | ElementwiseCallOptions)[]): Grid;
  run(...args: (Grid | number | ElementwiseCallOptions)[]): Grid;
  show(options?: { ndim?: number; dtype?: Dtype; generic?: boolean }): ShowResult;
  /** The same op with other options (backend, mode, outputDtype, ...). */
  with(options: ElementwiseOptions): ElementwiseFunction;
  readonly specializer: ElementwiseSpecializer;
}

export function elementwise(definition: ElementwiseDefinition, options: ElementwiseOptions = {}): ElementwiseFunction {
  const specializer = new ElementwiseSpecializer(definition, options);
  const callable = ((...args: unknown[]) => specializer.call(args)) as ElementwiseFunction;
  const derived = new Map<string, ElementwiseFunction>();
  const withOptions = (more: ElementwiseOptions): ElementwiseFunction => {
    const key = JSON.stringify(more, (k, v: unknown) => (k === 'backend' && typeof v === 'object' && v !== null ? `object:${(v as { name: string }).name}` : v));
    let d = derived.get(key);
    if (!d) derived.set(key, (d = elementwise(definition, { ...options, ...more })));
    return d;
  };
  return Object.assign(callable, { run: callable, show: (o?: { ndim?: number; dtype?: Dtype; generic?: boolean }) => specializer.show(o), with: withOptions, specializer });
}
