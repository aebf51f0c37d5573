/**
 * Block-shared tiles (paper 000, Figure 2): which inputs the interior stages in `__local` /
 * `__shared__` tiles with halos. An input is staged when the interior
 * reads it at more than its own point (neighbours are then shared across work-items) and its tile
 * fits the local-memory budget; other reads go to global memory.
 *
 * Axes follow the grid (axis 0 slowest).
 */
import { bytesPerElement } from '../../dtype.js';
import { interiorRegion, type LoopProgram } from '../../ir/kernel.js';
import { interiorInputShifts } from './strategy.js';

export interface StagedInput {
  readonly input: number;
  /** Halo below and above the group's points, per grid axis. */
  readonly haloLo: readonly number[];
  readonly haloHi: readonly number[];
  /** Tile extents per grid axis (group extent plus both halos). */
  readonly extents: readonly number[];
  readonly bytes: number;
}

/** The tiles of a strategy with `tiles` set: which inputs the interior stages, and how. */
export type TilePlan = readonly StagedInput[];

/** Block-shared memory a kernel's tiles may take: enough for two blocks per compute unit on GPUs. */
export const LOCAL_BUDGET_BYTES = 24 * 1024;

/** The inputs the interior stages for a block of `group` threads, within the shared-memory budget. */
export function planTiles(program: LoopProgram, group: readonly number[], sharedMemBytes: number): TilePlan {
  const d = program.ndim;
  const staged: StagedInput[] = [];
  if (!interiorRegion(program)) return staged;
  const budget = Math.min(LOCAL_BUDGET_BYTES, sharedMemBytes / 2);
  let used = 0;
  const shiftsOf = interiorInputShifts(program);
  program.inputs.forEach((g, input) => {
    const shifts = shiftsOf[input];
    if (!shifts.some((s) => s.some((c) => c !== 0))) return;
    const haloLo = range(d).map((a) => Math.max(0, ...shifts.map((s) => -s[a])));
    const haloHi = range(d).map((a) => Math.max(0, ...shifts.map((s) => s[a])));
    const extents = range(d).map((a) => group[a] + haloLo[a] + haloHi[a]);
    const bytes = extents.reduce((x, y) => x * y, 1) * bytesPerElement(g.dtype);
    if (used + bytes > budget) return;
    used += bytes;
    staged.push({ input, haloLo, haloHi, extents, bytes });
  });
  return staged;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
