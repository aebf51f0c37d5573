/**
 * What every renderer of staged programs (ir/staged.ts) shares: how stage bodies see fields (as
 * inputs after the program's grids), the store slots' dtypes, the fields' layout for a tile, and
 * how a load of a field becomes an index into its on-chip array. The C, CUDA/OpenCL and WGSL
 * renderers differ only in loops, memory spaces and spellings around these.
 */
import type { Dtype } from '../../dtype.js';
import { BodyRenderer } from './body-renderer.js';
import type { CDialect } from './dialect.js';
import type { LoopProgram } from '../../ir/kernel.js';
import type { Expr, GridRef, Stmt } from '../../ir/nodes.js';
import { fieldExtent, fieldHalo, type Stage, type StagedSpec } from '../../ir/staged.js';
import { forEachExpr } from '../../ir/visitor.js';
import { constantShifts, TapOffsets } from '../tap-offsets.js';

/** The program as a body renderer sees it for tables and the prologue: fields as inputs after the grids. */
export function fieldView(program: LoopProgram, fieldDtype: Dtype = program.compute): LoopProgram {
  const spec = stagedSpec(program);
  return { ...program, inputs: [...program.inputs, ...range(spec.fields).map((f) => ({ name: `F${f}`, dtype: fieldDtype }))] };
}

/**
 * The program as a stage's body renderer sees it: fields as inputs, and one output per store slot
 * with the slot's dtype (its output's, else the field type, which `fieldDtype` may override:
 * WGSL's fields are f32), so that each store converts as the slot's value already was.
 */
export function stageView(program: LoopProgram, stage: Stage, fieldDtype: Dtype = program.compute): LoopProgram {
  const outputs = stage.results.map((r, k) => ({ name: `sj_r${k}`, dtype: r.output !== undefined ? r.dtype : fieldDtype }));
  return { ...fieldView(program, fieldDtype), outputs };
}

export function stagedSpec(program: LoopProgram): StagedSpec {
  if (!program.staged) throw new Error(`internal: ${program.name} is not a staged program`);
  return program.staged;
}

export function isField(g: GridRef, nExt: number): boolean {
  return g.role === 'input' && g.index >= nExt;
}

/** Fields a stage body reads or its results write. */
export function fieldsUsed(body: readonly Stmt[], stage: Stage, nExt: number): number[] {
  const used = new Set<number>();
  forEachExpr(body, (e) => {
    if (e.kind === 'load' && isField(e.grid, nExt)) used.add(e.grid.index - nExt);
  });
  for (const r of stage.results) if (r.field !== undefined) used.add(r.field);
  return [...used].sort((a, b) => a - b);
}

/** Fields some stage reads at folded (not constant-shift) coordinates: their accesses need the field's origin. */
export function foldedFields(spec: StagedSpec, nExt: number): number[] {
  const found = new Set<number>();
  for (const stage of spec.stages) {
    forEachExpr([...stage.interior, ...stage.checked], (e) => {
      if (e.kind === 'load' && isField(e.grid, nExt) && !constantShifts(e.coords)) found.add(e.grid.index - nExt);
    });
  }
  return [...found].sort((a, b) => a - b);
}

/** Tap offsets of a stage body's reads of program grids (fields are indexed on their own). */
export function gridOffsets(body: readonly Stmt[], prefix: string, nExt: number): TapOffsets {
  return TapOffsets.collect(body, prefix, (g) => !isField(g, nExt));
}

/** Each field's extents and row-major strides for a tile of `tile` points. */
export interface FieldLayout {
  readonly extents: readonly (readonly number[])[];
  readonly strides: readonly (readonly number[])[];
  /** Per field, the margin below the tile (the field's origin is the tile's low corner minus it). */
  readonly haloLo: readonly (readonly number[])[];
  readonly cells: readonly number[];
}

/**
 * Each field's extents and row-major strides. `pitches`, where given, widens a field's rows (its
 * last axis) to that many cells in the strides and the cell count, the extra cells unused.
 */
export function fieldLayout(spec: StagedSpec, tile: readonly number[], pitches?: readonly number[]): FieldLayout {
  const extents = range(spec.fields).map((f) => fieldExtent(spec, f, tile));
  const stored = extents.map((e, f) => e.map((x, a) => (a === e.length - 1 && pitches ? Math.max(x, pitches[f]) : x)));
  return {
    extents,
    strides: stored.map((e) => e.map((_, a) => e.slice(a + 1).reduce((x, y) => x * y, 1))),
    haloLo: range(spec.fields).map((f) => fieldHalo(spec, f).lo),
    cells: stored.map((e) => e.reduce((x, y) => x * y, 1)),
  };
}

/**
 * The access of a field load: `F{f}[q{f} ± c]` when every coordinate is the point's own plus a
 * constant (q{f} is the point's cell), else the cell of the folded coordinates, each taken
 * relative to the field's origin `org{f}_{axis}`. `coordIndex` renders a coordinate as an integer.
 */
export function fieldAccess(f: number, coords: readonly Expr[], strides: readonly number[], coordIndex: (c: Expr) => string): string {
  const shifts = constantShifts(coords);
  if (shifts) {
    const off = shifts.reduce((sum, c, a) => sum + c * strides[a], 0);
    return `F${f}[q${f}${off === 0 ? '' : off > 0 ? ` + ${off}` : ` - ${-off}`}]`;
  }
  return `F${f}[${coords.map((c, a) => `(${coordIndex(c)} - org${f}_${a})${strides[a] === 1 ? '' : ` * ${strides[a]}`}`).join(' + ')}]`;
}

/** A C-family body renderer whose field loads read the on-chip arrays (`F{f}`); grid loads are the shared renderer's. */
export class StagedFieldBody extends BodyRenderer {
  constructor(
    dialect: CDialect,
    view: LoopProgram,
    offsets: TapOffsets,
    private readonly nExt: number,
    private readonly strides: readonly (readonly number[])[],
  ) {
    super(dialect, view, offsets, (k) => `sj_r${k}`);
  }

  protected override access(grid: GridRef, coords: readonly Expr[]): string {
    if (!isField(grid, this.nExt)) return super.access(grid, coords);
    const f = grid.index - this.nExt;
    return fieldAccess(f, coords, this.strides[f], (c) => this.coordIndex(c));
  }
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
