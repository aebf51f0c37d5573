import type { BoundaryMode, Reach } from './boundary.js';
import { boxIsEmpty, interiorBox } from './boundary.js';

/**
 * How an axis's indices are checked inside one region (paper 004, section 3):
 * - none: never out of range there;
 * - lo / hi: can leave the grid only below / above, by at most one period;
 * - both: either side, at most one period;
 * - full: any distance (grids smaller than the stencil), folded repeatedly.
 */
export type AxisCheck = 'none' | 'lo' | 'hi' | 'both' | 'full';

/** A region variant is a tuple of axis checks; generated code has one loop nest per variant. */
export type RegionVariant = readonly AxisCheck[];

export function variantKey(v: RegionVariant): string {
  return v.join(',');
}

/**
 * The variants a split kernel may need, fixed at code-generation time: the interior, one slab per
 * face (axis a, side s: axes before a unchecked, axes after a checked on both sides), and a fallback
 * with every axis folded fully for grids too small to split. That is 2d+2 loop nests, not 3^d.
 * Faces on a side with zero reach are dropped, and identical variants are merged.
 */
export function splitVariants(ndim: number, reach: Reach, mode: BoundaryMode): RegionVariant[] {
  const none: AxisCheck[] = new Array<AxisCheck>(ndim).fill('none');
  if (mode === 'interior') return [none];
  const out = new Map<string, RegionVariant>();
  const add = (v: RegionVariant) => out.set(variantKey(v), v);
  add(none);
  for (let a = 0; a < ndim; a++) {
    for (const side of ['lo', 'hi'] as const) {
      if ((side === 'lo' ? reach.lo[a] : reach.hi[a]) === 0) continue;
      add(faceVariant(ndim, reach, a, side));
    }
  }
  add(none.map((_, b) => (reach.lo[b] === 0 && reach.hi[b] === 0 ? 'none' : 'full')));
  return [...out.values()];
}

/**
 * The variant of the face box on `side` of axis a: axes before a lie inside the interior, axis a
 * leaves it on that side, and later axes may leave it on either side they reach.
 */
export function faceVariant(ndim: number, reach: Reach, a: number, side: 'lo' | 'hi'): RegionVariant {
  return Array.from({ length: ndim }, (_, b): AxisCheck => (b < a ? 'none' : b === a ? side : axisBoth(reach, b)));
}

/**
 * The variant of a row along the last axis whose other coordinates lie in the interior: only the
 * last axis checked, on the sides it reaches. Undefined in 1-D or when the last axis reaches nowhere.
 */
export function rowVariant(ndim: number, reach: Reach): RegionVariant | undefined {
  const last = axisBoth(reach, ndim - 1);
  if (ndim < 2 || last === 'none') return undefined;
  return Array.from({ length: ndim }, (_, b): AxisCheck => (b === ndim - 1 ? last : 'none'));
}

/** The single variant of generic (unsplit) code: every axis folded fully. */
export function genericVariant(ndim: number, mode: BoundaryMode): RegionVariant {
  return new Array<AxisCheck>(ndim).fill(mode === 'interior' ? 'none' : 'full');
}

function axisBoth(reach: Reach, a: number): AxisCheck {
  if (reach.lo[a] === 0 && reach.hi[a] === 0) return 'none';
  if (reach.lo[a] === 0) return 'hi';
  if (reach.hi[a] === 0) return 'lo';
  return 'both';
}

/** A box of points [lo, hi) run by one variant's loop nest. */
export interface RegionBox {
  variant: RegionVariant;
  lo: number[];
  hi: number[];
}

/**
 * An axis can be split into lo / none / hi slabs when one fold step suffices everywhere: the grid
 * must hold both reaches (n >= lo + hi) and mirror's single reflection (n > lo, n > hi).
 */
function axisSplittable(n: number, lo: number, hi: number): boolean {
  return n >= lo + hi && n > lo && n > hi;
}

/** Covers the whole grid (or only its interior) with disjoint boxes, each tagged with its variant. */
export function planRegions(shape: readonly number[], reach: Reach, mode: BoundaryMode, split: boolean): RegionBox[] {
  const ndim = shape.length;
  const zero = new Array<number>(ndim).fill(0);
  if (mode === 'interior') {
    const box = interiorBox(shape, reach);
    return boxIsEmpty(box) ? [] : [{ variant: new Array<AxisCheck>(ndim).fill('none'), ...box }];
  }
  if (!split) return [{ variant: genericVariant(ndim, mode), lo: zero, hi: [...shape] }];
  const splittable = shape.every((n, a) => axisSplittable(n, reach.lo[a], reach.hi[a]));
  if (!splittable) {
    const variant = shape.map((_, a) => (reach.lo[a] === 0 && reach.hi[a] === 0 ? 'none' : 'full') as AxisCheck);
    return [{ variant, lo: zero, hi: [...shape] }];
  }
  const inner = interiorBox(shape, reach);
  const boxes: RegionBox[] = [];
  const push = (b: RegionBox) => {
    if (!boxIsEmpty(b)) boxes.push(b);
  };
  push({ variant: new Array<AxisCheck>(ndim).fill('none'), lo: [...inner.lo], hi: [...inner.hi] });
  for (let a = 0; a < ndim; a++) {
    for (const side of ['lo', 'hi'] as const) {
      const lo: number[] = [];
      const hi: number[] = [];
      for (let b = 0; b < ndim; b++) {
        if (b < a) {
          lo.push(inner.lo[b]);
          hi.push(inner.hi[b]);
        } else if (b === a) {
          lo.push(side === 'lo' ? 0 : inner.hi[b]);
          hi.push(side === 'lo' ? inner.lo[b] : shape[b]);
        } else {
          lo.push(0);
          hi.push(shape[b]);
        }
      }
      push({ variant: faceVariant(ndim, reach, a, side), lo, hi });
    }
  }
  return boxes;
}
