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
}

function bars(result: BenchResult): Bar[] {
  const out: Bar[] = [];
  for (const c of result.cases) {
    const label = `${c.stencil} ${c.shape[0]}${c.shape.length === 2 ? '²' : '³'} ${c.dtype}`;
    const add = (implementation: string, ms: number) => out.push({ case: label, implementation, ms, gbPerS: c.bytesMoved / (ms * 1e6) });
    for (const [name, b] of Object.entries(c.backends)) {
      add(`copy limit (${name})`, b.copy.ms);
      add(`sejits ${name}`, b.specialized.ms);
      if (!('skipped' in b.generic)) add(`sejits ${name}, generic`, b.generic.ms);
    }
    const { hand, pure, scipy } = c.references;
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
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'sejits bench: effective bandwidth (higher is better)', subtitle: `${result.date.slice(0, 10)} · ${m.cpu}, ${m.cores} cores · Node ${m.versions.node}` },
    data: { values: bars(result) },
    width: { step: 14 },
    height: 320,
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'case', type: 'nominal', title: null, axis: { labelAngle: -30 } },
      xOffset: { field: 'implementation', type: 'nominal' },
      y: { field: 'gbPerS', type: 'quantitative', title: 'GB/s (bytes read + written per call / time)', scale: { type: 'log' } },
      color: { field: 'implementation', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 3 } },
    },
    config: { font: 'sans-serif' },
  };
  const compiled = vegaLite.compile(spec as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  writeFileSync(file, await view.toSVG());
  view.finalize();
  return true;
}
