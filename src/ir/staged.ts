/**
 * Staged programs: block-level fusion of stencil chains (paper 000, Figure 8) and temporal
 * blocking. The grid is cut into tiles; for each tile the stages run in order, each over the tile
 * grown by its halo (the reach of every later stage) and clipped to the grid, writing its results
 * into fields: tile-sized arrays kept on chip (shared/local/workgroup memory on GPUs, a per-thread
 * buffer in cache on the CPU). The last stage writes the tile's own points to the outputs.
 *
 * Field cells are addressed by global coordinates (a field's cell for point q sits at q minus the
 * field's origin, the tile's low corner less its producer's halo), and stage bodies read fields
 * through ordinary loads: boundary lowering has already folded each load into the grid with the
 * reading stage's own mode. A consumer in `reflect` reading a producer in `nearest` therefore reads
 * the producer's value at the reflected point, which the producer computed there because the
 * folded point lies in its halo (true for every mode but `wrap`, which the planner refuses). Halos
 * add up each reader's reach symmetrically: a load folded past one edge by `reflect` or `mirror`
 * lands as far back on the other side of the point.
 */
import type { BoundaryMode, Reach } from '../stencil/boundary.js';
import type { Dtype } from '../dtype.js';
import type { Stmt } from './nodes.js';

export interface StagedSpec {
  /** On-chip arrays per tile, each of the program's compute type. */
  readonly fields: number;
  readonly stages: readonly Stage[];
}

export interface Stage {
  /** The mode its loads were lowered with (for explain and comments). */
  readonly boundary: BoundaryMode;
  /** How far beyond the tile (per axis, below and above) this stage computes its points. */
  readonly halo: Reach;
  /** How far the stage's own loads reach: its unchecked body is valid where they stay in the grid. */
  readonly reach: Reach;
  /**
   * The point body for points whose loads all stay inside the grid (no load is checked), and for
   * every other point (each load folded on every axis by the stage's boundary mode).
   * Loads of input j read program input j when j < program.inputs.length, otherwise field
   * j - program.inputs.length. Store k writes `results[k]`; stored values are already converted to
   * their result's dtype (fields hold exactly what an unfused call would have stored).
   */
  readonly interior: readonly Stmt[];
  readonly checked: readonly Stmt[];
  /** Per store slot of the bodies: the field it fills (at every point the stage computes) and the
   * program output it writes (at the tile's own points only). */
  readonly results: readonly StageResult[];
}

export interface StageResult {
  readonly field?: number;
  readonly output?: number;
  /** The dtype its value was converted to (the output's, or the compute type for a field alone). */
  readonly dtype: Dtype;
}

/**
 * A field's margin around the tile: the widest halo of the stages that write it (fields are reused
 * once read, by stages with narrower halos). Its cell for point q sits at q - (tile low - margin.lo).
 */
export function fieldHalo(spec: StagedSpec, field: number): Reach {
  const ndim = spec.stages[0].halo.lo.length;
  const margin: Reach = { lo: new Array<number>(ndim).fill(0), hi: new Array<number>(ndim).fill(0) };
  for (const s of spec.stages) {
    if (!s.results.some((r) => r.field === field)) continue;
    for (let a = 0; a < ndim; a++) {
      margin.lo[a] = Math.max(margin.lo[a], s.halo.lo[a]);
      margin.hi[a] = Math.max(margin.hi[a], s.halo.hi[a]);
    }
  }
  return margin;
}

/** A field's extent per axis for a tile of `tile` points: the tile grown by the field's margin. */
export function fieldExtent(spec: StagedSpec, field: number, tile: readonly number[]): number[] {
  const halo = fieldHalo(spec, field);
  return tile.map((t, a) => t + halo.lo[a] + halo.hi[a]);
}

/** Elements of on-chip memory one tile needs (all fields). */
export function stagedCells(spec: StagedSpec, tile: readonly number[]): number {
  let n = 0;
  for (let f = 0; f < spec.fields; f++) n += fieldExtent(spec, f, tile).reduce((a, b) => a * b, 1);
  return n;
}
