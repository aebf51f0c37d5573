/**
 * Tolerances, per DESIGN.md: integers compare exactly; floats within C·eps·S, where S bounds
 * Σ|w|·|x| over the kernel's terms (a plain relative error blows up near zero). float32 grids may
 * compute in float32 while pure mode computes in float64, hence eps of the grid's dtype.
 */
import { epsilonOf } from '../../src/dtype.js';
import type { Dtype, Grid } from '../../src/index.js';

export const TOLERANCE_FACTOR = 16;

export function tolerance(dtype: Dtype, magnitude: number): number {
  return TOLERANCE_FACTOR * epsilonOf(dtype) * magnitude;
}

/**
 * The first element outside tolerance, described, or undefined when everything matches.
 * `float32Stores`: on a backend that computes integer outputs in float32 where others use float64
 * (WGSL has no f64), the number of integer stores each output point makes. Each may round across
 * an integer and store its neighbour, so integers then compare within that many times 1 plus
 * float32's tolerance instead of exactly.
 */
export function compareGrids(got: Grid, want: Grid, magnitude: number, float32Stores = 0): string | undefined {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype} != ${want.dtype}`;
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape}] != [${want.shape}]`;
  const integer = got.dtype === 'int32' || got.dtype === 'uint8';
  const tol = float32Stores > 0 && integer ? float32Stores * (1 + tolerance('float32', magnitude)) : tolerance(got.dtype, magnitude);
  for (let i = 0; i < got.size; i++) {
    const g = got.data[i];
    const w = want.data[i];
    const ok = tol === 0 ? Object.is(g, w) || g === w : Math.abs(g - w) <= tol || (Number.isNaN(g) && Number.isNaN(w));
    if (!ok) return `element ${i} (of ${got.size}): got ${g}, want ${w}, tolerance ${tol}`;
  }
  return undefined;
}
