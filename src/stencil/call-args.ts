/** Validation of a stencil call's operands: everything here fails with KernelArgumentError. */
import { isDtype, type Dtype } from '../dtype.js';
import { KernelArgumentError } from '../errors.js';
import { Grid, isGrid, sameShape } from '../grid.js';
import type { TuneOptions } from '../backends/gpu/tuner.js';

export interface StencilCallOptions {
  /** Runtime parameter values, by name. */
  readonly params?: Readonly<Record<string, number>>;
  /** Outputs to write into instead of allocating: one grid, an array, or an object of named grids. */
  readonly out?: Grid | readonly Grid[] | Readonly<Record<string, Grid>>;
}

const CALL_OPTION_KEYS = ['params', 'out'];

/** What `tune(...)` takes beyond a call's options. */
const TUNE_OPTION_KEYS = ['maxCandidates', 'budgetMs', 'onProgress'];

/**
 * A `tune(...)` call's arguments: those of a call, with the tuner's options (TuneOptions) allowed
 * in the trailing options object and separated out.
 */
export function splitTuneArgs(args: readonly unknown[]): { callArgs: unknown[]; tune: TuneOptions } {
  const last = args[args.length - 1];
  if (args.length === 0 || last === null || typeof last !== 'object' || isGrid(last) || ArrayBuffer.isView(last) || Array.isArray(last)) return { callArgs: [...args], tune: {} };
  const call: Record<string, unknown> = {};
  const tune: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(last)) (TUNE_OPTION_KEYS.includes(k) ? tune : call)[k] = v;
  const rest = args.slice(0, -1);
  return { callArgs: Object.keys(call).length ? [...rest, call] : rest, tune: tune as TuneOptions };
}

export function splitCallArgs(kernel: string, args: readonly unknown[]): { grids: Grid[]; options: StencilCallOptions } {
  let options: StencilCallOptions = {};
  let gridArgs = args;
  const last = args[args.length - 1];
  if (args.length > 0 && last !== null && typeof last === 'object' && !isGrid(last) && !ArrayBuffer.isView(last) && !Array.isArray(last)) {
    options = last as StencilCallOptions;
    gridArgs = args.slice(0, -1);
    const unknown = Object.keys(options).filter((k) => !CALL_OPTION_KEYS.includes(k));
    if (unknown.length) throw new KernelArgumentError(`${kernel}: unknown call option(s) ${unknown.join(', ')}; a call takes { params, out }`);
  }
  const grids = gridArgs.map((g, i) => {
    if (isGrid(g)) return g;
    const hint = ArrayBuffer.isView(g) ? ': wrap typed arrays with Grid.from(data, shape)' : '';
    throw new KernelArgumentError(`${kernel}: argument ${i} must be a Grid, got ${describe(g)}${hint}`);
  });
  return { grids, options };
}

export function checkShapes(kernel: string, grids: readonly Grid[], ndim: number): void {
  if (grids.length === 0) throw new KernelArgumentError(`${kernel}: needs at least one input grid`);
  const shape = grids[0].shape;
  grids.forEach((g, i) => {
    if (!sameShape(g.shape, shape)) throw new KernelArgumentError(`${kernel}: grid ${i} has shape [${g.shape.join(', ')}] but grid 0 has [${shape.join(', ')}]`);
  });
  if (ndim !== 0 && shape.length !== ndim) {
    throw new KernelArgumentError(`${kernel}: the kernel is ${ndim}-D (its offsets have ${ndim} coordinates) but the grids are ${shape.length}-D`);
  }
}

/** Runtime parameter values in declaration order; `defaults` supplies values not passed. */
export function paramValues(kernel: string, declared: readonly string[], given: Readonly<Record<string, number>> | undefined, defaults: (name: string) => unknown = () => undefined): number[] {
  const unknown = Object.keys(given ?? {}).filter((k) => !declared.includes(k));
  if (unknown.length) throw new KernelArgumentError(`${kernel}: unknown runtime parameter(s) ${unknown.join(', ')} (declared: ${declared.join(', ') || 'none'})`);
  return declared.map((name) => {
    const v = given?.[name] ?? defaults(name);
    if (typeof v !== 'number') throw new KernelArgumentError(`${kernel}: runtime parameter '${name}' must be a number, got ${describe(v)}`);
    return v;
  });
}

/** The dtype of each output: from the kernel's outputDtype option, else the first input's. */
export function outputDtypes(kernel: string, names: readonly string[], option: Dtype | readonly Dtype[] | Readonly<Record<string, Dtype>> | undefined, fallback: Dtype): Dtype[] {
  return names.map((name, i) => {
    const d = option === undefined ? fallback : typeof option === 'string' ? option : Array.isArray(option) ? option[i] : (option as Record<string, Dtype>)[name];
    if (d === undefined) return fallback;
    if (!isDtype(d)) throw new KernelArgumentError(`${kernel}: output '${name}' has unknown dtype ${String(d)} (float32, float64, int32 or uint8)`);
    return d;
  });
}

/** The passed-in outputs (checked) or fresh zero-filled ones. */
export function resolveOutputs(kernel: string, names: readonly string[], out: StencilCallOptions['out'], inputs: readonly Grid[], dtypes: readonly Dtype[]): Grid[] {
  const shape = inputs[0].shape;
  let given: (Grid | undefined)[];
  if (out === undefined) given = [];
  else if (isGrid(out)) given = [out];
  else if (Array.isArray(out)) given = [...out];
  else given = names.map((n) => (out as Record<string, Grid>)[n]);
  if (out !== undefined && given.length !== names.length) throw new KernelArgumentError(`${kernel}: expects ${names.length} output grid(s) in 'out', got ${given.length}`);
  return names.map((name, i) => {
    const g = given[i];
    if (g === undefined) {
      if (out !== undefined) throw new KernelArgumentError(`${kernel}: 'out' lacks output '${name}'`);
      return Grid.zeros(shape, dtypes[i]);
    }
    if (!isGrid(g)) throw new KernelArgumentError(`${kernel}: output '${name}' must be a Grid, got ${describe(g)}`);
    if (!sameShape(g.shape, shape)) throw new KernelArgumentError(`${kernel}: output '${name}' has shape [${g.shape.join(', ')}] but the inputs have [${shape.join(', ')}]`);
    if (inputs.some((x) => overlaps(x, g))) {
      throw new KernelArgumentError(`${kernel}: output '${name}' shares memory with an input; stencils read neighbours, so write to a separate grid`);
    }
    return g;
  });
}

/** Whether two grids' host arrays share bytes (a grid with no host array yet shares nothing). */
function overlaps(a: Grid, b: Grid): boolean {
  if (a === b) return true;
  const x = a.storage.hostArrayIfAllocated;
  const y = b.storage.hostArrayIfAllocated;
  if (!x || !y || x.buffer !== y.buffer) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  return typeof v === 'object' ? (v.constructor?.name ?? 'object') : `${typeof v} ${String(v)}`;
}
