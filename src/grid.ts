import { allocTyped, dtypeOfArray, isDtype, type Dtype, type TypedArray, type TypedArrayOf } from './dtype.js';
import { KernelArgumentError } from './errors.js';

export type Shape = readonly number[];

/** A dense row-major 1-, 2- or 3-D array: a typed array plus its shape. The last axis is contiguous. */
export class Grid<D extends Dtype = Dtype> {
  readonly shape: Shape;
  readonly strides: readonly number[];

  constructor(
    readonly data: TypedArrayOf[D],
    shape: Shape,
  ) {
    validateShape(shape);
    dtypeOfArray(data);
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new KernelArgumentError(`data has ${data.length} elements but shape [${shape.join(', ')}] needs ${size}`);
    }
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze(stridesOf(shape));
  }

  get dtype(): D {
    return dtypeOfArray(this.data) as D;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return this.data.length;
  }

  static zeros<D extends Dtype>(shape: Shape, dtype: D): Grid<D> {
    validateShape(shape);
    return new Grid(allocTyped(dtype, shape.reduce((a, b) => a * b, 1)), shape);
  }

  static from<D extends Dtype>(data: TypedArrayOf[D], shape?: Shape): Grid<D> {
    return new Grid(data, shape ?? [data.length]);
  }

  /** Fills a grid from `fn(...index)`; values are stored with typed-array conversion. */
  static fromFunction<D extends Dtype>(shape: Shape, dtype: D, fn: (...index: number[]) => number): Grid<D> {
    const g = Grid.zeros(shape, dtype);
    const idx = new Array<number>(shape.length).fill(0);
    for (let flat = 0; flat < g.size; flat++) {
      let rest = flat;
      for (let a = shape.length - 1; a >= 0; a--) {
        idx[a] = rest % shape[a];
        rest = Math.floor(rest / shape[a]);
      }
      g.data[flat] = fn(...idx);
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
  get(...index: number[]): number {
    return this.data[this.offset(index)];
  }
  set(value: number, ...index: number[]): void {
    this.data[this.offset(index)] = value;
  }

  clone(): Grid<D> {
    return new Grid(this.data.slice() as TypedArrayOf[D], this.shape);
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
