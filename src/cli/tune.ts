/**
 * `sejits tune`: times a GPU backend's strategies for a module's kernels on random grids of a
 * given shape, and keeps each winner in the disk cache, so later processes start tuned.
 */
import { markdownTable } from 'markdown-table';
import type { Dtype } from '../dtype.js';
import { Grid } from '../grid.js';
import type { TuneReport } from '../backends/gpu/tuner.js';
import { createProgress, type Progress } from './progress.js';
import { importModule, kernelsOf } from './show.js';

export interface TuneCommandOptions {
  readonly backend: string;
  readonly kernel?: string;
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  /** Runtime parameters as name=value. */
  readonly param: readonly string[];
  readonly maxCandidates?: number;
  readonly budget?: number;
  readonly progress: boolean;
  readonly json: boolean;
}

export async function tuneCommand(file: string, options: TuneCommandOptions): Promise<string> {
  const module = await importModule(file);
  let kernels = kernelsOf(module, options.backend, false);
  if (options.kernel) kernels = kernels.filter((k) => k.name === options.kernel);
  if (kernels.length === 0) throw new Error(options.kernel ? `${file} exports no kernel named '${options.kernel}'` : `${file} exports no kernels`);
  const params = parseParams(options.param);
  const reports: TuneReport[] = [];
  for (const entry of kernels) {
    const kernel = entry.kernel();
    const frontend = kernel.specializer.frontend;
    const inputs = Array.from({ length: frontend.inputCount ?? 1 }, () => randomGrid(options.shape, options.dtype));
    const missing = frontend.params.filter((p) => !(p in params));
    if (missing.length) throw new Error(`${entry.name} takes the runtime parameter(s) ${missing.join(', ')}: pass --param ${missing[0]}=value`);
    // The candidate count is known once the tuner starts.
    let bar: Progress | undefined;
    try {
      reports.push(
        kernel.tune(...inputs, {
          params: Object.fromEntries(frontend.params.map((p) => [p, params[p]])),
          maxCandidates: options.maxCandidates,
          budgetMs: options.budget,
          onProgress: (done: number, total: number, candidate: string) => {
            bar ??= createProgress({ total, label: `tune ${entry.name}`, enabled: options.progress });
            bar.update(done, candidate);
          },
        }) as TuneReport,
      );
    } finally {
      bar?.stop();
    }
  }
  return options.json ? JSON.stringify(reports, null, 2) : reports.map(formatReport).join('\n\n');
}

function formatReport(r: TuneReport): string {
  const rows = r.results.map((c) => [c.strategy, c.ms === undefined ? `failed: ${c.error}` : c.ms.toFixed(4), c.ms === undefined || r.heuristicMs === undefined ? '' : (r.heuristicMs / c.ms).toFixed(2)]);
  return [
    `${r.kernel} on ${r.backend} (${r.device}), shape [${r.shape.join(', ')}] (class ${r.shapeClass})`,
    `winner: ${r.winner}, ${r.winnerMs.toFixed(4)} ms per call; first-call heuristic: ${r.heuristic}${r.heuristicMs === undefined ? '' : `, ${r.heuristicMs.toFixed(4)} ms (${(r.heuristicMs / r.winnerMs).toFixed(2)}× slower)`}`,
    'kept in the disk cache: later processes start with the winner for this shape class.',
    '',
    markdownTable([['strategy', 'ms per call', 'heuristic ÷ this'], ...rows]),
  ].join('\n');
}

function parseParams(list: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of list) {
    const m = /^([A-Za-z_$][\w$]*)=(.+)$/.exec(item);
    if (!m || !Number.isFinite(Number(m[2]))) throw new Error(`--param takes name=number, not '${item}'`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

/** Values in [0.5, 1.5) (never zero), or small integers for integer dtypes. */
function randomGrid(shape: readonly number[], dtype: Dtype): Grid {
  const integer = dtype === 'int32' || dtype === 'uint8';
  return Grid.fromFunction([...shape], dtype, () => (integer ? 1 + Math.floor(Math.random() * 100) : 0.5 + Math.random()));
}
