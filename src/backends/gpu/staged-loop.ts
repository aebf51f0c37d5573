/**
 * The index arithmetic of one stage of a staged GPU kernel, shared by the CUDA/OpenCL and WGSL
 * renderers (their spellings of these expressions agree). A stage's box is the tile grown by the
 * stage's halo, its size known when rendering, so the flat cell index k decomposes by constant
 * divisions (the last axis fastest: consecutive threads take consecutive points of a row). Cell x
 * of the box is the global point g - halo.lo + x, with g the tile's low corner.
 */
import type { Stage } from '../../ir/staged.js';

/** The stage's box extents for a tile. */
export function stagedBox(stage: Stage, tile: readonly number[]): number[] {
  return tile.map((t, a) => t + stage.halo.lo[a] + stage.halo.hi[a]);
}

export interface StagedLoop {
  /** Cells of the box. */
  readonly cells: number;
  /** Per axis, the box coordinate x{a} from the flat index k. */
  readonly coords: readonly string[];
  /** ` - h` (the halo below) to add to g{a}, or ''. */
  shift(axis: number): string;
  /** Tests of i{a}, any true: the cell lies outside the grid. */
  readonly outside: readonly string[];
  /** Tests of i{a}, all true: the point's loads stay in the grid (empty: always). */
  readonly inside: readonly string[];
  /** Tests of x{a}, all true: the point is one of the tile's own (empty: always). */
  readonly own: readonly string[];
  /** ` + c`: from the box coordinate to the coordinate in a field whose margin below is `fieldLo`. */
  toField(axis: number, fieldLo: number): string;
}

export function stagedLoopPlan(stage: Stage, box: readonly number[], d: number): StagedLoop {
  const axes = Array.from({ length: d }, (_, a) => a);
  const { halo, reach } = stage;
  const tile = box.map((b, a) => b - halo.lo[a] - halo.hi[a]);
  const signed = (c: number) => (c === 0 ? '' : c > 0 ? ` + ${c}` : ` - ${-c}`);
  return {
    cells: box.reduce((x, y) => x * y, 1),
    coords: axes.map((a) => {
      const stride = box.slice(a + 1).reduce((x, y) => x * y, 1);
      const q = stride === 1 ? 'k' : `k / ${stride}`;
      return a === 0 ? q : `(${q}) % ${box[a]}`;
    }),
    shift: (a) => signed(-halo.lo[a]),
    outside: axes.flatMap((a) => [...(halo.lo[a] > 0 ? [`i${a} < 0`] : []), `i${a} >= n${a}`]),
    inside: axes.flatMap((a) => [...(reach.lo[a] > 0 ? [`i${a} >= ${reach.lo[a]}`] : []), ...(reach.hi[a] > 0 ? [`i${a} < n${a} - ${reach.hi[a]}`] : [])]),
    own: axes.flatMap((a) => [...(halo.lo[a] > 0 ? [`x${a} >= ${halo.lo[a]}`] : []), ...(halo.hi[a] > 0 ? [`x${a} < ${halo.lo[a] + tile[a]}`] : [])]),
    toField: (a, fieldLo) => signed(fieldLo - halo.lo[a]),
  };
}
