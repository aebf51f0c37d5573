import { dtypeOfArray, isDtype, type Dtype, type TypedArray, type TypedArrayOf } from './dtype.js';
import { KernelArgumentError } from './errors.js';
import { GridStorage, type GridLocation } from './runtime/residency.js';

export type Shape = readonly number[];

/**
 * A dense row-major 1-, 2- or 3-D array: a typed array plus its shape. The last axis is contiguous.
 *
 * On a device backend a grid may also hold a device buffer, and results stay there until read
 * (lazy residency). `grid.data` synchronizes: it returns the host array with current contents and,
 * since the caller may write to it, marks the device copy stale. Read through `grid.data` (or
 * `get`) after a device call, not through a typed array kept from before it.
 */
export class Grid<D extends Dtype = Dtype> {
  readonly shape: Shape;
  readonly strides: readonly number[];
  /** @internal The host array and device copy behind this grid. */
  readonly storage: GridStorage;

  constructor(data: TypedArrayOf[D], shape: Shape);
  /** @internal A grid whose contents are zeros until written, with no host array yet. */
  constructor(data: GridStorage, shape: Shape);
  constructor(data: TypedArrayOf[D] | GridStorage, shape: Shape) {
    validateShape(shape);
    const size = shape.reduce((a, b) => a * b, 1);
    if (data instanceof GridStorage) {
      this.storage = data;
    } else {
      this.storage = new GridStorage(dtypeOfArray(data), data.length, data);
    }
    if (this.storage.length !== size) {
      throw new KernelArgumentError(`data has ${this.storage.length} elements but shape [${shape.join(', ')}] needs ${size}`);
    }
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze(stridesOf(shape));
  }

  /** The host array with current contents (downloaded if a device holds the newer copy). */
  get data(): TypedArrayOf[D] {
    return this.storage.hostForWrite() as TypedArrayOf[D];
  }

  /** Where the current contents are: 'host', 'device', 'host+device', 'zeros' or 'disposed'. */
  get location(): GridLocation {
    return this.storage.location;
  }

  /** Copies the contents to the host if needed and frees the device buffer; the grid stays usable. */
  toHost(): this {
    this.storage.toHost();
    return this;
  }

  /**
   * Frees the grid's device buffer and host array now; using the grid afterwards is an error. A host
   * array sejits allocated goes to a pool that the next grid of the same size reuses, so typed
   * arrays taken from `data` before must not be used after dispose() either.
   */
  dispose(): void {
    this.storage.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  get dtype(): D {
    return this.storage.dtype as D;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return this.storage.length;
  }

  /** A grid of zeros; no memory is touched until it is written or read. */
  static zeros<D extends Dtype>(shape: Shape, dtype: D): Grid<D> {
    validateShape(shape);
    if (!isDtype(dtype)) throw new KernelArgumentError(`unknown dtype ${String(dtype)} (float32, float64, int32 or uint8)`);
    return new Grid<D>(new GridStorage(dtype, shape.reduce((a, b) => a * b, 1)), shape);
  }

  static from<D extends Dtype>(data: TypedArrayOf[D], shape?: Shape): Grid<D> {
    return new Grid(data, shape ?? [data.length]);
  }

  /** Fills a grid from `fn(...index)`; values are stored with typed-array conversion. */
  static fromFunction<D extends Dtype>(shape: Shape, dtype: D, fn: (...index: number[]) => number): Grid<D> {
    const g = Grid.zeros(shape, dtype);
    const idx = new Array<number>(shape.length).fill(0);
    const data = g.data;
    for (let flat = 0; flat < g.size; flat++) {
      let rest = flat;
      for (let a = shape.length - 1; a >= 0; a--) {
        idx[a] = rest % shape[a];
        rest = Math.floor(rest / shape[a]);
      }
      data[flat] = fn(...idx);
    }
    return g;
  }

  offset(index: readonly number[]): number {
    if (index.length !== this.ndim) throw new KernelArgumentError(`index has ${index.length} coordinates, grid has ${this.ndim} axes`);
    let flat = 0;
    for (let a = 0; a < index.length; a++) {
      const i = index[a];
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[a]) {
        throw new KernelArgumentError(`index ${i} out of range on axis ${a} of extent ${this.shape[a]}`);
      }
      flat += i * this.strides[a];
    }
    return flat;
  }
  /** One element; reading does not make a device copy stale. */
  get(...index: number[]): number {
    return this.storage.hostForRead()[this.offset(index)];
  }
  set(value: number, ...index: number[]): void {
    this.data[this.offset(index)] = value;
  }

  /** A copy on the host. */
  clone(): Grid<D> {
    return new Grid(this.storage.hostForRead().slice() as TypedArrayOf[D], this.shape);
  }

  toString(): string {
    return `Grid<${this.dtype}>[${this.shape.join('×')}]`;
  }
}

export function isGrid(value: unknown): value is Grid {
  return value instanceof Grid;
}

export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    strides[a] = s;
    s *= shape[a];
  }
  return strides;
}

function validateShape(shape: Shape): void {
  if (shape.length < 1 || shape.length > 3) throw new KernelArgumentError(`grids are 1-, 2- or 3-D; got ${shape.length} axes`);
  for (const n of shape) {
    if (!Number.isInteger(n) || n < 1) throw new KernelArgumentError(`every extent must be a positive integer; got [${shape.join(', ')}]`);
  }
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

export function zerosLike(grid: Grid, dtype?: Dtype): Grid {
  const d = dtype ?? grid.dtype;
  if (!isDtype(d)) throw new KernelArgumentError(`unknown dtype ${String(d)}`);
  return Grid.zeros(grid.shape, d);
}

export type { TypedArray };
