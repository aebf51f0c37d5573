/**
 * Renders a GPU bench result (gpu-bench.ts's JSON) as Markdown tables and an SVG plot of the
 * effective bandwidth of every implementation per stencil. The plotting libraries are dev
 * dependencies, which the GPU machine does not have, so this runs here on the copied JSON:
 *
 *   npx tsx bench/gpu/report-gpu.ts bench/results/bench-2026-11-22-gpu-h100.json
 *
 * writes the .md and .svg beside it.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Row {
  stencil: string;
  backend: string;
  variant: string;
  strategy?: string;
  ms: number;
  gbPerS: number;
  copyOverSejits: number;
}
interface PeerEntry {
  ms?: number;
  boundary?: string;
  variant?: string;
  unavailable?: string;
  error?: string;
}
interface Result {
  date: string;
  device: { name: string; arch: string; driverVersion: string; multiprocessors: number };
  compiler: string;
  batches: number;
  perBatch: number;
  rows: Row[];
  tuning: { kernel: string; backend: string; winner: string; winnerMs: number; heuristic: string; heuristicMs?: number; results: unknown[] }[];
  peers?: { host?: Record<string, string | number | null>; cases?: { id: string; shape: number[]; peers: Record<string, PeerEntry> }[] };
  arithmetic: { stencil: string; opsPerPoint: number; gops: number; copyFraction: number }[];
  copyAlwaysMs?: number;
  overhead: { sejits: { queuedUs: number; waitedUs: number }; cupy?: { queued_us?: number; synced_us?: number } };
  firstCall: { newKernel: { driverStartMs: number; firstCallMs: number; compileMs: number }; fromDisk: { driverStartMs: number; firstCallMs: number }; rounds?: { newKernel: { firstCallMs: number } }[] };
}

const file = process.argv[2];
if (!file) throw new Error('usage: report-gpu.ts <gpu-bench.json>');
const r = JSON.parse(readFileSync(file, 'utf8')) as Result;
const TITLES: Record<string, string> = { jacobi2d: '2-D 5-point Jacobi 8192²', blur5x5: '5×5 binomial blur 8192²', bilateral13: '13×13 bilateral 8192²', seven3d: '3-D 7-point 512³' };
const stencils = [...new Set(r.rows.map((x) => x.stencil))];
/** Bytes one call moves (a read and a write of the grid), from the copy row's own figures. */
const bytesOf = (s: string) => copy(s).gbPerS * copy(s).ms * 1e6;
const tuned = (s: string, b: string) => r.rows.find((x) => x.stencil === s && x.backend === b && x.variant === 'tuned');
const copy = (s: string) => r.rows.find((x) => x.stencil === s && x.variant.startsWith('device copy (cu'))!;
const peerCases = new Map((r.peers?.cases ?? []).map((c) => [c.id, c.peers]));
const f = (v: number | undefined, digits = 3) => (v === undefined || Number.isNaN(v) ? '' : v >= 100 ? v.toFixed(0) : v.toFixed(digits));

const md: string[] = [];
const h = r.peers?.host ?? {};
md.push(`# GPU bench, ${r.date.slice(0, 10)}`, '');
md.push(`${r.device.name} (${r.device.arch}, ${r.device.multiprocessors} SMs), driver ${r.device.driverVersion}, ${r.compiler}; peers: CuPy ${h.cupy}, PyTorch ${h.torch}, JAX ${h.jax}, scipy ${h.scipy} on the machine's CPU (${h.cpu}, ${h.cpus} cores).`);
md.push(`float32, boundary nearest, device-resident grids; medians of ${r.batches} batches of ${r.perBatch} calls, each API's batches interleaved with its own device copy of the same bytes. Ratios are t_reference / t_sejits (above 1: sejits is faster).`, '');
md.push('## sejits against the copy', '', '| stencil | backend | variant | strategy | ms | GB/s | t_copy / t |', '| --- | --- | --- | --- | --- | --- | --- |');
for (const x of r.rows) md.push(`| ${TITLES[x.stencil] ?? x.stencil} | ${x.backend} | ${x.variant} | ${x.strategy ?? ''} | ${f(x.ms, 4)} | ${f(x.gbPerS, 0)} | ${f(x.copyOverSejits)} |`);
md.push('', '## Peers in the same run', '', '| stencil | peer | peer ms | sejits cuda ms | t_peer / t_sejits | note |', '| --- | --- | --- | --- | --- | --- |');
for (const s of stencils) {
  const mine = tuned(s, 'cuda');
  for (const [peer, e] of Object.entries(peerCases.get(s) ?? {})) {
    if (peer.endsWith('_copy')) continue;
    if (e.ms === undefined) {
      md.push(`| ${TITLES[s] ?? s} | ${peer} | | | | ${e.unavailable ?? e.error ?? ''} |`);
      continue;
    }
    const note = [e.variant, e.boundary === 'zeros' ? 'pads with zeros, not nearest' : '', peer === 'scipy' ? 'CPU, one core' : ''].filter(Boolean).join('; ');
    md.push(`| ${TITLES[s] ?? s} | ${peer} | ${f(e.ms, 4)} | ${f(mine?.ms, 4)} | ${mine ? f(e.ms / mine.ms, 2) : ''} | ${note} |`);
  }
}
md.push('', '## Tuning (tune() on the full grid)', '', '| stencil | backend | strategies timed | winner | ms | first-call heuristic | ms |', '| --- | --- | --- | --- | --- | --- | --- |');
for (const t of r.tuning) md.push(`| ${TITLES[t.kernel] ?? t.kernel} | ${t.backend.replace(/-bench-.*/, '')} | ${t.results.length} | ${t.winner} | ${f(t.winnerMs, 4)} | ${t.heuristic} | ${f(t.heuristicMs, 4)} |`);
md.push('', '## Latency and the rest', '');
for (const a of r.arithmetic) md.push(`- ${TITLES[a.stencil] ?? a.stencil}: ${f(a.gops, 0)} G operations/s at ${a.opsPerPoint} per point (exp counted as one), ${f(a.copyFraction, 4)} of the copy bandwidth: compute-bound.`);
if (r.copyAlwaysMs !== undefined) md.push(`- copyMode 'always' (paper 000's baseline), Jacobi 8192²: ${f(r.copyAlwaysMs, 2)} ms per call; resident ${f(tuned('jacobi2d', 'cuda')?.ms, 4)} ms: ${f(r.copyAlwaysMs / (tuned('jacobi2d', 'cuda')?.ms ?? NaN), 0)}×.`);
md.push(`- Per call on a resident 256² grid: ${f(r.overhead.sejits.queuedUs, 2)} µs queued back to back, ${f(r.overhead.sejits.waitedUs, 2)} µs waiting for each; CuPy ${f(r.overhead.cupy?.queued_us, 2)} / ${f(r.overhead.cupy?.synced_us, 2)} µs.`);
md.push(`- First call in a fresh process${r.firstCall.rounds ? ` (median of ${r.firstCall.rounds.length} processes; each: ${r.firstCall.rounds.map((x) => f(x.newKernel.firstCallMs, 0)).join(', ')} ms)` : ''}: the driver starts in ${f(r.firstCall.newKernel.driverStartMs, 0)} ms; then a new kernel takes ${f(r.firstCall.newKernel.firstCallMs, 0)} ms (NVRTC ${f(r.firstCall.newKernel.compileMs, 0)} ms of it); from the disk cache ${f(r.firstCall.fromDisk.firstCallMs, 0)} ms.`);
writeFileSync(file.replace(/\.json$/, '.md'), md.join('\n') + '\n');

// The plot: GB/s (8 bytes per point) per implementation, one panel per stencil.
const bars: { case: string; implementation: string; gbPerS: number; label: string }[] = [];
for (const s of stencils) {
  const bytes = bytesOf(s);
  const add = (implementation: string, ms: number) => bars.push({ case: TITLES[s] ?? s, implementation, gbPerS: bytes / (ms * 1e6), label: ms >= 100 ? `${(ms / 1000).toPrecision(3)} s` : `${ms.toPrecision(3)} ms` });
  add('device copy (limit)', copy(s).ms);
  for (const x of r.rows.filter((y) => y.stencil === s && !y.variant.startsWith('device copy'))) add(`sejits ${x.backend}, ${x.variant.replace(' (one point per thread)', '')}`, x.ms);
  for (const [peer, e] of Object.entries(peerCases.get(s) ?? {})) if (e.ms !== undefined && !peer.endsWith('_copy')) add(peer === 'scipy' ? 'scipy.ndimage (CPU)' : peer, e.ms);
}
const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  title: { text: 'sejits GPU bench: effective bandwidth, GB/s (8 bytes per point; higher is better)', subtitle: `${r.date.slice(0, 10)} · ${r.device.name} · ${r.compiler}` },
  data: { values: bars },
  facet: { field: 'case', type: 'nominal', title: null, header: { labelFontWeight: 'bold', labelFontSize: 12 } },
  columns: 2,
  spec: {
    width: 300,
    height: { step: 16 },
    layer: [
      { mark: { type: 'bar', tooltip: true }, encoding: { y: { field: 'implementation', type: 'nominal', title: null, sort: null }, x: { field: 'gbPerS', type: 'quantitative', title: 'GB/s' }, color: { field: 'implementation', type: 'nominal', legend: null } } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { y: { field: 'implementation', type: 'nominal', sort: null }, x: { field: 'gbPerS', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  },
  resolve: { scale: { x: 'independent', y: 'independent' } },
  config: { font: 'sans-serif' },
};
const compiled = vegaLite.compile(spec as Parameters<typeof vegaLite.compile>[0], { logger: vega.logger(vega.None) }).spec;
const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
writeFileSync(file.replace(/\.json$/, '.svg'), await view.toSVG());
view.finalize();
console.log(`wrote ${file.replace(/\.json$/, '.md')} and .svg`);
