/**
 * The dataflow of a traced function (paper 000, Figure 5): specialized calls as nodes, grid values
 * as edges. Values are SSA versions of buffers: a call that writes into a passed-in `out` makes a
 * new version of that grid's buffer, so reads always name the version they see.
 */
import type { Dtype } from '../dtype.js';
import type { Grid } from '../grid.js';
import type { FusionInfo, NotFusable } from '../framework/fusable.js';
import type { CallSignature, Replay } from '../framework/trace.js';

export type BufferKind =
  /** A grid argument of the meta function. */
  | 'arg'
  /** A grid the function used that was neither an argument nor a result (captured at trace time). */
  | 'const'
  /** A result a call allocated: meta owns it, and may keep it on the device, reuse or free it. */
  | 'fresh';

export interface TracedBuffer {
  readonly id: number;
  readonly kind: BufferKind;
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  /** For messages: "argument 2", "sub's result". */
  readonly label: string;
  readonly argIndex?: number;
  readonly grid?: Grid;
}

export interface TracedValue {
  readonly id: number;
  readonly buffer: number;
  /** The op and output index that produced it; undefined for a buffer's first version. */
  readonly producer?: { readonly op: number; readonly output: number };
}

export interface TracedOp {
  readonly index: number;
  readonly name: string;
  readonly specializer: object;
  /** The call's arguments with placeholders, and how to run it on real grids. */
  readonly args: readonly unknown[];
  readonly replay: Replay;
  readonly signature: CallSignature;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly fusion: FusionInfo | NotFusable;
  /** Equal for calls of the same specializer with the same operand types and output kinds. */
  readonly key: string;
}

export interface Trace {
  readonly ops: readonly TracedOp[];
  readonly values: readonly TracedValue[];
  readonly buffers: readonly TracedBuffer[];
  /** The function's return value with placeholders in it. */
  readonly result: unknown;
  /** Values the caller sees after the call: returned grids and the last versions of argument buffers. */
  readonly liveOut: ReadonlySet<number>;
  /** Placeholder grid -> buffer id, to substitute real grids in replayed arguments. */
  readonly bufferOfGrid: ReadonlyMap<Grid, number>;
  /** Per value, the indices of the ops that read it (ascending). */
  readonly uses: readonly (readonly number[])[];
}
