/**
 * The bench harness (`npm run bench`, `sejits bench`). For each stencil, size and dtype it times
 * sejits' specialized and generic code on each backend, and the references: a copy of the same
 * bytes (the bandwidth limit), a hand-written JS loop, pure mode and scipy.ndimage.correlate. It
 * checks that every implementation computed the same grid, prints tables, and writes JSON, Markdown
 * and an SVG plot under bench/results/. Ratios are t_reference / t_sejits: above 1, sejits is faster.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { bytesPerElement, Grid, probeBackend, backendNames, type Dtype, type TypedArray } from '../src/index.js';
import { allocTyped } from '../src/dtype.js';
import { createProgress, type Progress } from '../src/cli/progress.js';
import { probePython } from '../src/cli/python.js';
import { copyReference } from './bandwidth.js';
import { jitLatency, table1, type JitLatency, type Table1 } from './c-extras.js';
import { handWrittenC } from './hand-written-c.js';
import { loadOpenCv, openCvFilter, type OpenCvPeer } from './opencv-peer.js';
import { BENCH_CASES, type BenchCase } from './cases.js';
import { machineInfo, type MachineInfo } from './machine.js';
import { plotResults } from './plot.js';
import { formatTables } from './report.js';
import { runScipy } from './scipy-peer.js';
import { measure, measureInterleaved, type Timing } from './timing.js';
import type { Reference, SkippableReference } from './references.js';

export { REFERENCES, EXTRAS, SKIPPABLE, type Reference, type SkippableReference } from './references.js';

export interface BenchOptions {
  /** Default: every backend that probes as available. */
  readonly backends?: readonly string[];
  /** Stencil ids (default: all of BENCH_CASES). */
  readonly stencils?: readonly string[];
  /** Edge lengths replacing each stencil's default sizes. */
  readonly sizes?: readonly number[];
  readonly dtypes?: readonly Dtype[];
  /** Time spent on each measurement's timed calls. */
  readonly budgetMs?: number;
  readonly skip?: readonly SkippableReference[];
  /** Quarter-size grids and a short budget, for a quick look. */
  readonly quick?: boolean;
  readonly outDir?: string;
  readonly plot?: boolean;
  readonly progress?: boolean;
  readonly print?: (text: string) => void;
}

export type Skipped = { readonly skipped: string };
export type Measured = Omit<Timing, 'firstMs'>;

export interface BackendResult {
  readonly specialized: Timing;
  readonly generic: Timing | Skipped;
  readonly copy: Measured & { readonly description: string };
  readonly nsPerPoint: number;
  readonly gbPerS: number;
  /** t_reference / t_specialized for every reference that ran. */
  readonly ratios: Partial<Record<Reference, number>>;
  /** Largest |specialized − hand-written| (or − pure when the hand loop was skipped). */
  readonly maxAbsDiff: number;
}

export interface CaseResult {
  readonly stencil: string;
  readonly title: string;
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly boundary: 'nearest';
  readonly points: number;
  /** Bytes read and written per call: every input and output point once. */
  readonly bytesMoved: number;
  readonly references: {
    readonly hand: Measured | Skipped;
    /** The hand-written OpenMP C loop (measured when the c backend is benchmarked). */
    readonly handC: (Measured & { readonly maxAbsDiff: number }) | Skipped;
    readonly pure: Measured | Skipped;
    readonly scipy: (Measured & { readonly maxAbsDiff: number }) | Skipped;
    /** OpenCV.js filter2D (2-D linear stencils). */
    readonly opencv: (Measured & { readonly maxAbsDiff: number }) | Skipped;
  };
  readonly backends: Readonly<Record<string, BackendResult>>;
}

export interface BenchResult {
  readonly schema: 'sejits-bench/1';
  readonly date: string;
  readonly machine: MachineInfo;
  readonly options: { readonly backends: readonly string[]; readonly dtypes: readonly Dtype[]; readonly budgetMs: number; readonly quick: boolean; readonly skip: readonly SkippableReference[] };
  readonly cases: readonly CaseResult[];
  /** The c backend's extra figures (when it is benchmarked and not skipped). */
  readonly c?: { readonly table1?: Table1 | Skipped; readonly jit?: JitLatency | Skipped };
  readonly files: { readonly json: string; readonly markdown: string; readonly plot?: string };
}

const isSkipped = (r: object): r is Skipped => 'skipped' in r;
const strip = ({ firstMs: _first, ...rest }: Timing): Measured => rest;

/** Random values in [0.5, 1.5), never zero, from a fixed seed so runs are comparable. */
function randomGrid(shape: readonly number[], dtype: Dtype, seed: number): Grid {
  let s = seed >>> 0;
  return Grid.fromFunction(shape, dtype, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 0.5 + s / 2 ** 32;
  });
}

function maxAbsDiff(a: TypedArray, b: TypedArray): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = d; // NaN propagates as a failure
  }
  return m;
}

function resolveBackends(requested: readonly string[] | undefined): string[] {
  const names = requested ?? backendNames().filter((n) => probeBackend(n).available);
  for (const n of names) {
    const p = probeBackend(n);
    if (!p.available) throw new Error(`backend '${n}' is not usable here: ${p.reason}`);
  }
  if (names.length === 0) throw new Error('no backend is usable here (see sejits doctor)');
  return [...names];
}

function selectCases(ids: readonly string[] | undefined): BenchCase[] {
  if (!ids) return [...BENCH_CASES];
  return ids.map((id) => {
    const c = BENCH_CASES.find((k) => k.id === id);
    if (!c) throw new Error(`unknown stencil '${id}'; known: ${BENCH_CASES.map((k) => k.id).join(', ')}`);
    return c;
  });
}

/** Grids alive at once per case: input, sejits output, hand-written, pure and copy outputs. */
const GRIDS_PER_CASE = 5;

/** A size that cannot fit is an error before anything runs, not an out-of-memory crash later. */
function checkMemory(plans: readonly Plan[]): void {
  for (const { benchCase, size, dtype } of plans) {
    const bytes = GRIDS_PER_CASE * size ** benchCase.ndim * bytesPerElement(dtype);
    if (bytes > 0.75 * os.totalmem()) {
      const gib = (b: number) => (b / 2 ** 30).toFixed(1);
      throw new Error(`${benchCase.id} at ${size}${benchCase.ndim === 2 ? '²' : '³'} ${dtype} needs about ${gib(bytes)} GiB (${GRIDS_PER_CASE} grids); this machine has ${gib(os.totalmem())} GiB`);
    }
  }
}

interface Plan {
  readonly benchCase: BenchCase;
  readonly size: number;
  readonly dtype: Dtype;
}

export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const print = options.print ?? ((text: string) => process.stdout.write(text + '\n'));
  const quick = options.quick ?? false;
  const budgetMs = options.budgetMs ?? (quick ? 250 : 2000);
  const skip = new Set<SkippableReference>(options.skip ?? []);
  const dtypes = options.dtypes ?? ['float32'];
  const backends = resolveBackends(options.backends);
  if (!skip.has('scipy') && !probePython().available) {
    print(`scipy.ndimage reference skipped: ${probePython().reason}`);
    skip.add('scipy');
  }
  const opencv: OpenCvPeer = skip.has('opencv') ? { unavailable: 'skipped by option' } : await loadOpenCv();
  if ('unavailable' in opencv && !skip.has('opencv')) print(`opencv-js reference skipped: ${opencv.unavailable}`);
  const plans: Plan[] = [];
  for (const benchCase of selectCases(options.stencils)) {
    const sizes = options.sizes ?? (quick ? benchCase.sizes.map((s) => s / 4) : benchCase.sizes);
    for (const size of sizes) for (const dtype of dtypes) plans.push({ benchCase, size, dtype });
  }
  checkMemory(plans);
  const machine = machineInfo();
  const date = new Date().toISOString();
  print(`sejits bench: ${plans.length} cases on ${backends.join(', ')}; ${machine.cpu}, ${machine.cores} cores; Node ${machine.versions.node}; budget ${budgetMs} ms per measurement`);

  const withC = backends.includes('c');
  const tasks = (c: BenchCase) =>
    backends.length * (skip.has('generic') ? 2 : 3) +
    Number(!skip.has('hand')) +
    Number(!skip.has('pure')) +
    Number(!skip.has('scipy') && 'weights' in c.scipy) +
    Number(withC && !skip.has('handC')) +
    Number('cv' in opencv && c.ndim === 2 && 'weights' in c.scipy);
  const extras = withC ? Number(!skip.has('table1')) + Number(!skip.has('jit')) : 0;
  const total = plans.reduce((n, p) => n + tasks(p.benchCase), 0) + extras;
  const progress = createProgress({ total, label: 'bench', enabled: options.progress ?? true });
  const cases: CaseResult[] = [];
  let done = 0;
  const step = (task: string) => progress.update(done, task);
  const finished = () => progress.update(++done);
  for (const plan of plans) cases.push(runCase(plan, backends, skip, budgetMs, opencv, step, finished, progress));
  let c: BenchResult['c'];
  if (withC) {
    let t1: Table1 | Skipped = { skipped: 'skipped by option' };
    let jit: JitLatency | Skipped = { skipped: 'skipped by option' };
    if (!skip.has('table1')) {
      step('paper 004 Table 1: 2048² Jacobi on one thread');
      t1 = table1(budgetMs, quick ? 512 : 2048);
      finished();
    }
    if (!skip.has('jit')) {
      step('JIT latency: a new kernel, and a fresh process loading it from the disk cache');
      jit = jitLatency();
      finished();
    }
    c = { table1: t1, jit };
  }
  progress.stop();

  const outDir = options.outDir ?? join('bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const stem = join(outDir, `bench-${date.slice(0, 10)}-${backends.join('+')}${quick ? '-quick' : ''}`);
  const files = { json: `${stem}.json`, markdown: `${stem}.md`, plot: options.plot === false ? undefined : `${stem}.svg` };
  const result: BenchResult = { schema: 'sejits-bench/1', date, machine, options: { backends, dtypes, budgetMs, quick, skip: [...skip] }, cases, ...(c ? { c } : {}), files };
  const tables = formatTables(result);
  print('');
  print(tables);
  writeFileSync(files.markdown, tables + '\n');
  writeFileSync(files.json, JSON.stringify(result, null, 2) + '\n');
  print(`Wrote ${files.json} and ${files.markdown}`);
  return result;
}

/** Reads a result file written by runBench (for --replot). */
export function readResult(file: string): BenchResult {
  const result = JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
  if (result.schema !== 'sejits-bench/1') throw new Error(`${file} is not a sejits bench result (schema ${String(result.schema)})`);
  const svg = file.replace(/\.json$/, '') + '.svg';
  return { ...result, files: { ...result.files, json: file, plot: svg } };
}

/** Writes the plot of a finished run (async: the plotting library loads lazily). */
export async function writePlot(result: BenchResult, print: (text: string) => void): Promise<void> {
  if (!result.files.plot) return;
  const written = await plotResults(result, result.files.plot);
  print(written ? `Wrote ${result.files.plot} (results: ${result.files.json})` : `No plot: vega and vega-lite are not installed (npm install --save-dev vega vega-lite); results: ${result.files.json}`);
}

function runCase(
  plan: Plan,
  backends: readonly string[],
  skip: ReadonlySet<SkippableReference>,
  budgetMs: number,
  opencv: OpenCvPeer,
  step: (task: string) => void,
  finished: () => void,
  progress: Progress,
): CaseResult {
  const { benchCase: c, size, dtype } = plan;
  const shape = Array.from({ length: c.ndim }, () => size);
  const points = size ** c.ndim;
  const label = `${c.id} ${shape.join('×')} ${dtype}`;
  const input = randomGrid(shape, dtype, 20261122);
  const out = Grid.zeros(shape, dtype);
  const call = { params: c.params ?? {}, out };
  const bytesMoved = 2 * points * bytesPerElement(dtype);
  const timing = { budgetMs };

  let handOutput: TypedArray | undefined;
  let hand: Measured | Skipped = { skipped: 'skipped by option' };
  if (!skip.has('hand')) {
    step(`${label}: hand-written JS`);
    const handOut = allocTyped(dtype, points);
    hand = strip(measure(() => c.hand(input.data, handOut, shape), timing));
    handOutput = handOut;
    finished();
  }
  let pureOutput: TypedArray | undefined;
  let pure: Measured | Skipped = { skipped: 'skipped by option' };
  if (!skip.has('pure')) {
    step(`${label}: pure mode`);
    const pureOut = Grid.zeros(shape, dtype);
    const pureKernel = c.kernel.with({ mode: 'pure' });
    pure = strip(measure(() => pureKernel(input, { params: call.params, out: pureOut }), { budgetMs, minReps: 1 }));
    pureOutput = pureOut.data;
    finished();
  }

  const results: Record<string, BackendResult> = {};
  let firstOutput: TypedArray | undefined;
  let handC: CaseResult['references']['handC'] = skip.has('handC')
    ? { skipped: 'skipped by option' }
    : !backends.includes('c')
      ? { skipped: 'measured with the c backend only' }
      : { skipped: `no hand-written C loop for ${dtype}` };
  for (const backend of backends) {
    // The kernel, the copy limit and (on c) the hand-written C loop run interleaved, call by call.
    const copyRef = copyReference(backend);
    const copyTo = [allocTyped(dtype, points)];
    const specialized = c.kernel.with({ backend, mode: 'specialized' });
    // Device backends queue launches: every timed call waits for its kernel.
    const onDevice = specialized.specializer.backend;
    const finish = onDevice.kind === 'device' ? () => onDevice.synchronize() : () => {};
    const handLoop = backend === 'c' && !skip.has('handC') ? handWrittenC(c.id, dtype, c.params ?? {}, c.statics ?? {}) : undefined;
    const handCOut = allocTyped(dtype, handLoop ? points : 0);
    step(`${label}: ${backend} specialized, side by side with the copy${handLoop ? ' and the hand-written C loop' : ''}`);
    const fns = [() => (specialized(input, call), finish()), () => copyRef.copy([input.data], copyTo)];
    if (handLoop) fns.push(() => handLoop(input.data, handCOut, shape));
    const [spec, copyTiming, handTiming] = measureInterleaved(fns, timing);
    const copy = { ...strip(copyTiming), description: copyRef.description };
    finished();
    finished();
    const check = handOutput ?? pureOutput;
    const diff = check ? maxAbsDiff(out.data, check) : NaN;
    firstOutput ??= out.data.slice();

    let generic: Timing | Skipped = { skipped: 'skipped by option' };
    if (!skip.has('generic')) {
      step(`${label}: ${backend} generic`);
      const gen = c.kernel.with({ backend, mode: 'generic' });
      generic = measure(() => (gen(input, call), finish()), { ...timing, firstCallCompiles: true });
      finished();
    }
    if (check && !(diff <= 1e-4)) progress.log(`warning: ${label} on ${backend}: specialized differs from the ${handOutput ? 'hand-written loop' : 'pure mode'} by ${diff}`);
    const ratios: Partial<Record<Reference, number>> = { copy: copy.ms / spec.ms };
    if (handLoop && handTiming) {
      handC = { ...strip(handTiming), maxAbsDiff: maxAbsDiff(handCOut, out.data) };
      if (!(handC.maxAbsDiff <= 1e-4)) progress.log(`warning: ${label}: the hand-written C loop differs from sejits by ${handC.maxAbsDiff}`);
      ratios.handC = handC.ms / spec.ms;
      finished();
    }
    if (!isSkipped(hand)) ratios.hand = hand.ms / spec.ms;
    if (!isSkipped(generic)) ratios.generic = generic.ms / spec.ms;
    if (!isSkipped(pure)) ratios.pure = pure.ms / spec.ms;
    results[backend] = { specialized: spec, generic, copy, nsPerPoint: (spec.ms * 1e6) / points, gbPerS: bytesMoved / (spec.ms * 1e6), ratios, maxAbsDiff: diff };
  }

  let scipy: CaseResult['references']['scipy'] = { skipped: 'skipped by option' };
  if ('unavailable' in c.scipy) scipy = { skipped: c.scipy.unavailable };
  else if (!skip.has('scipy')) {
    step(`${label}: scipy.ndimage.correlate`);
    const run = runScipy({ input: input.data, shape, dtype, weights: c.scipy.weights, mode: 'nearest', cval: 0, budgetMs, minReps: 3, maxReps: 30 }, () => allocTyped(dtype, points));
    const diff = firstOutput ? maxAbsDiff(run.output, firstOutput) : NaN;
    if (!(diff <= 1e-4)) progress.log(`warning: ${label}: scipy.ndimage.correlate differs from sejits by ${diff}`);
    scipy = { ms: run.ms, samples: run.samples, minMs: run.minMs, maxMs: run.maxMs, maxAbsDiff: diff };
    for (const b of Object.values(results)) b.ratios.scipy = run.ms / b.specialized.ms;
    finished();
  }
  const check = (what: string, output: TypedArray) => {
    const diff = firstOutput ? maxAbsDiff(output, firstOutput) : NaN;
    if (!(diff <= 1e-4)) progress.log(`warning: ${label}: ${what} differs from sejits by ${diff}`);
    return diff;
  };
  const withRatios = (ref: Reference, ms: number) => {
    for (const b of Object.values(results)) b.ratios[ref] = ms / b.specialized.ms;
  };

  let cv: CaseResult['references']['opencv'] = { skipped: 'unavailable' in opencv ? opencv.unavailable : 'no filter2D equivalent' };
  if ('cv' in opencv && 'weights' in c.scipy) {
    const filter = openCvFilter(opencv.cv, input.data, shape, dtype, c.scipy.weights as number[][]);
    if (!filter) cv = { skipped: `filter2D covers 2-D float grids only (this is ${c.ndim}-D ${dtype})` };
    else {
      step(`${label}: opencv-js filter2D`);
      try {
        const t = strip(measure(() => filter.run(), timing));
        cv = { ...t, maxAbsDiff: check('opencv-js filter2D', filter.output()) };
        withRatios('opencv', t.ms);
      } finally {
        filter.dispose();
      }
      finished();
    }
  }
  return { stencil: c.id, title: c.title, shape, dtype, boundary: 'nearest', points, bytesMoved, references: { hand, handC, pure, scipy, opencv: cv }, backends: results };
}
