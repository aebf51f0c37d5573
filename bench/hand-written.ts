/**
 * Hand-written JavaScript loops for the bench's stencils, the way a careful JS developer would write
 * them without sejits: typed arrays, `nearest` boundary by clamping indices, no per-tap function
 * calls. They are the "hand-written JS loop" reference.
 */
import type { TypedArray } from '../src/index.js';
import { closenessMask } from '../examples/bilateral.js';

export type HandLoop = (input: TypedArray, output: TypedArray, shape: readonly number[]) => void;

export const jacobi2dHand: HandLoop = (a, out, [n0, n1]) => {
  for (let i = 0; i < n0; i++) {
    const up = (i > 0 ? i - 1 : 0) * n1;
    const dn = (i < n0 - 1 ? i + 1 : n0 - 1) * n1;
    const row = i * n1;
    for (let j = 0; j < n1; j++) {
      const l = j > 0 ? j - 1 : 0;
      const r = j < n1 - 1 ? j + 1 : n1 - 1;
      out[row + j] = 0.25 * (a[row + l] + a[row + r] + a[up + j] + a[dn + j]);
    }
  }
};

export const blur3x3Hand: HandLoop = (a, out, [n0, n1]) => {
  for (let i = 0; i < n0; i++) {
    const up = (i > 0 ? i - 1 : 0) * n1;
    const dn = (i < n0 - 1 ? i + 1 : n0 - 1) * n1;
    const row = i * n1;
    for (let j = 0; j < n1; j++) {
      const l = j > 0 ? j - 1 : 0;
      const r = j < n1 - 1 ? j + 1 : n1 - 1;
      out[row + j] =
        (a[up + l] + 2 * a[up + j] + a[up + r] + 2 * (a[row + l] + 2 * a[row + j] + a[row + r]) + a[dn + l] + 2 * a[dn + j] + a[dn + r]) / 16;
    }
  }
};

export const seven3dHand: HandLoop = (a, out, [n0, n1, n2]) => {
  const plane = n1 * n2;
  for (let i = 0; i < n0; i++) {
    const im = (i > 0 ? i - 1 : 0) * plane;
    const ip = (i < n0 - 1 ? i + 1 : n0 - 1) * plane;
    for (let j = 0; j < n1; j++) {
      const jm = (j > 0 ? j - 1 : 0) * n2;
      const jp = (j < n1 - 1 ? j + 1 : n1 - 1) * n2;
      const row = i * plane + j * n2;
      for (let k = 0; k < n2; k++) {
        const km = k > 0 ? k - 1 : 0;
        const kp = k < n2 - 1 ? k + 1 : n2 - 1;
        out[row + k] =
          (a[im + j * n2 + k] + a[ip + j * n2 + k] + a[i * plane + jm + k] + a[i * plane + jp + k] + a[row + km] + a[row + kp] - 6 * a[row + k]) / 6;
      }
    }
  }
};

/** Paper 004's bilateral filter with a precomputed closeness mask; clamped index tables per axis. */
export function bilateralHand(sigmaD: number, sigmaR: number): HandLoop {
  const r = 2 * sigmaD;
  const w = 2 * r + 1;
  const mask = Float64Array.from(closenessMask({ sigmaD }).flat());
  const cR = 1 / (2 * sigmaR * sigmaR);
  return (a, out, [n0, n1]) => {
    const cols = new Int32Array(n1 + 2 * r);
    for (let j = -r; j < n1 + r; j++) cols[j + r] = Math.min(n1 - 1, Math.max(0, j));
    for (let i = 0; i < n0; i++) {
      for (let j = 0; j < n1; j++) {
        const centre = a[i * n1 + j];
        let k = 0;
        let s = 0;
        for (let yf = -r; yf <= r; yf++) {
          const row = Math.min(n0 - 1, Math.max(0, i + yf)) * n1;
          const m = (yf + r) * w + r;
          for (let xf = -r; xf <= r; xf++) {
            const v = a[row + cols[j + xf + r]];
            const diff = v - centre;
            const weight = Math.exp(-cR * diff * diff) * mask[m + xf];
            k += weight;
            s += weight * v;
          }
        }
        out[i * n1 + j] = s / k;
      }
    }
  };
}
