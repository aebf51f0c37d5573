/**
 * Pure mode for the functional form: the user's function itself, run by JavaScript at every point,
 * with accessors that fold out-of-range coordinates under the boundary mode. Nothing is parsed, so
 * this runs even for kernels outside the subset and where `new Function` is forbidden.
 */
import { KernelArgumentError } from '../errors.js';
import type { Grid } from '../grid.js';
import { boxIsEmpty, foldIndex, interiorBox, zeroReach, type BoundaryMode, type Reach } from './boundary.js';

export type Accessor = (...offsets: number[]) => number;
export type OutputStyle = 'single' | 'array' | 'object';

export interface FunctionalPureRun {
  readonly fn: (...args: any[]) => unknown;
  readonly inputs: readonly Grid[];
  readonly paramObject: object | undefined;
  readonly boundary: BoundaryMode;
  readonly cval: number;
  /**
   * The interior's reach as written in the source, when the kernel parses; pure mode otherwise
   * measures the taps it runs, which misses taps only in branches the data never takes.
   */
  readonly staticReach?: () => Reach | undefined;
  /** Allocates (or returns the passed-in) outputs once the kernel's first value shows their number. */
  readonly outputs: (style: OutputStyle, names: readonly string[]) => Grid[];
}

export function runFunctionalPure(run: FunctionalPureRun): { outputs: Grid[]; style: OutputStyle; names: string[] } {
  const { inputs, boundary, cval } = run;
  const shape = inputs[0].shape;
  const ndim = shape.length;
  const strides = inputs[0].strides;
  const cur = new Array<number>(ndim).fill(0);
  let foldMode: Exclude<BoundaryMode, 'interior'> = boundary === 'interior' ? 'nearest' : boundary;
  let reach: Reach | undefined;

  const read = (data: Grid['data'], offsets: ArrayLike<number>): number => {
    if (offsets.length !== ndim) throw new KernelArgumentError(`accessor called with ${offsets.length} offsets on a ${ndim}-D grid`);
    let flat = 0;
    for (let a = 0; a < ndim; a++) {
      const d = offsets[a];
      if (reach) {
        if (-d > reach.lo[a]) reach.lo[a] = -d;
        if (d > reach.hi[a]) reach.hi[a] = d;
      }
      const i = foldIndex(cur[a] + d, shape[a], foldMode);
      if (i < 0) return cval;
      flat += i * strides[a];
    }
    return data[flat];
  };
  const accessors: Accessor[] = inputs.map((g) => {
    const data = g.storage.hostForRead();
    return function accessor() {
      // eslint-disable-next-line prefer-rest-params
      return read(data, arguments as unknown as ArrayLike<number>);
    };
  });
  const args: unknown[] = run.paramObject === undefined ? accessors : [...accessors, run.paramObject];
  const evaluate = () => run.fn(...args);

  const forEachPoint = (lo: readonly number[], hi: readonly number[], body: (flat: number) => void) => {
    if (boxIsEmpty({ lo, hi })) return;
    for (let a = 0; a < ndim; a++) cur[a] = lo[a];
    for (;;) {
      let flat = 0;
      for (let a = 0; a < ndim; a++) flat += cur[a] * strides[a];
      body(flat);
      let a = ndim - 1;
      while (a >= 0 && ++cur[a] >= hi[a]) cur[a--] = lo[a + 1];
      if (a < 0) return;
    }
  };

  // The first point shows the kind of result (value, array or object) and, for `interior`, a
  // full sweep records the reach of every tap the kernel reads.
  const all = { lo: new Array<number>(ndim).fill(0), hi: [...shape] };
  let first: unknown;
  if (boundary === 'interior') {
    reach = zeroReach(ndim);
    forEachPoint(all.lo, all.hi, () => void (first ??= evaluate()));
    const seen = run.staticReach?.() ?? reach;
    reach = undefined;
    foldMode = 'nearest';
    Object.assign(all, interiorBox(shape, seen));
  } else {
    first = (cur.fill(0), evaluate());
  }
  const { style, names } = classify(first);
  const outputs = run.outputs(style, names);
  const outData = outputs.map((g) => g.data);
  forEachPoint(all.lo, all.hi, (flat) => {
    const v = evaluate();
    if (style === 'single') outData[0][flat] = v as number;
    else if (style === 'array') for (let k = 0; k < outData.length; k++) outData[k][flat] = (v as number[])[k];
    else for (let k = 0; k < outData.length; k++) outData[k][flat] = (v as Record<string, number>)[names[k]];
  });
  return { outputs, style, names };
}

function classify(v: unknown): { style: OutputStyle; names: string[] } {
  if (typeof v === 'number' || typeof v === 'boolean') return { style: 'single', names: ['out'] };
  if (Array.isArray(v)) return { style: 'array', names: v.map((_, i) => String(i)) };
  if (v !== null && typeof v === 'object') return { style: 'object', names: Object.keys(v) };
  throw new KernelArgumentError(`a stencil must return a number, an array or an object of numbers; got ${String(v)}`);
}
