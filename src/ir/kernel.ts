/** The containers passes hand to each other: a kernel's per-point IR and the backend-ready loop program. */
import type { Dtype } from '../dtype.js';
import type { KernelSourceText } from '../frontend/diagnostics.js';
import type { BoundaryMode, Reach } from '../stencil/boundary.js';
import type { RegionVariant } from '../stencil/regions.js';
import type { StaticValue, Stmt } from './nodes.js';
import type { StagedSpec } from './staged.js';

/** A kernel as lowered from its source: what one output point computes. */
export interface KernelIR {
  readonly name: string;
  readonly ndim: number;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Whether the functional kernel returned an object (named outputs) rather than a value or array. */
  readonly outputStyle: 'single' | 'array' | 'object';
  /** Runtime scalar parameters, in call order. */
  readonly params: readonly string[];
  /** Static values baked into the code (a new value is a new specialization). */
  readonly statics: Readonly<Record<string, StaticValue>>;
  /** Offsets the source form declares even if no tap uses them (class neighbourhoods). */
  readonly declaredOffsets: readonly (readonly number[])[];
  /** `interior` when the class kernel iterates interiorPoints; otherwise the kernel's boundary mode. */
  readonly boundary: BoundaryMode;
  readonly cval: number;
  readonly body: readonly Stmt[];
  readonly source: KernelSourceText;
}

export interface GridDecl {
  readonly name: string;
  readonly dtype: Dtype;
}

/** A static table still indexed at run time (generic mode, or a data-dependent lookup). */
export interface StaticTable {
  readonly data: readonly number[];
  readonly dims: readonly number[];
}

/** What a backend renders: a loop nest per region variant over one point body each. */
export interface LoopProgram {
  readonly name: string;
  readonly ndim: number;
  readonly inputs: readonly GridDecl[];
  readonly outputs: readonly GridDecl[];
  readonly params: readonly string[];
  readonly tables: Readonly<Record<string, StaticTable>>;
  /** float64 unless every grid is float32 (DESIGN.md: float32 grids may compute in float32). */
  readonly compute: 'float32' | 'float64';
  readonly boundary: BoundaryMode;
  readonly reach: Reach;
  /** false in generic mode: one unsplit region that folds every access. */
  readonly split: boolean;
  /** Point-invariant statements, run once per launch before the loops. */
  readonly prologue: readonly Stmt[];
  readonly regions: readonly { readonly variant: RegionVariant; readonly body: readonly Stmt[] }[];
  /**
   * Split programs: the point body before boundary lowering and the constant mode's value, so that a
   * backend can lower a variant of its own (the GPU kernels' rows folded along the last axis).
   */
  readonly pointBody?: readonly Stmt[];
  readonly cval?: number;
  /**
   * A fused stencil chain run tile by tile (ir/staged.ts). Its stages replace `regions`, which
   * then hold nothing; only backends with `supportsStaged` receive such programs.
   */
  readonly staged?: StagedSpec;
  /** Where the kernel's text lives, so native code can carry `#line` directives back to it. */
  readonly origin: SourceOrigin;
}

/** A file name and the line of the kernel's first line in it (a kernel-relative name when not found). */
export interface SourceOrigin {
  readonly file: string;
  readonly firstLine: number;
}

/**
 * The interior region of a split program: region 0, checking no axis. Backends give it their fast
 * path (vectorized rows, local tiles, streaming stores); unsplit (generic) programs have none.
 */
export function interiorRegion(program: LoopProgram): LoopProgram['regions'][number] | undefined {
  const r = program.regions[0];
  return program.split && r !== undefined && r.variant.every((c) => c === 'none') ? r : undefined;
}

export function sourceOrigin(source: KernelSourceText): SourceOrigin {
  return source.origin ? { file: source.origin.file, firstLine: source.origin.line } : { file: `${source.name} (kernel)`, firstLine: 1 };
}
