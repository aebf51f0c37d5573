/**
 * The main demo (`npm start`, or `sejits demo`): a 2-D heat equation on the best available backend,
 * with a progress bar, a timing table against pure JavaScript, and the final temperature field
 * written as a colour-mapped PNG.
 */
import { markdownTable } from 'markdown-table';
import { Grid } from '../src/index.js';
import { createProgress } from '../src/cli/progress.js';
import { median } from '../bench/timing.js';
import { heatStep } from './heat2d.js';
import { writeColormapPng, type Colormap } from './image-io.js';

export interface DemoOptions {
  readonly size?: number;
  readonly steps?: number;
  readonly alpha?: number;
  /** PNG path (default out/heat2d.png). */
  readonly output?: string;
  readonly backend?: string;
  readonly colormap?: Colormap;
  readonly progress?: boolean;
  /** Where the table and messages go (default stdout). */
  readonly print?: (text: string) => void;
}

export interface DemoResult {
  readonly backend: string;
  readonly size: number;
  readonly steps: number;
  /** The first step: parsing, specialization and compilation included. */
  readonly firstStepMs: number;
  readonly medianStepMs: number;
  readonly pureStepMs: number;
  readonly totalMs: number;
  readonly totalHeat: { readonly initial: number; readonly final: number };
  readonly output: string;
}

/** Hot disks of several temperatures on a cold plate, from a fixed seed so every run matches. */
export function initialField(n: number): Grid<'float64'> {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const disks = Array.from({ length: 40 }, () => ({ y: random() * n, x: random() * n, r: (0.02 + random() * 0.06) * n, t: 20 + random() * 80 }));
  return Grid.fromFunction([n, n], 'float64', (i, j) => {
    let t = 0;
    for (const d of disks) if ((i - d.y) ** 2 + (j - d.x) ** 2 < d.r * d.r) t = Math.max(t, d.t);
    return t;
  });
}

function sum(g: Grid): number {
  let total = 0;
  for (const v of g.data) total += v;
  return total;
}

export function runDemo(options: DemoOptions = {}): DemoResult {
  const n = options.size ?? 768;
  const steps = options.steps ?? 1500;
  const alpha = options.alpha ?? 0.2;
  const output = options.output ?? 'out/heat2d.png';
  const print = options.print ?? ((text: string) => process.stdout.write(text + '\n'));
  const step = heatStep.with({ backend: options.backend ?? 'auto', name: 'heatStep' });
  const backend = step.specializer.backend.name;
  // Device backends queue launches and return at once: wait for each step, so the times are real.
  const device = step.specializer.backend;
  const finish = device.kind === 'device' ? () => device.synchronize() : () => {};
  print(`sejits demo: 2-D heat equation, ${n}×${n} float64, ${steps} steps, α = ${alpha}, on the ${backend} backend`);

  let u = initialField(n);
  let next = Grid.zeros([n, n], 'float64');
  const initialHeat = sum(u);
  const pureStepMs = timePure(u, alpha);

  const progress = createProgress({ total: steps, label: 'heat2d', enabled: options.progress ?? true, lineEvery: Math.ceil(steps / 10) });
  const stepMs: number[] = [];
  const start = performance.now();
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    step(u, { params: { alpha }, out: next });
    finish();
    stepMs.push(performance.now() - t0);
    [u, next] = [next, u];
    if (s % 16 === 15 || s === steps - 1) progress.update(s + 1, `${(((s + 1) * n * n) / (performance.now() - start) / 1e3).toFixed(0)} Mpoint/s`);
  }
  const totalMs = performance.now() - start;
  progress.stop();

  const range = writeColormapPng(output, u, { colormap: options.colormap ?? 'inferno', min: 0 });
  const result: DemoResult = {
    backend,
    size: n,
    steps,
    firstStepMs: stepMs[0],
    medianStepMs: median(stepMs.slice(1)),
    pureStepMs,
    totalMs,
    totalHeat: { initial: initialHeat, final: sum(u) },
    output,
  };
  print('');
  print(timingTable(result));
  print('');
  print(`Total heat ${result.totalHeat.initial.toExponential(6)} → ${result.totalHeat.final.toExponential(6)} (insulated edges keep it constant).`);
  print(`Wrote ${output} (inferno colour map, ${range.min.toFixed(1)} to ${range.max.toFixed(1)}).`);
  return result;
}

/** One step in pure mode, the plain JavaScript the kernel is written in, for comparison. */
function timePure(u: Grid<'float64'>, alpha: number): number {
  const pure = heatStep.with({ mode: 'pure' });
  const out = Grid.zeros(u.shape, 'float64');
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    pure(u, { params: { alpha }, out });
    times.push(performance.now() - t0);
  }
  return median(times);
}

function timingTable(r: DemoResult): string {
  const points = r.size * r.size;
  const ns = (ms: number) => ((ms * 1e6) / points).toFixed(2);
  // A step reads and writes each float64 point once: 16 bytes.
  const gbps = (ms: number) => ((points * 16) / (ms * 1e6)).toFixed(2);
  return markdownTable(
    [
      ['', 'ms per step', 'ns per point', 'GB/s', 'speed-up'],
      [`sejits (${r.backend}), first step incl. specialization`, r.firstStepMs.toFixed(1), ns(r.firstStepMs), gbps(r.firstStepMs), ''],
      [`sejits (${r.backend}), median step`, r.medianStepMs.toFixed(2), ns(r.medianStepMs), gbps(r.medianStepMs), `${(r.pureStepMs / r.medianStepMs).toFixed(1)}×`],
      ['pure JavaScript (mode: pure)', r.pureStepMs.toFixed(1), ns(r.pureStepMs), gbps(r.pureStepMs), '1×'],
      [`all ${r.steps} steps`, r.totalMs.toFixed(0), '', '', ''],
    ],
    { align: ['l', 'r', 'r', 'r', 'r'] },
  );
}
