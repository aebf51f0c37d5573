/**
 * Boundary modes, decided once (DESIGN.md "Semantics decided once"). Names and meanings follow
 * scipy.ndimage.correlate. This file is the executable definition used by pure mode and the tests;
 * the IR pass `lower-boundary` emits the same formulas for generated code.
 */
export type BoundaryMode = 'nearest' | 'reflect' | 'mirror' | 'wrap' | 'constant' | 'interior';

export const BOUNDARY_MODES: readonly BoundaryMode[] = ['nearest', 'reflect', 'mirror', 'wrap', 'constant', 'interior'];

export function isBoundaryMode(value: unknown): value is BoundaryMode {
  return typeof value === 'string' && (BOUNDARY_MODES as readonly string[]).includes(value);
}

/** Largest tap reach on each side of each axis: lo[a] >= 0 looks below, hi[a] >= 0 looks above. */
export interface Reach {
  lo: number[];
  hi: number[];
}

export function zeroReach(ndim: number): Reach {
  return { lo: new Array<number>(ndim).fill(0), hi: new Array<number>(ndim).fill(0) };
}

export function reachOfOffsets(ndim: number, offsets: Iterable<readonly number[]>): Reach {
  const r = zeroReach(ndim);
  for (const off of offsets) {
    for (let a = 0; a < ndim; a++) {
      r.lo[a] = Math.max(r.lo[a], -off[a]);
      r.hi[a] = Math.max(r.hi[a], off[a]);
    }
  }
  return r;
}

/** Positive modulo. */
function mod(i: number, p: number): number {
  const m = i % p;
  return m < 0 ? m + p : m;
}

/**
 * Folds index i into [0, n) under an index-folding mode, repeating as often as needed so that grids
 * smaller than the stencil fold correctly: period 2n for reflect, 2n-2 for mirror, n for wrap.
 * Returns -1 for `constant` out of range (the caller substitutes cval).
 */
export function foldIndex(i: number, n: number, mode: Exclude<BoundaryMode, 'interior'>): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'wrap':
      return mod(i, n);
    case 'reflect': {
      const m = mod(i, 2 * n);
      return m < n ? m : 2 * n - 1 - m;
    }
    case 'mirror': {
      if (n === 1) return 0;
      const p = 2 * n - 2;
      const m = mod(i, p);
      return m < n ? m : p - m;
    }
    case 'constant':
      return -1;
  }
}

/** The interior box: per axis [lo, n - hi), empty when the grid is smaller than the total reach. */
export function interiorBox(shape: readonly number[], reach: Reach): { lo: number[]; hi: number[] } {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let a = 0; a < shape.length; a++) {
    const l = Math.min(reach.lo[a], shape[a]);
    const h = Math.max(l, shape[a] - reach.hi[a]);
    lo.push(l);
    hi.push(h);
  }
  return { lo, hi };
}

export function boxIsEmpty(box: { lo: readonly number[]; hi: readonly number[] }): boolean {
  return box.lo.some((l, a) => l >= box.hi[a]);
}
