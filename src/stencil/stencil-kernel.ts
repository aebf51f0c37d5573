/**
 * Sepya's class form (paper 000, Figure 1), ported to TypeScript:
 *
 *   class Jacobi extends StencilKernel {
 *     neighborhoods = [[[0, -1], [0, 1]], [[-1, 0], [1, 0]]];
 *     kernel(input: GridView, output: GridView) {
 *       for (const x of this.interiorPoints(output)) {
 *         for (const y of this.neighbors(x, 0)) output[x] += 0.1 * input[y];
 *         for (const y of this.neighbors(x, 1)) output[x] += 0.3 * input[y];
 *       }
 *     }
 *   }
 *   const jacobi = new Jacobi({ backend: 'js' });
 *   const out = jacobi(img);            // or jacobi.run(img)
 *
 * Instances are callable. Fields read as `this.x` inside kernel() are statics, except those listed
 * in `params`, which are runtime parameters (the field's value is their default).
 */
import type { Dtype } from '../dtype.js';
import { KernelArgumentError } from '../errors.js';
import type { Grid } from '../grid.js';
import { lowerClassKernel } from '../frontend/lower-class.js';
import { parseKernel } from '../frontend/parse.js';
import { SPECIALIZER_OPTION_KEYS, type ShowResult, type SpecializerOptions } from '../framework/specializer.js';
import { isBoundaryMode, type BoundaryMode } from './boundary.js';
import { splitTuneArgs, type StencilCallOptions } from './call-args.js';
import type { TuneOptions, TuneReport } from '../backends/gpu/tuner.js';
import { runClassPure } from './pure-class.js';
import { StencilSpecializer, type ShowOptions, type StencilFrontend, type StencilResult } from './stencil-specializer.js';

/** A grid as a kernel sees it: indexed by points. */
export interface GridView {
  [point: number]: number;
}
/** A point of a grid, as yielded by points(), interiorPoints() and neighbors(). */
export type Point = number;

export interface StencilKernelOptions extends SpecializerOptions {
  /** How points() and neighbour reads treat the border (scipy.ndimage names). Default 'nearest'. */
  readonly boundary?: BoundaryMode;
  readonly cval?: number;
  readonly outputDtype?: Dtype | readonly Dtype[];
  /** The name in messages and `sejits show` (default: the class name). */
  readonly name?: string;
}

const STATE = Symbol('sejits.stencilKernel');

interface KernelState {
  readonly options: StencilKernelOptions;
  specializer?: StencilSpecializer;
}

/**
 * R is what a call returns. The default is honest for any kernel (one grid, an array or named
 * grids); `class Blur extends StencilKernel<Grid>` states it for a one-output kernel.
 */
export interface StencilKernel<R extends StencilResult = StencilResult> {
  (...args: [...Grid[], StencilCallOptions] | Grid[]): R;
}

export abstract class StencilKernel<R extends StencilResult = StencilResult> {
  /** Neighbourhoods: lists of offsets, one coordinate per axis. Default: none. */
  declare neighborhoods: readonly (readonly (readonly number[])[])[];
  /** Names of fields that are runtime parameters rather than statics. Default: none. */
  declare params: readonly string[];
  private declare readonly [STATE]: KernelState;

  constructor(options: StencilKernelOptions = {}) {
    // Instances are functions, so `jacobi(x)` works; subclass fields land on the returned object.
    const callable = function (this: unknown, ...args: unknown[]) {
      return (callable as unknown as StencilKernel<R>).run(...(args as Grid[]));
    } as unknown as StencilKernel<R>;
    Object.setPrototypeOf(callable, new.target.prototype);
    for (const key of ['name', 'length'] as const) Object.defineProperty(callable, key, { value: key === 'name' ? new.target.name : 0, writable: true });
    Object.defineProperty(callable, STATE, { value: { options } satisfies KernelState });
    // Defaults live on the returned object: fields declared here would land on the discarded `this`.
    Object.assign(callable, { neighborhoods: [], params: [] });
    return callable;
  }

  /** The stencil: write it with interiorPoints/points, neighbors and output[x] stores. */
  abstract kernel(...grids: GridView[]): void;

  /** Points whose every neighbour lies inside the grid (Sepya's interior_points). */
  interiorPoints(_grid: GridView): Iterable<Point> {
    throw outsideKernel('interiorPoints');
  }
  /** Every point; neighbours outside the grid follow the boundary mode. */
  points(_grid: GridView): Iterable<Point> {
    throw outsideKernel('points');
  }
  /** The points of neighbourhood k around x. */
  neighbors(_x: Point, _k: number): Iterable<Point> {
    throw outsideKernel('neighbors');
  }

  run(...args: [...Grid[], StencilCallOptions] | Grid[]): R {
    return this.specializer.call(args) as R;
  }

  /** Times the GPU backend's strategies on these grids and keeps the fastest (see StencilFunction.tune). */
  tune(...args: [...Grid[], StencilCallOptions & TuneOptions] | Grid[]): TuneReport {
    const { callArgs, tune } = splitTuneArgs(args);
    return this.specializer.tune(callArgs, tune);
  }

  show(options?: ShowOptions): ShowResult {
    return this.specializer.show(options);
  }

  get specializer(): StencilSpecializer {
    const state = this[STATE];
    state.specializer ??= new StencilSpecializer(classFrontend(this, state.options), state.options);
    return state.specializer;
  }
}

function outsideKernel(method: string): Error {
  return new TypeError(`${method}() is a stencil DSEL construct: use it only inside kernel(), which sejits runs`);
}

const OPTION_KEYS = ['boundary', 'cval', 'outputDtype', 'name', ...SPECIALIZER_OPTION_KEYS];

function classFrontend(instance: StencilKernel, options: StencilKernelOptions): StencilFrontend {
  const name = options.name ?? (instance.constructor.name || 'StencilKernel');
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length) throw new KernelArgumentError(`${name}: unknown option(s) ${unknown.join(', ')}; a StencilKernel takes ${OPTION_KEYS.join(', ')}`);
  const boundary = options.boundary ?? 'nearest';
  if (!isBoundaryMode(boundary)) throw new KernelArgumentError(`${name}: unknown boundary mode '${String(boundary)}'`);
  const cval = options.cval ?? 0;
  const neighborhoods = instance.neighborhoods;
  const dims = new Set(neighborhoods.flat().map((o) => o.length));
  if (dims.size > 1) throw new KernelArgumentError(`${name}: neighbourhood offsets mix ${[...dims].join(' and ')} coordinates`);
  for (const o of neighborhoods.flat()) {
    if (!o.every(Number.isInteger)) throw new KernelArgumentError(`${name}: neighbourhood offset [${o.join(', ')}] is not integral`);
  }
  const kernel = instance.kernel as (...grids: unknown[]) => unknown;
  const params = [...instance.params];
  const callerStack = new Error().stack;
  let parsed: ReturnType<typeof parseKernel> | undefined;
  const outputCount = (inputs: number) => {
    const n = kernel.length - inputs;
    if (n < 1) throw new KernelArgumentError(`${name}: kernel() takes ${kernel.length} grids, so at most ${kernel.length - 1} inputs; got ${inputs}`);
    return n;
  };
  return {
    name,
    params,
    outputDtype: options.outputDtype,
    inputCount: undefined,
    declaredNdim: [...dims][0] ?? 0,
    lower(inputCount, ndim) {
      outputCount(inputCount);
      parsed ??= parseKernel(kernel, name, callerStack);
      return lowerClassKernel(parsed, { inputCount, ndim, neighborhoods, instance, params, boundary, cval });
    },
    runPure(inputs, paramValues, allocate) {
      const names = Array.from({ length: outputCount(inputs.length) }, (_, i) => String(i));
      const outputs = allocate('array', names);
      runClassPure({
        kernel,
        instance,
        neighborhoods,
        inputs,
        outputs,
        params: Object.fromEntries(params.map((p, i) => [p, paramValues[i]])),
        boundary,
        cval,
      });
      return { outputs, style: names.length === 1 ? 'single' : 'array', names };
    },
    paramDefault: (p) => (instance as unknown as Record<string, unknown>)[p],
  };
}
