/**
 * Gaussian blur of a real photograph (examples/data/chelsea.png): one kernel reads the three uint8
 * colour planes and writes three named outputs. The (2r+1)² weight table is computed once at
 * specialization from the statics { radius, sigma } and folds into constants; Math.round makes the
 * uint8 stores round instead of truncate.
 * Run: `npx tsx examples/blur-image.ts [sigma=2] [radius=3·sigma]`; writes out/chelsea-blur.png.
 */
import { fileURLToPath } from 'node:url';
import { Grid, stencil } from '../src/index.js';
import { readPng, writePng, type Image } from './image-io.js';

/** A normalized (2·radius+1)² Gaussian table. */
export function gaussianTable({ radius, sigma }: { radius: number; sigma: number }): number[][] {
  const rows = Array.from({ length: 2 * radius + 1 }, (_, i) =>
    Array.from({ length: 2 * radius + 1 }, (_, j) => Math.exp(-((i - radius) ** 2 + (j - radius) ** 2) / (2 * sigma * sigma))),
  );
  const total = rows.flat().reduce((a, b) => a + b, 0);
  return rows.map((row) => row.map((w) => w / total));
}

export const blurRgb = stencil(
  (r, g, b, p) => {
    let sr = 0;
    let sg = 0;
    let sb = 0;
    for (let dy = -p.radius; dy <= p.radius; dy++) {
      for (let dx = -p.radius; dx <= p.radius; dx++) {
        const w = p.weights[dy + p.radius][dx + p.radius];
        sr += w * r(dy, dx);
        sg += w * g(dy, dx);
        sb += w * b(dy, dx);
      }
    }
    return { red: Math.round(sr), green: Math.round(sg), blue: Math.round(sb) };
  },
  { name: 'blurRgb', statics: { radius: 6, sigma: 2 }, precompute: { weights: gaussianTable }, boundary: 'reflect' },
);

export const CHELSEA = fileURLToPath(new URL('data/chelsea.png', import.meta.url));

/** Blurs an RGB image; for another width pass `blurRgb.with({ statics: { radius, sigma } })`. */
export function blurImage(image: Image, kernel = blurRgb): Grid<'uint8'>[] {
  const [r, g, b] = image.channels;
  const { red, green, blue } = kernel(r, g, b);
  return [red, green, blue] as Grid<'uint8'>[];
}

/** Σ |horizontal and vertical differences| over all channels. */
export function totalVariation(channels: readonly Grid[]): number {
  let tv = 0;
  for (const c of channels) {
    const [h, w] = c.shape;
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) {
        const v = c.data[i * w + j];
        if (j + 1 < w) tv += Math.abs(c.data[i * w + j + 1] - v);
        if (i + 1 < h) tv += Math.abs(c.data[(i + 1) * w + j] - v);
      }
  }
  return tv;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sigma = Number(process.argv[2] ?? 2);
  const radius = Number(process.argv[3] ?? Math.ceil(3 * sigma));
  const image = readPng(CHELSEA);
  const kernel = blurRgb.with({ statics: { radius, sigma } });
  const t0 = performance.now();
  const blurred = blurImage(image, kernel);
  const ms = performance.now() - t0;
  writePng('out/chelsea-blur.png', blurred);
  console.log(`blur-image ${image.width}×${image.height} RGB, σ ${sigma}, ${(2 * radius + 1) ** 2} taps, 1 step, ${kernel.specializer.backend.name} backend: ${ms.toFixed(0)} ms (incl. specialization); TV ${totalVariation(image.channels)} → ${totalVariation(blurred)}; wrote out/chelsea-blur.png`);
}
