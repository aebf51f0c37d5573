/**
 * The stencil specializer, written against the public Specializer API. Both kernel forms plug in
 * through a StencilFrontend; this class validates calls, runs pure mode, or lowers, runs the
 * passes, plans regions and launches on the backend.
 */
import type { Dtype } from '../dtype.js';
import { KernelArgumentError } from '../errors.js';
import { Grid } from '../grid.js';
import type { KernelIR, LoopProgram } from '../ir/kernel.js';
import { runPipeline } from '../passes/pipeline.js';
import { Specializer, registerSpecializer, type ShowResult, type SpecializerOptions } from '../framework/specializer.js';
import type { Launch, LaunchBox } from '../backends/types.js';
import type { TuneOptions, TuneReport } from '../backends/gpu/tuner.js';
import { checkShapes, outputDtypes, paramValues, resolveOutputs, splitCallArgs, type StencilCallOptions } from './call-args.js';
import { planRegions, variantKey } from './regions.js';
import type { OutputStyle } from './pure-functional.js';
import type { CallSignature } from '../framework/trace.js';
import type { FusionInfo, NotFusable } from '../framework/fusable.js';
import { analyzeTaps } from '../passes/analyze-taps.js';
import { firstTouchIsPlainStore } from '../ir/output-coverage.js';
import { partialEvaluate } from '../passes/partial-eval.js';
import { forEachExpr } from '../ir/visitor.js';

export type StencilResult = Grid | Grid[] | Record<string, Grid>;

export interface StencilFrontend {
  readonly name: string;
  /** Runtime parameter names. */
  readonly params: readonly string[];
  /** Output dtypes chosen by the kernel's options (else the first input's). */
  readonly outputDtype: Dtype | readonly Dtype[] | Readonly<Record<string, Dtype>> | undefined;
  /** Fixed for the functional form; undefined when the call decides (class form). */
  readonly inputCount: number | undefined;
  /** The kernel's dimensionality when its source alone shows it (0 when not). */
  readonly declaredNdim: number;
  lower(inputCount: number, ndim: number): KernelIR;
  /** Runs pure mode; `outputs` allocates or returns passed-in outputs. */
  runPure(inputs: readonly Grid[], params: readonly number[], outputs: (style: OutputStyle, names: readonly string[]) => Grid[]): { outputs: Grid[]; style: OutputStyle; names: readonly string[] };
  /** The value of a runtime parameter not passed at the call, if the kernel has one. */
  paramDefault(name: string): unknown;
}

export interface ShowOptions {
  readonly ndim?: number;
  readonly dtype?: Dtype;
  readonly inputs?: number;
  readonly generic?: boolean;
}

export class StencilSpecializer extends Specializer {
  private readonly lowered = new Map<string, KernelIR>();
  /** Region boxes per program and grid shape. */
  private readonly plans = new WeakMap<LoopProgram, Map<string, LaunchBox[]>>();

  constructor(
    readonly frontend: StencilFrontend,
    options: SpecializerOptions = {},
  ) {
    super(options);
  }

  get name(): string {
    return this.frontend.name;
  }

  call(args: readonly unknown[]): StencilResult {
    return this.dispatch(args, (a) => this.execute(a));
  }

  private execute(args: readonly unknown[]): StencilResult {
    if (this.effectiveMode === 'pure') {
      const { grids: inputs, options, params } = this.callArguments(args);
      const r = this.frontend.runPure(inputs, params, (_style, names) => this.outputsFor(names, inputs, options));
      return shapeResult(r.outputs, r.style, r.names);
    }
    const { kernel, outputs, program, launch } = this.prepareCall(args);
    this.launch(program, launch);
    return shapeResult(outputs, kernel.outputStyle, kernel.outputNames);
  }

  /** What a call reads and returns, for meta() tracing; validates the call as running it would. */
  override describeCall(args: readonly unknown[]): CallSignature {
    const { grids: inputs, options, params } = this.callArguments(args);
    const kernel = this.kernelFor(inputs.length, inputs[0].ndim);
    const dtypes = outputDtypes(this.name, kernel.outputNames, this.frontend.outputDtype, inputs[0].dtype);
    const written = options.out === undefined ? kernel.outputNames.map(() => undefined) : this.outputsFor(kernel.outputNames, inputs, options);
    return {
      inputs,
      outputs: dtypes.map((dtype) => ({ shape: inputs[0].shape, dtype })),
      written,
      params,
      style: kernel.outputStyle,
      names: kernel.outputNames,
      acceptsOut: true,
      overwrites: kernel.boundary !== 'interior' && kernel.outputNames.every((_, k) => firstTouchIsPlainStore(kernel.body, k)),
    };
  }

  /** The Fusable interface: the kernel's per-point IR, its geometry and the offsets it reads. */
  fusionInfo(signature: CallSignature): FusionInfo | NotFusable {
    const mode = this.effectiveMode;
    if (mode === 'pure') return { unfusable: `${this.name} runs in pure mode` };
    const ndim = signature.inputs[0].ndim;
    const kernel = this.kernelFor(signature.inputs.length, ndim);
    const taps = analyzeTaps(kernel);
    const shape = signature.inputs[0].shape;
    return {
      geometry: { kind: 'stencil', shape, boundary: kernel.boundary, cval: kernel.cval, reach: taps.reach },
      // Generic code is not partially evaluated: it reads every tap as written, zero weights too.
      deps: { reads: mode === 'generic' ? signature.inputs.map(() => taps.offsets) : readsPerInput(kernel, signature.inputs.length, taps.offsets) },
      kernel,
      generic: mode === 'generic',
      backend: this.backend.name,
    };
  }

  /**
   * Times the GPU backend's strategies for this call's grids (paper 000's autotuning) and keeps
   * the fastest for the kernel, device and shape class, in the disk cache too: later calls and
   * later processes start tuned. The call's outputs end up computed, as by a plain call.
   */
  tune(args: readonly unknown[], options: TuneOptions = {}): TuneReport {
    if (this.effectiveMode === 'pure') throw new KernelArgumentError(`${this.frontend.name}: pure mode runs plain JavaScript and has nothing to tune`);
    const { program, launch } = this.prepareCall(args);
    return this.tuneLaunch(program, launch, options);
  }

  private callArguments(args: readonly unknown[]) {
    const name = this.frontend.name;
    const { grids: inputs, options } = splitCallArgs(name, args);
    const expected = this.frontend.inputCount;
    if (expected !== undefined && inputs.length !== expected) {
      throw new KernelArgumentError(`${name}: expects ${expected} input grid${expected === 1 ? '' : 's'}, got ${inputs.length}`);
    }
    checkShapes(name, inputs, this.frontend.declaredNdim);
    const params = paramValues(name, this.frontend.params, options.params, (p) => this.frontend.paramDefault(p));
    return { grids: inputs, options, params };
  }

  private outputsFor(names: readonly string[], inputs: readonly Grid[], options: StencilCallOptions): Grid[] {
    const name = this.frontend.name;
    return resolveOutputs(name, names, options.out, inputs, outputDtypes(name, names, this.frontend.outputDtype, inputs[0].dtype));
  }

  /** A specialized call's kernel, outputs and launch plan. */
  private prepareCall(args: readonly unknown[]): { kernel: KernelIR; outputs: Grid[]; program: LoopProgram; launch: Launch<Grid> } {
    const { grids: inputs, options, params } = this.callArguments(args);
    const kernel = this.kernelFor(inputs.length, inputs[0].ndim);
    const outputs = this.outputsFor(kernel.outputNames, inputs, options);
    const program = this.programFor(kernel, inputs, outputs);
    return { kernel, outputs, program, launch: { inputs, outputs, params, shape: inputs[0].shape, boxes: this.boxesFor(program, inputs[0].shape) } };
  }

  /** The generated code and per-pass IR for sample grids (float64, 16 points per axis by default). */
  show(options: ShowOptions = {}): ShowResult {
    const count = options.inputs ?? this.frontend.inputCount ?? 1;
    const ndim = options.ndim ?? (this.frontend.declaredNdim || this.frontend.lower(count, 0).ndim || 2);
    const dtype = options.dtype ?? 'float64';
    const inputs = Array.from({ length: count }, () => Grid.zeros(new Array<number>(ndim).fill(16), dtype));
    const kernel = this.kernelFor(count, ndim);
    const outs = outputDtypes(this.name, kernel.outputNames, this.frontend.outputDtype, dtype);
    const generic = options.generic ?? this.mode === 'generic';
    const result = this.program(signatureKey(inputs, outs), generic, (g) => this.pipeline(kernel, inputs.map((i) => i.dtype), outs, g));
    return this.showProgram(result, generic);
  }

  private kernelFor(inputCount: number, ndim: number): KernelIR {
    const key = `${inputCount}/${ndim}`;
    let k = this.lowered.get(key);
    if (!k) {
      k = this.frontend.lower(inputCount, ndim);
      if (k.ndim === 0) k = { ...k, ndim };
      if (k.ndim !== ndim) throw new KernelArgumentError(`${this.name}: the kernel reads ${k.ndim}-D offsets but the grids are ${ndim}-D`);
      this.lowered.set(key, k);
    }
    return k;
  }

  private programFor(kernel: KernelIR, inputs: readonly Grid[], outputs: readonly Grid[]): LoopProgram {
    const generic = this.mode === 'generic';
    const inDtypes = inputs.map((g) => g.dtype);
    const outDtypes = outputs.map((g) => g.dtype);
    return this.program(signatureKey(inputs, outputs), generic, (g) => this.pipeline(kernel, inDtypes, outDtypes, g)).program;
  }

  private pipeline(kernel: KernelIR, inputDtypes: readonly Dtype[], outDtypes: readonly Dtype[], generic: boolean) {
    return runPipeline(kernel, { inputDtypes, outputDtypes: outDtypes, generic, dump: this.dump });
  }

  private boxesFor(program: LoopProgram, shape: readonly number[]): LaunchBox[] {
    let byShape = this.plans.get(program);
    if (!byShape) this.plans.set(program, (byShape = new Map()));
    const key = shape.join('x');
    let boxes = byShape.get(key);
    if (!boxes) {
      const index = new Map(program.regions.map((r, i) => [variantKey(r.variant), i]));
      boxes = planRegions(shape, program.reach, program.boundary, program.split).map((b) => {
        const region = index.get(variantKey(b.variant));
        if (region === undefined) throw new Error(`internal: no code for region [${b.variant.join(', ')}]`);
        return { region, lo: b.lo, hi: b.hi };
      });
      if (byShape.size > 64) byShape.clear();
      byShape.set(key, boxes);
    }
    return boxes;
  }
}

registerSpecializer('stencil', StencilSpecializer);

/**
 * LoopDeps: the offsets each input is read at, from the partially evaluated body (static loops
 * unrolled, so offsets are constants). When an offset stays symbolic, every input is taken to read
 * every offset the kernel reads.
 */
function readsPerInput(kernel: KernelIR, inputs: number, all: readonly (readonly number[])[]): (readonly number[])[][] {
  const per: Map<string, number[]>[] = Array.from({ length: inputs }, () => new Map());
  let exact = true;
  try {
    forEachExpr(partialEvaluate(kernel).body, (e) => {
      if (e.kind !== 'tap' || e.grid.role !== 'input') return;
      const off = e.offset.map((o) => (o.kind === 'const' ? o.value : NaN));
      if (off.some((o) => !Number.isInteger(o))) exact = false;
      else per[e.grid.index]?.set(off.join(','), off);
    });
  } catch {
    exact = false;
  }
  if (!exact) return Array.from({ length: inputs }, () => [...all]);
  const declared = kernel.declaredOffsets.filter((o) => o.length === kernel.ndim);
  return per.map((m) => [...m.values(), ...declared]);
}

function signatureKey(inputs: readonly { dtype: Dtype; ndim?: number; shape?: readonly number[] }[], outputs: readonly ({ dtype: Dtype } | Dtype)[]): string {
  const ins = inputs.map((g) => `${g.dtype}`).join(',');
  const outs = outputs.map((o) => (typeof o === 'string' ? o : o.dtype)).join(',');
  const ndim = inputs[0]?.shape?.length ?? 0;
  return `${inputs.length}:${ndim}:${ins}->${outs}`;
}

function shapeResult(outputs: Grid[], style: OutputStyle, names: readonly string[]): StencilResult {
  if (style === 'single') return outputs[0];
  if (style === 'array') return outputs;
  return Object.fromEntries(names.map((n, i) => [n, outputs[i]]));
}

export type { StencilCallOptions };
