/** The bench's Markdown tables: what the terminal shows and what the README quotes. */
import { markdownTable } from 'markdown-table';
import type { BenchResult, CaseResult, Measured, Reference, Skipped } from './run.js';

const ms = (t: number) => (t >= 100 ? t.toFixed(0) : t >= 10 ? t.toFixed(1) : t >= 1 ? t.toFixed(2) : t.toFixed(3));
const ratio = (r: number | undefined) => (r === undefined ? '—' : r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`);
const grid = (c: CaseResult) => `${c.shape[0]}${c.shape.length === 2 ? '²' : '³'}`;
const reference = (r: Measured | Skipped | undefined) => (!r || 'skipped' in r ? '—' : ms(r.ms));

/** Ratio columns, in order, with the header that says what each one divides. */
const RATIO_COLUMNS: readonly [Reference, string][] = [
  ['copy', 'vs copy (bandwidth)'],
  ['handC', 'vs hand-written C'],
  ['hand', 'vs hand-written JS'],
  ['generic', 'vs generic'],
  ['pure', 'vs pure'],
  ['scipy', 'vs scipy.ndimage'],
  ['opencv', 'vs opencv-js'],
];

type ReferenceName = keyof CaseResult['references'];
const REFERENCE_COLUMNS: readonly [ReferenceName, string][] = [
  ['handC', 'hand-written C'],
  ['hand', 'hand-written JS'],
  ['pure', 'pure'],
  ['scipy', 'scipy.ndimage'],
  ['opencv', 'opencv-js'],
];

export function formatTables(result: BenchResult): string {
  const m = result.machine;
  // Columns no case filled (say, hand-written C in a js-only run) are left out.
  const backendsOf = (c: CaseResult) => Object.values(c.backends);
  const ratioColumns = RATIO_COLUMNS.filter(([r]) => result.cases.some((c) => backendsOf(c).some((b) => b.ratios[r] !== undefined)));
  // Results written before a reference existed lack it.
  const referenceColumns = REFERENCE_COLUMNS.filter(([r]) => result.cases.some((c) => c.references[r] && !('skipped' in c.references[r])));
  const header = `${result.date.slice(0, 10)}, ${m.cpu} (${m.cores} cores), Node ${m.versions.node}${m.versions.scipy ? `, scipy ${m.versions.scipy}` : ''}; median ms per call; ratio = t_reference / t_sejits (above 1: sejits is faster; vs copy: the fraction of the bandwidth limit)`;
  const main = markdownTable(
    [
      ['stencil', 'grid', 'dtype', 'backend', 'ms', 'ns/point', 'GB/s', ...ratioColumns.map(([, h]) => h)],
      ...result.cases.flatMap((c) =>
        Object.entries(c.backends).map(([name, b]) => [c.stencil, grid(c), c.dtype, name, ms(b.specialized.ms), b.nsPerPoint.toFixed(2), b.gbPerS.toFixed(2), ...ratioColumns.map(([r]) => ratio(b.ratios[r]))]),
      ),
    ],
    { align: ['l', 'l', 'l', 'l', 'r', 'r', 'r', ...ratioColumns.map(() => 'r' as const)] },
  );
  const refs = markdownTable(
    [
      ['stencil', 'grid', 'dtype', 'copy', ...referenceColumns.map(([, h]) => h), 'first call (specialize + compile)'],
      ...result.cases.map((c) => {
        const first = Object.entries(c.backends).map(([n, b]) => `${n} ${ms(b.specialized.firstMs)}`).join(', ');
        const copies = Object.entries(c.backends).map(([n, b]) => `${n} ${ms(b.copy.ms)}`).join(', ');
        return [c.stencil, grid(c), c.dtype, copies || '—', ...referenceColumns.map(([r]) => reference(c.references[r])), first];
      }),
    ],
    { align: ['l', 'l', 'l', 'r', ...referenceColumns.map(() => 'r' as const), 'r'] },
  );
  const extras = result.c ? formatCExtras(result.c) : [];
  const skipped = result.cases.flatMap((c) =>
    Object.entries(c.references)
      .filter(([, r]) => 'skipped' in r && r.skipped !== 'skipped by option')
      .map(([name, r]) => `- ${c.stencil}: no ${name} reference: ${(r as Skipped).skipped}`),
  );
  return [header, '', main, '', 'Reference times (ms per call):', '', refs, ...(skipped.length ? ['', ...new Set(skipped)] : []), ...extras].join('\n');
}

function formatCExtras(c: NonNullable<BenchResult['c']>): string[] {
  const out: string[] = [];
  if (c.table1 && !('skipped' in c.table1)) {
    const t = c.table1;
    const find = (mode: string, vectorized: boolean) => t.rows.find((r) => r.mode === mode && r.vectorized === vectorized)?.ms ?? NaN;
    const base = find('generic', false);
    out.push(
      '',
      `Paper 004, Table 1: the Listing 2 Jacobi (3×3 weight table) at ${t.shape.join('×')} ${t.dtype}, one thread, ms per call (speed-up over generic scalar; the paper's Core i7 3770 figures beside):`,
      '',
      markdownTable(
        [
          ['', 'scalar', 'vectorized', 'paper: scalar', 'paper: vectorized (SSE)'],
          ...(['generic', 'specialized'] as const).map((mode) => [
            `sejits c (${mode})`,
            `${ms(find(mode, false))} (${(base / find(mode, false)).toFixed(2)}×)`,
            `${ms(find(mode, true))} (${(base / find(mode, true)).toFixed(2)}×)`,
            String(t.paper[`${mode} scalar`]),
            String(t.paper[`${mode} vectorized`]),
          ]),
        ],
        { align: ['l', 'r', 'r', 'r', 'r'] },
      ),
    );
  }
  if (c.jit && !('skipped' in c.jit)) {
    const j = c.jit;
    out.push(
      '',
      `JIT latency of the c backend (a 5-point kernel on 256², first call): ${ms(j.inProcessMs)} ms for a new kernel in a running process (compile included), ` +
        `${ms(j.freshProcessCompileMs)} ms in a fresh process, and ${ms(j.freshProcessDiskMs)} ms in a fresh process that finds it in the disk cache (${j.diskHitCompiled} compiles).`,
    );
  }
  return out;
}
