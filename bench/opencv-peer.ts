/**
 * The JS peer a TypeScript developer would reach for: OpenCV compiled to WebAssembly
 * (@techstark/opencv-js), filter2D with BORDER_REPLICATE (scipy's and sejits' `nearest`). It is a
 * dev dependency; without it the bench skips this reference and says why. Timing covers filter2D
 * on Mats already in the WebAssembly heap, which favours OpenCV: a real program would also copy
 * its typed arrays in and out.
 */
import { createRequire } from 'node:module';
import type { Dtype, TypedArray } from '../src/index.js';

interface Mat {
  readonly data32F: Float32Array;
  readonly data64F: Float64Array;
  delete(): void;
}

interface OpenCv {
  readonly Mat: new (rows: number, cols: number, type: number) => Mat;
  readonly Point: new (x: number, y: number) => unknown;
  readonly CV_32F: number;
  readonly CV_64F: number;
  readonly BORDER_REPLICATE: number;
  matFromArray(rows: number, cols: number, type: number, values: readonly number[]): Mat;
  filter2D(src: Mat, dst: Mat, depth: number, kernel: Mat, anchor: unknown, delta: number, border: number): void;
  onRuntimeInitialized?: () => void;
}

export type OpenCvPeer = { readonly cv: OpenCv; readonly version: string } | { readonly unavailable: string };

/** Loads OpenCV.js and waits for its WebAssembly runtime (about a second). */
export async function loadOpenCv(): Promise<OpenCvPeer> {
  const require = createRequire(import.meta.url);
  let cv: OpenCv;
  let version = 'unknown';
  try {
    cv = require('@techstark/opencv-js') as OpenCv;
    version = (require('@techstark/opencv-js/package.json') as { version: string }).version;
  } catch (e) {
    return { unavailable: `@techstark/opencv-js is not installed (npm install --save-dev @techstark/opencv-js): ${(e as Error).message.split('\n')[0]}` };
  }
  // The module is a thenable that resolves to itself, so it must not be awaited directly.
  await new Promise<void>((resolve) => {
    if (typeof cv.Mat === 'function' && typeof cv.filter2D === 'function') resolve();
    else cv.onRuntimeInitialized = () => resolve();
  });
  return { cv, version };
}

export interface OpenCvFilter {
  run(): void;
  /** Copies the result out of the WebAssembly heap. */
  output(): TypedArray;
  dispose(): void;
}

/** filter2D of a 2-D grid with dense 3×3 (or larger) correlation weights, on float32 or float64. */
export function openCvFilter(cv: OpenCv, input: TypedArray, shape: readonly number[], dtype: Dtype, weights: readonly (readonly number[])[]): OpenCvFilter | undefined {
  if (shape.length !== 2 || (dtype !== 'float32' && dtype !== 'float64')) return undefined;
  const type = dtype === 'float32' ? cv.CV_32F : cv.CV_64F;
  const [rows, cols] = shape;
  const src = new cv.Mat(rows, cols, type);
  const dst = new cv.Mat(rows, cols, type);
  (dtype === 'float32' ? src.data32F : src.data64F).set(input);
  const kernel = cv.matFromArray(weights.length, weights[0].length, type, weights.flat());
  const anchor = new cv.Point(-1, -1);
  return {
    run: () => cv.filter2D(src, dst, type, kernel, anchor, 0, cv.BORDER_REPLICATE),
    output: () => (dtype === 'float32' ? dst.data32F : dst.data64F).slice(),
    dispose: () => {
      src.delete();
      dst.delete();
      kernel.delete();
    },
  };
}
