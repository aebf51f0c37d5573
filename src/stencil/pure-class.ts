/**
 * Pure mode for the class form (Sepya's pure-Python fallback): kernel() runs as written, on padded
 * copies of the grids. Points are flat indices into the padding, neighbours are those indices plus
 * fixed deltas, and the padding holds the boundary mode's values, so `input[y]` is a plain typed
 * array read. Outputs are padded too and copied back, keeping untouched points as they were.
 */
import { allocTyped, type Dtype } from '../dtype.js';
import type { Grid } from '../grid.js';
import { stridesOf } from '../grid.js';
import { foldIndex, interiorBox, reachOfOffsets, type BoundaryMode } from './boundary.js';

export interface ClassPureRun {
  readonly kernel: (...grids: unknown[]) => unknown;
  /** The kernel instance: its fields are the statics `this.x` reads. */
  readonly instance: object;
  readonly neighborhoods: readonly (readonly (readonly number[])[])[];
  readonly inputs: readonly Grid[];
  readonly outputs: readonly Grid[];
  readonly params: Readonly<Record<string, number>>;
  readonly boundary: BoundaryMode;
  readonly cval: number;
}

export function runClassPure(run: ClassPureRun): void {
  const shape = run.inputs[0].shape;
  const ndim = shape.length;
  const reach = reachOfOffsets(ndim, run.neighborhoods.flat());
  const padded = shape.map((n, a) => n + reach.lo[a] + reach.hi[a]);
  const pstrides = stridesOf(padded);
  const size = padded.reduce((x, y) => x * y, 1);
  const fold = run.boundary === 'interior' ? 'nearest' : run.boundary;

  // source[k] is the flat index into the real grid for padded cell k, or -1 for cval.
  const source = new Int32Array(size);
  const c = new Array<number>(ndim).fill(0);
  for (let k = 0; k < size; k++) {
    let rest = k;
    let flat = 0;
    for (let a = ndim - 1; a >= 0; a--) {
      c[a] = rest % padded[a];
      rest = Math.floor(rest / padded[a]);
    }
    for (let a = 0; a < ndim && flat >= 0; a++) {
      const i = foldIndex(c[a] - reach.lo[a], shape[a], fold);
      flat = i < 0 ? -1 : flat + i * run.inputs[0].strides[a];
    }
    source[k] = flat;
  }
  // Inputs pad into float64, which holds every dtype exactly and cval unconverted (as scipy's
  // double line buffers do); outputs keep their dtype so stores convert exactly as they should.
  const pad = (g: Grid, dtype: Dtype, read: boolean) => {
    const p = allocTyped(dtype, size);
    const data = read ? g.storage.hostForRead() : g.data;
    for (let k = 0; k < size; k++) p[k] = source[k] < 0 ? run.cval : data[source[k]];
    return p;
  };
  const paddedInputs = run.inputs.map((g) => pad(g, 'float64', true));
  const paddedOutputs = run.outputs.map((g) => pad(g, g.dtype, false));

  const box = (lo: readonly number[], hi: readonly number[]): number[] => {
    const out: number[] = [];
    if (lo.some((l, a) => l >= hi[a])) return out;
    const cur = [...lo];
    for (;;) {
      let flat = 0;
      for (let a = 0; a < ndim; a++) flat += (cur[a] + reach.lo[a]) * pstrides[a];
      out.push(flat);
      let a = ndim - 1;
      while (a >= 0 && ++cur[a] >= hi[a]) cur[a--] = lo[a + 1];
      if (a < 0) return out;
    }
  };
  const interior = interiorBox(shape, reach);
  const deltas = run.neighborhoods.map((nb) => nb.map((off) => off.reduce((s, d, a) => s + d * pstrides[a], 0)));

  const view = Object.create(run.instance) as Record<string, unknown>;
  Object.assign(view, run.params);
  view.interiorPoints = () => box(interior.lo, interior.hi);
  view.points = () => (run.boundary === 'interior' ? box(interior.lo, interior.hi) : box(new Array<number>(ndim).fill(0), shape));
  view.neighbors = (x: number, k: number) => {
    const d = deltas[k];
    if (!d) throw new RangeError(`neighbourhood ${k} does not exist: the kernel declares ${deltas.length}`);
    return d.map((delta) => x + delta);
  };
  run.kernel.apply(view, [...paddedInputs, ...paddedOutputs]);

  // Real points in row-major order are exactly the real grid's flat indices 0..N-1.
  const real = box(new Array<number>(ndim).fill(0), shape);
  run.outputs.forEach((g, i) => {
    const p = paddedOutputs[i];
    const data = g.data;
    for (let f = 0; f < real.length; f++) data[f] = p[real[f]];
  });
}
