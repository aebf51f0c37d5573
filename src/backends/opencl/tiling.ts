/**
 * The work-group tiling of an OpenCL kernel (paper 000, Figure 2): the work-group shape, and which
 * inputs the interior stages in `__local` tiles with halos. An input is staged when the interior
 * reads it at more than its own point (neighbours are then shared across work-items) and its tile
 * fits the local-memory budget; other reads go to global memory.
 *
 * Axes follow the grid (axis 0 slowest); OpenCL's dimension 0 is the grid's last, contiguous axis,
 * so consecutive work-items read consecutive addresses.
 */
import { bytesPerElement } from '../../dtype.js';
import { interiorRegion, type LoopProgram } from '../../ir/kernel.js';
import { forEachExpr } from '../../ir/visitor.js';
import { constantShifts } from '../tap-offsets.js';

export interface StagedInput {
  readonly input: number;
  /** Halo below and above the group's points, per grid axis. */
  readonly haloLo: readonly number[];
  readonly haloHi: readonly number[];
  /** Tile extents per grid axis (group extent plus both halos). */
  readonly extents: readonly number[];
  readonly bytes: number;
}

export interface TilePlan {
  /** Work-items per grid axis (axis 0 slowest). */
  readonly group: readonly number[];
  /** Whether region 0 is an interior with no checks, which whole work-groups can run directly. */
  readonly interior: boolean;
  readonly staged: readonly StagedInput[];
}

/** Work-group shapes per dimensionality, grid axis order: 256 work-items, 32 along the contiguous axis. */
export const DEFAULT_GROUPS: Readonly<Record<number, readonly number[]>> = { 1: [256], 2: [8, 32], 3: [2, 4, 32] };

/** Local memory a kernel's tiles may take: enough for two groups per compute unit on GPUs. */
export const LOCAL_BUDGET_BYTES = 24 * 1024;

export interface TileOptions {
  /** Whether the interior stages inputs in local memory at all. */
  readonly stage: boolean;
  readonly localMemBytes: number;
  readonly maxGroupSize: number;
  /** Work-group shape in grid axis order (default DEFAULT_GROUPS). */
  readonly group?: readonly number[];
}

export function planTiles(program: LoopProgram, options: TileOptions): TilePlan {
  const d = program.ndim;
  const shape = fitGroup([...(options.group ?? DEFAULT_GROUPS[d])], options.maxGroupSize);
  const interior = interiorRegion(program);
  const staged: StagedInput[] = [];
  if (!interior || !options.stage) return { group: shape, interior: interior !== undefined, staged };
  const budget = Math.min(LOCAL_BUDGET_BYTES, options.localMemBytes / 2);
  let used = 0;
  program.inputs.forEach((g, input) => {
    const shifts: number[][] = [];
    forEachExpr(interior.body, (e) => {
      if (e.kind !== 'load' || e.grid.role !== 'input' || e.grid.index !== input) return;
      const s = constantShifts(e.coords);
      if (s) shifts.push(s);
    });
    if (!shifts.some((s) => s.some((c) => c !== 0))) return;
    const haloLo = range(d).map((a) => Math.max(0, ...shifts.map((s) => -s[a])));
    const haloHi = range(d).map((a) => Math.max(0, ...shifts.map((s) => s[a])));
    const extents = range(d).map((a) => shape[a] + haloLo[a] + haloHi[a]);
    const bytes = extents.reduce((x, y) => x * y, 1) * bytesPerElement(g.dtype);
    if (used + bytes > budget) return;
    used += bytes;
    staged.push({ input, haloLo, haloHi, extents, bytes });
  });
  return { group: shape, interior: true, staged };
}

/** Halves the slowest axes of a group until the device allows its size. */
function fitGroup(group: number[], maxGroupSize: number): number[] {
  const size = () => group.reduce((a, b) => a * b, 1);
  for (let a = 0; size() > maxGroupSize && a < group.length; ) {
    if (group[a] > 1) group[a] = Math.ceil(group[a] / 2);
    else a++;
  }
  return group;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
