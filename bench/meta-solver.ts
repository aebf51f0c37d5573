/**
 * The meta-specializer's CPU bench: paper 000's Figure 4 solver, x ← D·(b − J(x)), on the c backend
 * at 2048² float32 (by default), run as plain calls (three kernels per iteration, a fresh result
 * each), through meta without fusion (three kernels, dead buffers reused) and through meta with
 * fusion (one kernel per iteration); and the same on the js backend with fewer iterations. Every
 * variant is checked against the plain run before it is timed.
 *
 *   npx tsx bench/meta-solver.ts [--size 2048] [--iterations 100] [--js-iterations 5] [--reps 3] [--backend c]
 *
 * Writes bench/results/meta-solver-<date>-<backend>.json and prints a table. Ratios are
 * t_reference / t_sejits (above 1: the fused program is faster).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Grid, meta, mul, stencil, sub } from '../src/index.js';
import { machineInfo } from './machine.js';
import { median } from './timing.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '2048' },
    iterations: { type: 'string', default: '100' },
    'js-iterations': { type: 'string', default: '5' },
    reps: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'c' },
    out: { type: 'string' },
  },
});
const n = Number(values.size);
const reps = Number(values.reps);

function solver(backend: string) {
  const jacobi = stencil((a) => 0.1 * (a(0, -1) + a(0, 1)) + 0.3 * (a(-1, 0) + a(1, 0)), { name: 'jacobi', backend });
  const m = mul.with({ backend });
  const s = sub.with({ backend });
  const plain = (D: Grid, b: Grid, x: Grid, k: number): Grid => {
    for (let i = 0; i < k; i++) x = m(D, s(b, jacobi(x)));
    return x;
  };
  return { plain, unfused: meta(plain, { name: 'solve', fuse: false }), fused: meta(plain, { name: 'solve' }) };
}

function problem() {
  const D = Grid.fromFunction([n, n], 'float32', (i, j) => 0.9 + 0.05 * Math.cos(i + j));
  const b = Grid.fromFunction([n, n], 'float32', (i, j) => Math.sin((i * 3.1) / n) + Math.cos((j * 2.3) / n));
  const x = Grid.fromFunction([n, n], 'float32', (i, j) => ((i * 7 + j * 13) % 17) / 17);
  return { D, b, x };
}

function maxDiff(a: Grid, b: Grid): number {
  const x = a.data;
  const y = b.data;
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
}

interface Row {
  readonly backend: string;
  readonly variant: string;
  readonly iterations: number;
  readonly ms: number;
  readonly msPerIteration: number;
  readonly firstMs: number;
  readonly launchesPerIteration: number;
  readonly maxDiffVsPlain: number;
}

function bench(backend: string, iterations: number): Row[] {
  const { plain, unfused, fused } = solver(backend);
  const { D, b, x } = problem();
  const variants: [string, (k: number) => Grid, number][] = [
    ['plain calls (3 kernels/iteration, fresh results)', (k) => plain(D, b, x, k), 3],
    ['meta, fusion off (3 kernels/iteration, buffers reused)', (k) => unfused(D, b, x, k), 3],
    ['meta, fused (1 kernel/iteration)', (k) => fused(D, b, x, k), 1],
  ];
  process.stderr.write(`${backend}: checking variants against plain calls at ${n}² × 3 iterations\n`);
  const reference = plain(D, b, x, 3);
  const rows: Row[] = [];
  for (const [variant, run, launches] of variants) {
    const t0 = performance.now();
    const check = run(3);
    const firstMs = performance.now() - t0;
    const diff = maxDiff(check, reference);
    if (!(diff <= 1e-5)) throw new Error(`${backend} ${variant}: differs from plain calls by ${diff}`);
    // meta plans per iteration count: trace and plan the timed length before timing it.
    if (variant.startsWith('meta')) (variant.includes('fused') ? fused : unfused).plan(D, b, x, iterations);
    const samples: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      const out = run(iterations);
      void out.data[0]; // results on the host: the same work for every variant
      samples.push(performance.now() - t);
      process.stderr.write(`  ${variant}: ${samples[r].toFixed(0)} ms\n`);
    }
    const ms = median(samples);
    rows.push({ backend, variant, iterations, ms, msPerIteration: ms / iterations, firstMs, launchesPerIteration: launches, maxDiffVsPlain: diff });
  }
  return rows;
}

const rows = [...bench(values.backend!, Number(values.iterations)), ...(values.backend === 'js' ? [] : bench('js', Number(values['js-iterations'])))];
const table = [
  `Figure 4 solver, ${n}² float32 (ratio = t_plain / t_variant, above 1: faster than plain calls)`,
  '',
  '| backend | variant | iterations | ms | ms/iteration | ratio | first call ms |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => {
    const plainRow = rows.find((p) => p.backend === r.backend)!;
    return `| ${r.backend} | ${r.variant} | ${r.iterations} | ${r.ms.toFixed(1)} | ${r.msPerIteration.toFixed(2)} | ${(plainRow.msPerIteration / r.msPerIteration).toFixed(2)} | ${r.firstMs.toFixed(0)} |`;
  }),
].join('\n');
console.log(table);
const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
const file = values.out ?? join(dir, `meta-solver-${new Date().toISOString().slice(0, 10)}-${values.backend}.json`);
writeFileSync(file, JSON.stringify({ bench: 'meta-solver', size: n, machine: machineInfo(), threads: process.env.OMP_NUM_THREADS ?? 'all cores', rows }, null, 2) + '\n');
writeFileSync(file.replace(/\.json$/, '.md'), table + '\n');
console.log(`\nwrote ${file}`);
