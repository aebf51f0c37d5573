/**
 * A third-party specializer written against the public Specializer API only, and not Fusable:
 * `histogramEqualize` remaps a grid's values through its own cumulative histogram, a whole-grid
 * operation with no per-point loop geometry to offer, so it implements no Fusable interface. It
 * still runs inside meta(): meta traces it through Specializer.dispatch, runs it as its own call,
 * and explain() says why it was not fused.
 * Run: `npx tsx examples/third-party-specializer.ts`.
 */
import { Grid, KernelArgumentError, Specializer, isGrid, meta, scale, stencil, type SpecializerOptions } from '../src/index.js';

export class HistogramEqualize extends Specializer {
  constructor(
    readonly bins: number,
    options: SpecializerOptions = {},
  ) {
    super(options);
  }

  get name(): string {
    return 'histogramEqualize';
  }

  /** Every call goes through dispatch, so meta() can trace it; the default describeCall fits (one grid in, one like it out). */
  call(g: Grid): Grid {
    return this.dispatch([g], ([x]) => {
      if (!isGrid(x)) throw new KernelArgumentError('histogramEqualize: expects a Grid');
      return this.equalize(x);
    });
  }

  private equalize(g: Grid): Grid {
    const data = g.data;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of data) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const width = hi > lo ? (hi - lo) / this.bins : 1;
    const bin = (v: number) => Math.min(this.bins - 1, Math.floor((v - lo) / width));
    const cdf = new Float64Array(this.bins);
    for (const v of data) cdf[bin(v)]++;
    for (let i = 1; i < this.bins; i++) cdf[i] += cdf[i - 1];
    const out = Grid.zeros(g.shape, g.dtype);
    const o = out.data;
    for (let i = 0; i < data.length; i++) o[i] = cdf[bin(data[i])] / data.length;
    return out;
  }
}

export const equalize = new HistogramEqualize(64);
export const smooth = stencil((a) => 0.25 * (a(0, -1) + a(0, 1) + a(-1, 0) + a(1, 0)), { name: 'smooth', boundary: 'reflect' });

/** Smooth, equalize (unfusable), then scale: the smooth and the scale cannot merge across equalize. */
export const enhance = meta(function enhance(img: Grid) {
  return scale(equalize.call(smooth(img)), 255);
});

if (import.meta.url === `file://${process.argv[1]}`) {
  const img = Grid.fromFunction([64, 64], 'float32', (i, j) => Math.sin(i / 7) * Math.cos(j / 5) + (i * j) / 4096);
  const out = enhance(img);
  console.log(`enhanced: min ${Math.min(...out.data).toFixed(3)}, max ${Math.max(...out.data).toFixed(3)}`);
  console.log(enhance.explain());
}
