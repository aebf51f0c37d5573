/**
 * PNG in and out of sejits grids, through fast-png. Images become one uint8 grid per channel,
 * shaped [height, width], so a kernel sees each colour plane as an ordinary 2-D grid.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { rgb } from 'd3-color';
import * as chromatic from 'd3-scale-chromatic';
import { decode, encode } from 'fast-png';
import { Grid } from '../src/index.js';

export interface Image {
  readonly width: number;
  readonly height: number;
  /** One grid per colour channel (1 for grayscale, 3 for RGB); alpha is dropped. */
  readonly channels: Grid<'uint8'>[];
}

/** Reads an 8- or 16-bit grayscale, RGB or palette PNG. */
export function readPng(path: string): Image {
  const png = decode(readFileSync(path));
  const { width, height } = png;
  const palette = png.palette;
  const colourChannels = palette ? 3 : png.channels >= 3 ? 3 : 1;
  const stride = palette ? 1 : png.channels;
  const shift = png.depth === 16 ? 8 : 0;
  const channels = Array.from({ length: colourChannels }, () => Grid.zeros([height, width], 'uint8'));
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < colourChannels; c++) {
      channels[c].data[p] = palette ? palette[png.data[p]][c] : png.data[p * stride + c] >> shift;
    }
  }
  return { width, height, channels };
}

/** Writes one (grayscale) or three (RGB) uint8 grids of the same [height, width] shape. */
export function writePng(path: string, channels: readonly Grid<'uint8'>[]): void {
  if (channels.length !== 1 && channels.length !== 3) throw new Error(`writePng: 1 or 3 channels, got ${channels.length}`);
  const [height, width] = channels[0].shape;
  for (const c of channels) {
    if (c.shape.length !== 2 || c.shape[0] !== height || c.shape[1] !== width) throw new Error(`writePng: every channel must be ${height}×${width}, got ${c.shape.join('×')}`);
  }
  const n = channels.length;
  const data = new Uint8Array(width * height * n);
  for (let p = 0; p < width * height; p++) for (let c = 0; c < n; c++) data[p * n + c] = channels[c].data[p];
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encode({ width, height, data, channels: n, depth: 8 }));
}

export type Colormap = 'inferno' | 'magma' | 'viridis' | 'plasma' | 'turbo' | 'cividis';

const INTERPOLATORS: Record<Colormap, (t: number) => string> = {
  inferno: chromatic.interpolateInferno,
  magma: chromatic.interpolateMagma,
  viridis: chromatic.interpolateViridis,
  plasma: chromatic.interpolatePlasma,
  turbo: chromatic.interpolateTurbo,
  cividis: chromatic.interpolateCividis,
};

/** A 256-entry RGB lookup table sampled from a d3 colour map. */
function lookupTable(name: Colormap): Uint8Array {
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = rgb(INTERPOLATORS[name](i / 255));
    table.set([c.r, c.g, c.b], i * 3);
  }
  return table;
}

export interface ColormapOptions {
  readonly colormap?: Colormap;
  /** Value mapped to the colour map's first entry; default: the field's minimum. */
  readonly min?: number;
  /** Value mapped to the last entry; default: the field's maximum. */
  readonly max?: number;
}

/** Writes a 2-D scalar field as a colour-mapped RGB PNG; returns the value range that was used. */
export function writeColormapPng(path: string, field: Grid, options: ColormapOptions = {}): { min: number; max: number } {
  if (field.shape.length !== 2) throw new Error(`writeColormapPng: a 2-D grid is needed, got shape ${field.shape.join('×')}`);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of field.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const min = options.min ?? lo;
  const max = options.max ?? hi;
  const scale = max > min ? 255 / (max - min) : 0;
  const table = lookupTable(options.colormap ?? 'inferno');
  const [height, width] = field.shape;
  const rgbPlanes = [0, 1, 2].map(() => Grid.zeros([height, width], 'uint8'));
  field.data.forEach((v, p) => {
    const k = Math.max(0, Math.min(255, Math.round((v - min) * scale))) * 3;
    for (let c = 0; c < 3; c++) rgbPlanes[c].data[p] = table[k + c];
  });
  writePng(path, rgbPlanes);
  return { min, max };
}
