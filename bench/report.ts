/** The bench's Markdown tables: what the terminal shows and what the README quotes. */
import { markdownTable } from 'markdown-table';
import type { BenchResult, CaseResult, Measured, Reference, Skipped } from './run.js';

const ms = (t: number) => (t >= 100 ? t.toFixed(0) : t >= 10 ? t.toFixed(1) : t >= 1 ? t.toFixed(2) : t.toFixed(3));
const ratio = (r: number | undefined) => (r === undefined ? '—' : r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`);
const grid = (c: CaseResult) => `${c.shape[0]}${c.shape.length === 2 ? '²' : '³'}`;
const reference = (r: Measured | Skipped) => ('skipped' in r ? '—' : ms(r.ms));

/** Ratio columns, in order, with the header that says what each one divides. */
const RATIO_COLUMNS: readonly [Reference, string][] = [
  ['copy', 'vs copy (bandwidth)'],
  ['hand', 'vs hand-written JS'],
  ['generic', 'vs generic'],
  ['pure', 'vs pure'],
  ['scipy', 'vs scipy.ndimage'],
];

export function formatTables(result: BenchResult): string {
  const m = result.machine;
  const header = `${result.date.slice(0, 10)}, ${m.cpu} (${m.cores} cores), Node ${m.versions.node}${m.versions.scipy ? `, scipy ${m.versions.scipy}` : ''}; median ms per call; ratio = t_reference / t_sejits (above 1: sejits is faster; vs copy: the fraction of the bandwidth limit)`;
  const main = markdownTable(
    [
      ['stencil', 'grid', 'dtype', 'backend', 'ms', 'ns/point', 'GB/s', ...RATIO_COLUMNS.map(([, h]) => h)],
      ...result.cases.flatMap((c) =>
        Object.entries(c.backends).map(([name, b]) => [c.stencil, grid(c), c.dtype, name, ms(b.specialized.ms), b.nsPerPoint.toFixed(2), b.gbPerS.toFixed(2), ...RATIO_COLUMNS.map(([r]) => ratio(b.ratios[r]))]),
      ),
    ],
    { align: ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'] },
  );
  const refs = markdownTable(
    [
      ['stencil', 'grid', 'dtype', 'copy', 'hand-written JS', 'pure', 'scipy.ndimage', 'first call (specialize + compile)'],
      ...result.cases.map((c) => {
        const first = Object.entries(c.backends).map(([n, b]) => `${n} ${ms(b.specialized.firstMs)}`).join(', ');
        const copy = Object.values(c.backends)[0]?.copy;
        return [c.stencil, grid(c), c.dtype, copy ? ms(copy.ms) : '—', reference(c.references.hand), reference(c.references.pure), reference(c.references.scipy), first];
      }),
    ],
    { align: ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r'] },
  );
  const skipped = result.cases.flatMap((c) =>
    Object.entries(c.references)
      .filter(([, r]) => 'skipped' in r && r.skipped !== 'skipped by option')
      .map(([name, r]) => `- ${c.stencil}: no ${name} reference: ${(r as Skipped).skipped}`),
  );
  return [header, '', main, '', 'Reference times (ms per call):', '', refs, ...(skipped.length ? ['', ...new Set(skipped)] : [])].join('\n');
}
