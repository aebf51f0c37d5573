/** `sejits show`: the generated code, and with --ir the IR after each pass, for a module's kernels. */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { Dtype } from '../dtype.js';
import { StencilKernel } from '../stencil/stencil-kernel.js';
import { StencilSpecializer, type ShowOptions } from '../stencil/stencil-specializer.js';
import type { ShowResult } from '../framework/specializer.js';
import type { TuneReport } from '../backends/gpu/tuner.js';
import { vectorizationNotes } from '../backends/c/compile-c.js';
import { probeToolchain } from '../backends/c/toolchain.js';

export interface ShowCommandOptions {
  readonly backend: string;
  readonly ir: boolean;
  readonly generic: boolean;
  readonly kernel?: string;
  readonly ndim?: number;
  readonly dtype?: Dtype;
  /** c only: compile with -fopt-info-vec-optimized and print which loops vectorized. */
  readonly vecReport?: boolean;
}

interface Showable {
  readonly name: string;
  show(options: ShowOptions): ShowResult;
  /** The kernel built with the command's backend and mode, for `sejits tune`. */
  kernel(): { tune(...args: unknown[]): TuneReport; readonly specializer: StencilSpecializer };
}

/** Loads a .js or .ts module; .ts needs tsx, which `npm run sejits` already provides. */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(file)).href;
  if (!/\.[cm]?ts$/.test(file)) return import(url);
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (first) {
    let api: { tsImport(specifier: string, parent: string): Promise<Record<string, unknown>> };
    try {
      api = (await import('tsx/esm/api' as string)) as typeof api;
    } catch {
      throw new Error(`cannot load ${file}: TypeScript files need tsx (npm install --save-dev tsx), or pass the compiled .js (${(first as Error).message})`);
    }
    return api.tsImport(url, import.meta.url);
  }
}

/** Every kernel a module exports: stencil() functions, StencilKernel instances and subclasses. */
export function kernelsOf(module: Record<string, unknown>, backend: string, generic: boolean): Showable[] {
  const out: Showable[] = [];
  const options = { backend, mode: generic ? ('generic' as const) : ('specialized' as const) };
  for (const [exportName, value] of Object.entries(module)) {
    const name = exportName === 'default' ? 'default' : exportName;
    if (typeof value === 'function' && (value as { specializer?: unknown }).specializer instanceof StencilSpecializer && !(value instanceof StencilKernel)) {
      const f = value as unknown as { with(o: object): Showable['kernel'] extends () => infer K ? K & { show(o: ShowOptions): ShowResult } : never };
      out.push({ name, show: (o) => f.with(options).show(o), kernel: () => f.with(options) });
    } else if (value instanceof StencilKernel) {
      const Ctor = value.constructor as new (o: object) => StencilKernel;
      const make = () => Object.assign(new Ctor(options), { neighborhoods: value.neighborhoods, params: value.params });
      out.push({ name, show: (o) => make().show(o), kernel: make });
    } else if (typeof value === 'function' && value.prototype instanceof StencilKernel) {
      const Ctor = value as new (o: object) => StencilKernel;
      out.push({ name, show: (o) => new Ctor(options).show(o), kernel: () => new Ctor(options) });
    }
  }
  return out;
}

export async function showCommand(file: string, options: ShowCommandOptions): Promise<string> {
  const module = await importModule(file);
  let kernels = kernelsOf(module, options.backend, options.generic);
  if (options.kernel) kernels = kernels.filter((k) => k.name === options.kernel);
  if (kernels.length === 0) {
    throw new Error(options.kernel ? `${file} exports no kernel named '${options.kernel}'` : `${file} exports no kernels (export stencil(...) functions or StencilKernel subclasses)`);
  }
  if (options.vecReport && options.backend !== 'c') throw new Error('--vec-report needs --backend c');
  const parts: string[] = [];
  for (const k of kernels) {
    // WGSL has no float64: webgpu shows float32 sample grids unless a dtype is given.
    const dtype = options.dtype ?? (options.backend === 'webgpu' ? 'float32' : undefined);
    const r = k.show({ ndim: options.ndim, dtype, generic: options.generic });
    parts.push(`// ===== ${k.name}: ${r.backend}, ${r.mode} =====`);
    if (options.ir) for (const p of r.passes) parts.push(`// --- IR after ${p.pass} ---\n${p.ir.replace(/^/gm, '// ')}`);
    parts.push(r.source);
    if (options.vecReport) parts.push(vectorizationReport(r.source));
  }
  return parts.join('\n');
}

/** The compiler's vectorization notes, with each generated line's code beside it. */
function vectorizationReport(source: string): string {
  const probe = probeToolchain();
  if (!probe.ok) throw new Error(`--vec-report: ${probe.reason}`);
  const lines = source.split('\n');
  const notes = vectorizationNotes(source, probe.toolchain).map(
    (n) => `// ${n.file}:${n.line}: ${n.text}${n.file.startsWith('sejits-') ? `  <- ${lines[n.line - 1]?.trim() ?? ''}` : ''}`,
  );
  const how = probe.toolchain.kind === 'clang' ? '-Rpass=loop-vectorize' : '-fopt-info-vec-optimized';
  return [`// ===== vectorization report (${probe.toolchain.version}, ${how}) =====`, ...(notes.length ? notes : ['// no loop was vectorized'])].join('\n');
}
