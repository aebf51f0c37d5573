/**
 * `sejits show --meta <file>`: for each meta() function a module exports, explain()'s plan (blocks,
 * what fused and why, what did not and why, the copies removed) for sample arguments: the
 * function's exampleArgs, else one grid of --shape and --dtype per parameter. With --ir, each fused
 * kernel's IR after every pass and its code for --backend.
 */
import type { Dtype } from '../dtype.js';
import { Grid } from '../grid.js';
import { loadBackend } from '../backends/registry.js';
import type { MetaFunction } from '../meta/meta.js';
import { importModule } from './show.js';

export interface ShowMetaOptions {
  readonly backend: string;
  readonly ir: boolean;
  readonly kernel?: string;
  readonly dtype?: Dtype;
  readonly shape?: readonly number[];
}

type AnyMeta = MetaFunction<(...args: any[]) => any>;

function isMeta(v: unknown): v is AnyMeta {
  return typeof v === 'function' && typeof (v as { explain?: unknown }).explain === 'function' && typeof (v as { plan?: unknown }).plan === 'function';
}

export async function showMetaCommand(file: string, options: ShowMetaOptions): Promise<string> {
  const module = await importModule(file);
  let found = Object.entries(module).filter((e): e is [string, AnyMeta] => isMeta(e[1]));
  if (options.kernel) found = found.filter(([name]) => name === options.kernel);
  if (found.length === 0) throw new Error(options.kernel ? `${file} exports no meta function named '${options.kernel}'` : `${file} exports no meta() functions`);
  const parts: string[] = [];
  for (const [name, f] of found) {
    const args = f.options.exampleArgs?.() ?? Array.from({ length: f.arity }, () => Grid.zeros(options.shape ?? [64, 64], options.dtype ?? 'float32'));
    parts.push(`// ===== ${name} =====`, f.explain(...(args as never[])));
    if (options.ir) {
      const backend = loadBackend(options.backend);
      for (const program of f.plan(...(args as never[])).fusedPrograms) {
        parts.push(`// --- fused kernel ${program.program.name} ---`);
        for (const d of program.dumps) parts.push(`// --- IR after ${d.pass} ---\n${d.ir.replace(/^/gm, '// ')}`);
        parts.push(`// --- ${backend.name} ---`, backend.render(program.program));
      }
    }
  }
  return parts.join('\n');
}
