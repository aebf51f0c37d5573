/**
 * The bench plot: GB/s of every implementation per case, as an SVG rendered by Vega-Lite. The
 * plotting libraries are dev dependencies loaded on demand, so an installed sejits without them
 * still benchmarks (it writes JSON and Markdown and says why there is no plot).
 */
import { writeFileSync } from 'node:fs';
import type { BenchResult } from './run.js';

interface Bar {
  readonly case: string;
  readonly implementation: string;
  readonly gbPerS: number;
  readonly ms: number;
  /** The time per call printed next to the bar. */
  readonly label: string;
}

function bars(result: BenchResult): Bar[] {
  const out: Bar[] = [];
  for (const c of result.cases) {
    const label = `${c.stencil} ${c.shape[0]}${c.shape.length === 2 ? '²' : '³'} ${c.dtype}`;
    const add = (implementation: string, ms: number) =>
      out.push({ case: label, implementation, ms, gbPerS: c.bytesMoved / (ms * 1e6), label: ms >= 100 ? `${(ms / 1000).toPrecision(3)} s` : `${ms.toPrecision(3)} ms` });
    for (const [name, b] of Object.entries(c.backends)) {
      add(`copy limit (${name})`, b.copy.ms);
      add(`sejits ${name}`, b.specialized.ms);
      if (!('skipped' in b.generic)) add(`sejits ${name}, generic`, b.generic.ms);
    }
    const { hand, handC, pure, scipy, opencv } = c.references;
    if (handC && !('skipped' in handC)) add('hand-written C', handC.ms);
    if (opencv && !('skipped' in opencv)) add('opencv-js filter2D', opencv.ms);
    if (!('skipped' in hand)) add('hand-written JS', hand.ms);
    if (!('skipped' in scipy)) add('scipy.ndimage', scipy.ms);
    if (!('skipped' in pure)) add('pure mode', pure.ms);
  }
  return out;
}

/** Renders the plot to `file`; false when vega/vega-lite are not installed. */
export async function plotResults(result: BenchResult, file: string): Promise<boolean> {
  let vega: typeof import('vega');
  let vegaLite: typeof import('vega-lite');
  try {
    [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  } catch {
    return false;
  }
  const m = result.machine;
  // One panel per case with its own scale: the stencils differ by 1000× in cost, and a shared
  // (or log) axis would hide the comparison that matters, each implementation against the copy.
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'sejits bench: effective bandwidth, GB/s (higher is better)', subtitle: `${result.date.slice(0, 10)} · ${m.cpu}, ${m.cores} cores · Node ${m.versions.node}` },
    data: { values: bars(result) },
    facet: { field: 'case', type: 'nominal', title: null, header: { labelFontWeight: 'bold', labelFontSize: 12 } },
    columns: 3,
    spec: {
      width: 260,
      height: { step: 16 },
      layer: [
        {
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y: { field: 'implementation', type: 'nominal', title: null, sort: null },
            x: { field: 'gbPerS', type: 'quantitative', title: 'GB/s' },
            color: { field: 'implementation', type: 'nominal', legend: null },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
          encoding: {
            y: { field: 'implementation', type: 'nominal', sort: null },
            x: { field: 'gbPerS', type: 'quantitative' },
            text: { field: 'label' },
          },
        },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    config: { font: 'sans-serif' },
  };
  const compiled = vegaLite.compile(spec as Parameters<typeof vegaLite.compile>[0], { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  writeFileSync(file, await view.toSVG());
  view.finalize();
  return true;
}
