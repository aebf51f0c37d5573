/**
 * The Fusable interface (paper 000, Figure 7). A specializer that implements it tells meta() its
 * loop geometry and its LoopDeps, and hands over its per-point kernel IR, so that meta can compose
 * it with its neighbours into one loop program. A specializer without it still runs inside meta,
 * unfused.
 */
import type { KernelIR } from '../ir/kernel.js';
import type { BoundaryMode, Reach } from '../stencil/boundary.js';
import type { CallSignature } from './trace.js';

/**
 * Loop geometry: every Fusable kernel loops over all points of its output's shape (the inputs'
 * shape). `pointwise` reads each input at the point itself only; `stencil` reads neighbours under
 * a boundary mode, with the given reach.
 */
export type LoopGeometry =
  | { readonly kind: 'pointwise'; readonly shape: readonly number[] }
  | { readonly kind: 'stencil'; readonly shape: readonly number[]; readonly boundary: BoundaryMode; readonly cval: number; readonly reach: Reach };

/** LoopDeps: for each input, the offsets one output point reads (the point itself is all zeros). */
export interface LoopDeps {
  readonly reads: readonly (readonly (readonly number[])[])[];
}

export interface FusionInfo {
  readonly geometry: LoopGeometry;
  readonly deps: LoopDeps;
  /**
   * What one output point computes: taps on inputs (numbered as CallSignature.inputs), stores to
   * outputs, runtime params named in kernel.params (values: CallSignature.params).
   */
  readonly kernel: KernelIR;
  /** Whether compiled code of this specializer runs in generic mode (no partial evaluation). */
  readonly generic: boolean;
  /** The backend name its calls run on: meta fuses only kernels of one backend. */
  readonly backend: string;
}

/** Why a call cannot be fused (a sentence for explain()). */
export interface NotFusable {
  readonly unfusable: string;
}

export interface Fusable {
  fusionInfo(signature: CallSignature): FusionInfo | NotFusable;
}

export function isFusable(s: unknown): s is Fusable {
  return typeof s === 'object' && s !== null && typeof (s as { fusionInfo?: unknown }).fusionInfo === 'function';
}

export function isNotFusable(x: FusionInfo | NotFusable): x is NotFusable {
  return 'unfusable' in x;
}
