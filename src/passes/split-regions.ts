/**
 * Region splitting (paper 004, section 3): one point body per region variant, each with only the
 * boundary checks that region needs. Generic mode keeps one variant that folds every access.
 */
import { sourceOrigin, type KernelIR, type LoopProgram, type StaticTable } from '../ir/kernel.js';
import type { Dtype } from '../dtype.js';
import type { StaticValue, Stmt } from '../ir/nodes.js';
import { forEachExpr } from '../ir/visitor.js';
import type { Reach } from '../stencil/boundary.js';
import { genericVariant, splitVariants } from '../stencil/regions.js';
import { lowerBoundary } from './lower-boundary.js';

export interface SplitInput {
  readonly kernel: KernelIR;
  readonly prologue: readonly Stmt[];
  readonly reach: Reach;
  readonly inputDtypes: readonly Dtype[];
  readonly outputDtypes: readonly Dtype[];
  readonly split: boolean;
}

export function splitRegions({ kernel, prologue, reach, inputDtypes, outputDtypes, split }: SplitInput): LoopProgram {
  const variants = split ? splitVariants(kernel.ndim, reach, kernel.boundary) : [genericVariant(kernel.ndim, kernel.boundary)];
  const all = [...inputDtypes, ...outputDtypes];
  return {
    name: kernel.name,
    ndim: kernel.ndim,
    inputs: kernel.inputNames.map((name, i) => ({ name, dtype: inputDtypes[i] })),
    outputs: kernel.outputNames.map((name, i) => ({ name, dtype: outputDtypes[i] })),
    params: kernel.params,
    tables: usedTables(kernel, prologue),
    compute: all.every((d) => d === 'float32') ? 'float32' : 'float64',
    boundary: kernel.boundary,
    reach,
    split,
    prologue,
    regions: variants.map((variant) => ({ variant, body: lowerBoundary(kernel.body, variant, kernel.boundary, kernel.cval) })),
    ...(split ? { pointBody: kernel.body, cval: kernel.cval } : {}),
    origin: sourceOrigin(kernel.source),
  };
}

/** Statics still indexed at run time, flattened row-major for every backend. */
function usedTables(kernel: KernelIR, prologue: readonly Stmt[]): Record<string, StaticTable> {
  const tables: Record<string, StaticTable> = {};
  forEachExpr([...prologue, ...kernel.body], (e) => {
    if (e.kind === 'static' && !(e.name in tables)) tables[e.name] = flatten(kernel.statics[e.name]);
  });
  return tables;
}

/**
 * Flattens a static table row-major. Ragged tables are padded to their widest row with NaN, which
 * is what JavaScript's undefined becomes in arithmetic.
 */
function flatten(value: StaticValue): StaticTable {
  const dims: number[] = [];
  const measure = (v: StaticValue, depth: number): void => {
    if (!Array.isArray(v)) return;
    dims[depth] = Math.max(dims[depth] ?? 0, v.length);
    for (const x of v as readonly StaticValue[]) measure(x, depth + 1);
  };
  measure(value, 0);
  const data: number[] = [];
  const walk = (v: StaticValue | undefined, depth: number): void => {
    if (depth === dims.length) {
      data.push(v === undefined || Array.isArray(v) ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : (v as number));
      return;
    }
    const arr = Array.isArray(v) ? (v as readonly StaticValue[]) : [];
    for (let i = 0; i < dims[depth]; i++) walk(arr[i], depth + 1);
  };
  walk(value, 0);
  return { data, dims };
}
