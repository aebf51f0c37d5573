/**
 * The functional form, in the style of Numba's @stencil and Halide: a function of accessors that
 * take relative offsets, `(a) => a(0, 1) + a(0, -1) - 2 * a(0, 0)`.
 */
import type { Dtype } from '../dtype.js';
import { KernelArgumentError, KernelSyntaxError } from '../errors.js';
import { analyzeTaps } from '../passes/analyze-taps.js';
import type { Grid } from '../grid.js';
import { lowerFunctional } from '../frontend/lower-functional.js';
import { parseKernel } from '../frontend/parse.js';
import { toStaticValue } from '../frontend/static-values.js';
import type { StaticValue } from '../ir/nodes.js';
import { SPECIALIZER_OPTION_KEYS, type ShowResult, type SpecializerOptions } from '../framework/specializer.js';
import { isBoundaryMode, type BoundaryMode, type Reach } from './boundary.js';
import { splitTuneArgs, type StencilCallOptions } from './call-args.js';
import type { TuneOptions, TuneReport } from '../backends/gpu/tuner.js';
import { runFunctionalPure, type Accessor } from './pure-functional.js';
import { StencilSpecializer, type ShowOptions, type StencilFrontend } from './stencil-specializer.js';

export type { Accessor };

/** A static value as users pass it: numbers, booleans, nested arrays or typed arrays. */
export type StaticInput = number | boolean | ArrayLike<number> | readonly StaticInput[];

export type Statics = Readonly<Record<string, StaticInput>>;

export interface StencilOptions<S extends Statics = Statics> extends SpecializerOptions {
  /** How reads outside the grid are answered (scipy.ndimage names). Default 'nearest'. */
  readonly boundary?: BoundaryMode;
  /** The value outside the grid for boundary 'constant'. Default 0. */
  readonly cval?: number;
  /** Runtime parameters: passed at every call as { params: { name: value } }, never baked in. */
  readonly params?: readonly string[];
  /** Static parameters, baked into the generated code (a new value is a new specialization). */
  readonly statics?: S;
  /** Static tables computed once, at specialization, from the statics (Impala's @precompute). */
  readonly precompute?: Readonly<Record<string, (statics: S) => StaticInput>>;
  /** Output dtype(s); default: the first input's. */
  readonly outputDtype?: Dtype | readonly Dtype[] | Readonly<Record<string, Dtype>>;
  /** A name for messages and generated code; default: the function's name or 'stencil'. */
  readonly name?: string;
}

/**
 * What a kernel's parameters are: input accessors `a(dy, dx)` and, last, the parameter object
 * `p.name`. One type serves both so that `(a, b, p) => ...` needs no annotations.
 */
export type KernelArg = Accessor & { readonly [name: string]: any };

export type KernelValue = number | boolean;
export type KernelReturn = KernelValue | readonly KernelValue[] | { readonly [name: string]: KernelValue };

/** What a kernel returns decides what a call returns: a Grid, an array of Grids, or named Grids. */
export type StencilOutputs<R> = 0 extends 1 & R
  ? Grid
  : R extends KernelValue
    ? Grid
    : R extends readonly unknown[]
      ? { [K in keyof R]: Grid }
      : { [K in keyof R]: Grid };

export interface StencilFunction<R = Grid> {
  (...args: [...Grid[], StencilCallOptions] | Grid[]): R;
  /** Alias of calling the function. */
  run(...args: [...Grid[], StencilCallOptions] | Grid[]): R;
  /**
   * Times the GPU backend's strategies on these grids and keeps the fastest for this kernel,
   * device and shape class, in the disk cache too (`sejits tune` does the same from the shell).
   */
  tune(...args: [...Grid[], StencilCallOptions & TuneOptions] | Grid[]): TuneReport;
  /** Generated code and IR after each pass, for sample float64 grids unless told otherwise. */
  show(options?: ShowOptions): ShowResult;
  /** The same kernel with other options (backend, mode, statics, ...): a new specialization. */
  with(options: StencilOptions): StencilFunction<R>;
  readonly specializer: StencilSpecializer;
}

type KernelFn = (...args: any[]) => unknown;

/** Unannotated kernels: `(a, b, p) => ...` gets accessor and parameter types by context. */
export function stencil<R extends KernelReturn, S extends Statics = Statics>(fn: (...args: KernelArg[]) => R, options?: StencilOptions<S>): StencilFunction<StencilOutputs<R>>;
/** Kernels whose parameters carry their own annotations, e.g. `(a: Accessor, p: { w: number[] })`. */
export function stencil<R, S extends Statics = Statics>(fn: (...args: any[]) => R, options?: StencilOptions<S>): StencilFunction<StencilOutputs<R>>;
export function stencil<R>(fn: (...args: any[]) => R, options: StencilOptions = {}): StencilFunction<StencilOutputs<R>> {
  if (typeof fn !== 'function') throw new KernelArgumentError('stencil(fn): fn must be a function');
  return makeStencil(fn, options, new Error().stack);
}

/** `callerStack` locates the kernel's source file; derived kernels keep the original's. */
function makeStencil<R>(fn: (...args: any[]) => R, options: StencilOptions, callerStack: string | undefined): StencilFunction<StencilOutputs<R>> {
  const frontend = functionalFrontend(fn, options, callerStack);
  const specializer = new StencilSpecializer(frontend, options);
  const callable = ((...args: unknown[]) => specializer.call(args)) as unknown as StencilFunction<StencilOutputs<R>>;
  // Equal options give the same derived kernel, so `k.with(...)` inside a loop specializes once.
  const derived = new Map<string, StencilFunction<StencilOutputs<R>>>();
  const withOptions = (more: StencilOptions) => {
    const key = optionsKey(more);
    let d = derived.get(key);
    if (!d) {
      if (derived.size >= 32) derived.clear();
      d = makeStencil(fn, { ...options, ...more }, callerStack);
      derived.set(key, d);
    }
    return d;
  };
  const tune = (...args: unknown[]) => {
    const { callArgs, tune: options } = splitTuneArgs(args);
    return specializer.tune(callArgs, options);
  };
  return Object.assign(callable, { run: callable, tune, show: (o?: ShowOptions) => specializer.show(o), with: withOptions, specializer });
}

const functionIds = new WeakMap<object, number>();
let nextFunctionId = 0;

/**
 * A key equal exactly for equal option values. JSON alone would merge NaN, ±Infinity, -0 and
 * undefined with other values; functions (precompute) and Backend objects compare by identity.
 */
function optionsKey(options: StencilOptions): string {
  return JSON.stringify(options, (key, value: unknown) => {
    if (typeof value === 'function' || (key === 'backend' && typeof value === 'object' && value !== null)) {
      let id = functionIds.get(value);
      if (id === undefined) functionIds.set(value, (id = nextFunctionId++));
      return `${typeof value}#${id}`;
    }
    if (value === undefined) return 'undefined#';
    if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return `number#${Object.is(value, -0) ? '-0' : value}`;
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return { [value.constructor.name]: Array.from(value as unknown as ArrayLike<number>) };
    return value;
  });
}

const OPTION_KEYS = ['boundary', 'cval', 'params', 'statics', 'precompute', 'outputDtype', 'name', ...SPECIALIZER_OPTION_KEYS];

function functionalFrontend(fn: KernelFn, options: StencilOptions, callerStack: string | undefined): StencilFrontend {
  const name = options.name ?? (fn.name || 'stencil');
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length) throw new KernelArgumentError(`${name}: unknown option(s) ${unknown.join(', ')}; stencil() takes ${OPTION_KEYS.join(', ')}`);
  const boundary = options.boundary ?? 'nearest';
  if (!isBoundaryMode(boundary)) throw new KernelArgumentError(`${name}: unknown boundary mode '${String(boundary)}'`);
  const cval = options.cval ?? 0;
  const params = [...(options.params ?? [])];
  const userStatics: Record<string, StaticInput> = { ...(options.statics ?? {}) };
  for (const [key, compute] of Object.entries(options.precompute ?? {})) userStatics[key] = compute(userStatics);
  const statics: Record<string, StaticValue> = {};
  for (const [key, value] of Object.entries(userStatics)) {
    const s = toStaticValue(value);
    if (typeof s === 'string') throw new KernelArgumentError(`${name}: static '${key}': ${s}`);
    statics[key] = s;
  }
  const clash = params.find((p) => p in statics);
  if (clash) throw new KernelArgumentError(`${name}: '${clash}' is declared both as a runtime param and a static`);
  const hasParamObject = params.length > 0 || Object.keys(statics).length > 0;
  const inputCount = fn.length - (hasParamObject ? 1 : 0);
  let parsed: ReturnType<typeof parseKernel> | undefined;
  const parse = () => (parsed ??= parseKernel(fn, name, callerStack));

  const lower = () => lowerFunctional(parse(), { hasParamObject, params, statics, boundary, cval });
  const staticReach = (ndim: number): Reach | undefined => {
    try {
      const kernel = lower();
      return analyzeTaps(kernel.ndim === 0 ? { ...kernel, ndim } : kernel).reach;
    } catch (e) {
      if (e instanceof KernelSyntaxError) return undefined;
      throw e;
    }
  };
  return {
    name,
    params,
    outputDtype: options.outputDtype,
    inputCount: Math.max(inputCount, 1),
    get declaredNdim() {
      return 0;
    },
    lower,
    runPure(inputs, paramValues, outputs) {
      const paramObject = hasParamObject ? Object.freeze({ ...userStatics, ...Object.fromEntries(params.map((p, i) => [p, paramValues[i]])) }) : undefined;
      return runFunctionalPure({ fn, inputs, paramObject, boundary, cval, outputs, staticReach: () => staticReach(inputs[0].ndim) });
    },
    paramDefault: () => undefined,
  };
}
