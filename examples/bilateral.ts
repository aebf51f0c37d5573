/**
 * The bilateral filter of paper 004, Listing 1 (Impala), on examples/data/camera.png as float32 in
 * [0, 1]. The closeness mask depends only on the static sigmaD, so it is precomputed once and folds
 * into constants of the unrolled (4·sigmaD+1)² window; sigmaR is a runtime parameter.
 * Run: `npx tsx examples/bilateral.ts [sigmaR=0.1] [sigmaD=3]`; writes out/camera-bilateral.png.
 */
import { fileURLToPath } from 'node:url';
import { Grid, stencil } from '../src/index.js';
import { readPng, writePng } from './image-io.js';

/** The spatial weights exp(−|d|²/2σd²) over the window |dy|, |dx| ≤ 2σd. */
export function closenessMask({ sigmaD }: { sigmaD: number }): number[][] {
  return Array.from({ length: 4 * sigmaD + 1 }, (_, i) =>
    Array.from({ length: 4 * sigmaD + 1 }, (_, j) => Math.exp(-((i - 2 * sigmaD) ** 2 + (j - 2 * sigmaD) ** 2) / (2 * sigmaD * sigmaD))),
  );
}

export const bilateral = stencil(
  (a, p) => {
    const cR = 1 / (2 * p.sigmaR * p.sigmaR);
    let k = 0;
    let s = 0;
    for (let yf = -2 * p.sigmaD; yf <= 2 * p.sigmaD; yf++) {
      for (let xf = -2 * p.sigmaD; xf <= 2 * p.sigmaD; xf++) {
        const diff = a(yf, xf) - a(0, 0);
        const w = Math.exp(-cR * diff * diff) * p.mask[yf + 2 * p.sigmaD][xf + 2 * p.sigmaD];
        k += w;
        s += w * a(yf, xf);
      }
    }
    return s / k;
  },
  { name: 'bilateral', params: ['sigmaR'], statics: { sigmaD: 3 }, precompute: { mask: closenessMask }, boundary: 'reflect' },
);

export const CAMERA = fileURLToPath(new URL('data/camera.png', import.meta.url));

export function toUnitFloat(g: Grid<'uint8'>): Grid<'float32'> {
  return Grid.from(Float32Array.from(g.data, (v) => v / 255), g.shape);
}

export function toUint8(g: Grid): Grid<'uint8'> {
  return Grid.from(Uint8Array.from(g.data, (v) => Math.round(255 * Math.min(1, Math.max(0, v)))), g.shape);
}

/** Filters a [0, 1] float32 image; for another sigmaD pass `bilateral.with({ statics: { sigmaD } })`. */
export function bilateralFilter(image: Grid<'float32'>, sigmaR = 0.1, kernel = bilateral): Grid<'float32'> {
  return kernel(image, { params: { sigmaR } }) as Grid<'float32'>;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sigmaR = Number(process.argv[2] ?? 0.1);
  const sigmaD = Number(process.argv[3] ?? 3);
  const image = toUnitFloat(readPng(CAMERA).channels[0]);
  const kernel = bilateral.with({ statics: { sigmaD } });
  const t0 = performance.now();
  const out = bilateralFilter(image, sigmaR, kernel);
  const ms = performance.now() - t0;
  writePng('out/camera-bilateral.png', [toUint8(out)]);
  console.log(`bilateral ${image.shape.join('×')} float32, σd ${sigmaD} (${(4 * sigmaD + 1) ** 2} taps), σr ${sigmaR}, 1 step, ${kernel.specializer.backend.name} backend: ${ms.toFixed(0)} ms (incl. specialization); wrote out/camera-bilateral.png`);
}
