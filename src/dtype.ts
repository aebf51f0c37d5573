/** Element types a grid may hold, and the typed arrays behind them. */
import { KernelArgumentError } from './errors.js';
export type Dtype = 'float32' | 'float64' | 'int32' | 'uint8';

export const DTYPES: readonly Dtype[] = ['float32', 'float64', 'int32', 'uint8'];

export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  uint8: Uint8Array;
}
export type TypedArray = TypedArrayOf[Dtype];

const CONSTRUCTORS = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
} as const;

export function allocTyped<D extends Dtype>(dtype: D, length: number): TypedArrayOf[D] {
  return new CONSTRUCTORS[dtype](length) as TypedArrayOf[D];
}

/** A typed array of `dtype` over a whole existing buffer (a pooled host array, reused). */
export function typedOn<D extends Dtype>(dtype: D, buffer: ArrayBuffer): TypedArrayOf[D] {
  return new CONSTRUCTORS[dtype](buffer) as TypedArrayOf[D];
}

export function dtypeOfArray(data: TypedArray): Dtype {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array) return 'uint8';
  const kind = (data as { constructor?: { name?: string } })?.constructor?.name ?? typeof data;
  throw new KernelArgumentError(`unsupported element type ${kind}: grids hold Float32Array, Float64Array, Int32Array or Uint8Array`);
}

export function isDtype(value: unknown): value is Dtype {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

export function isIntegerDtype(dtype: Dtype): boolean {
  return dtype === 'int32' || dtype === 'uint8';
}

export function bytesPerElement(dtype: Dtype): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** Machine epsilon of the arithmetic a dtype computes in (integers compare exactly). */
export function epsilonOf(dtype: Dtype): number {
  return dtype === 'float32' ? 2 ** -23 : dtype === 'float64' ? 2 ** -52 : 0;
}
