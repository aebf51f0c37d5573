/** Seeded random grids for conformance cases: never zero, in every dtype. */
import { Grid, type Dtype } from '../../src/index.js';

/** mulberry32: small, fast and deterministic. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values whose magnitude is bounded and never zero: floats in ±[0.25, 2), ints in ±[1, 1000], uint8 in [1, 255]. */
export function randomGrid(shape: readonly number[], dtype: Dtype, random: () => number): Grid {
  return Grid.fromFunction(shape, dtype, () => {
    switch (dtype) {
      case 'float32':
      case 'float64': {
        const m = 0.25 + 1.75 * random();
        return random() < 0.5 ? -m : m;
      }
      case 'int32': {
        const m = 1 + Math.floor(random() * 1000);
        return random() < 0.5 ? -m : m;
      }
      case 'uint8':
        return 1 + Math.floor(random() * 255);
    }
  });
}

export function maxAbs(grids: readonly Grid[]): number {
  let m = 0;
  for (const g of grids) for (const v of g.data) m = Math.max(m, Math.abs(v));
  return m;
}

/** A poison value for passed-in outputs: the same on both sides, so kept borders compare equal. */
export function poison(dtype: Dtype): number {
  return dtype === 'uint8' ? 77 : dtype === 'int32' ? -7777 : 1234.5;
}
