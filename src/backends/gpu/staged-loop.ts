/**
 * The index arithmetic of one stage of a staged GPU kernel, shared by the CUDA/OpenCL and WGSL
 * renderers (their spellings of these expressions agree). A stage's box is the tile grown by the
 * stage's halo, its size known when rendering, so the flat cell index k decomposes by constant
 * divisions (the last axis fastest: consecutive threads take consecutive points of a row). Cell x
 * of the box is the global point g - halo.lo + x, with g the tile's low corner.
 */
import type { Stmt } from '../../ir/nodes.js';
import type { Stage, StagedSpec } from '../../ir/staged.js';
import type { CodeWriter } from '../c-like/code-writer.js';
import { fieldLayout, fieldsUsed, type FieldLayout } from '../c-like/staged-body.js';

/**
 * Rows of cells a thread takes per iteration in a stage of an interior tile: four (or two)
 * vertically neighbouring cells, so their common loads are read once, where the box has rows
 * enough and every thread still gets a full set (one row elsewhere, and in 1-D).
 */
export function stageRows(box: readonly number[], threads: number): number {
  const d = box.length;
  if (d < 2) return 1;
  const cells = box.reduce((x, y) => x * y, 1);
  return [4, 2].find((v) => box[d - 2] >= 2 * v && cells >= v * threads) ?? 1;
}

/**
 * The rows each stage's threads take (stageRows) and each field's row pitch in shared memory,
 * chosen so that the warps of the stage that reads the field meet no bank conflicts: a warp whose
 * 32 cells run past the end of a box row (boxes are rarely a multiple of 32 wide) continues R rows
 * further down, R·pitch − width cells on, which lands on the 32 banks in order only where R·pitch
 * ≡ width (mod 32). Nsight Compute counted those conflicts as a quarter of the shared-memory
 * load wavefronts of 4 fused Laplacians; the pitch took them from 0.281 to 0.271 ms on the H100. A
 * reader whose width is no multiple of 4 takes two rows, under which every even width admits a
 * pitch; among the pitches up to 15 cells wider, the one that serves the most reading cells wins.
 */
export function stagedGeometry(spec: StagedSpec, tile: readonly number[], threads: number, nExt: number): { readonly rows: readonly number[]; readonly layout: FieldLayout } {
  const boxes = spec.stages.map((st) => stagedBox(st, tile));
  const rows = boxes.map((b) => stageRows(b, threads));
  const plain = fieldLayout(spec, tile);
  const d = tile.length;
  if (d < 2) return { rows, layout: plain };
  // Per field, the stages that read it and whose rows are no multiple of 32 wide (wider ones
  // never run a warp past a row's end).
  const used = spec.stages.map((st) => fieldsUsed(st.interior, st, nExt));
  const straddlingReaders = plain.extents.map((_, f) => boxes.map((_b, s) => s).filter((s) => spec.stages[s].results.every((r) => r.field !== f) && used[s].includes(f) && boxes[s][d - 1] % 32 !== 0));
  // Four rows admit a pitch only for widths that are multiples of 4; two rows, for any even width.
  for (const s of straddlingReaders.flat()) if (rows[s] === 4 && boxes[s][d - 1] % 4 !== 0) rows[s] = 2;
  const cells = (s: number) => boxes[s].reduce((x, y) => x * y, 1);
  const pitches = plain.extents.map((e, f) => {
    const width = e[d - 1];
    const rs = straddlingReaders[f];
    const met = (p: number) => rs.filter((s) => (((rows[s] * p - boxes[s][d - 1]) % 32) + 32) % 32 === 0).reduce((n, s) => n + cells(s), 0);
    let best = width;
    for (let p = width + 1; p < width + 16; p++) if (met(p) > met(best)) best = p;
    return best;
  });
  return { rows, layout: fieldLayout(spec, tile, pitches) };
}

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

/** The fields a cell of the stage touches: read or written by its unchecked body, and by the checked one too where it may run. */
export function stageFields(stage: Stage, nExt: number, checkedToo: boolean): number[] {
  return [...new Set([...fieldsUsed(stage.interior, stage, nExt), ...(checkedToo ? fieldsUsed(stage.checked, stage, nExt) : [])])].sort((a, b) => a - b);
}

/** The cell of field f for the box cell (x0, …): the expression q{f} holds. */
export function fieldCell(f: number, loop: StagedLoop, layout: FieldLayout, d: number): string {
  return Array.from({ length: d }, (_, a) => `(x${a}${loop.toField(a, layout.haloLo[f][a])})${layout.strides[f][a] === 1 ? '' : ` * ${layout.strides[f][a]}`}`).join(' + ');
}

/**
 * A cell's body: the unchecked one where the stage's loads stay in the grid (loop.inside), the
 * folded one elsewhere, or the unchecked one alone when `split` is false (interior tiles) or the
 * stage reads no neighbours. CUDA, OpenCL and WGSL spell this branch alike.
 */
export function writeStageBodies(w: CodeWriter, stage: Stage, loop: StagedLoop, bodies: { readonly interior: BodyWriter; readonly checked: BodyWriter }, ind: string, split: boolean): void {
  if (loop.inside.length && split) {
    w.line(`${ind}if (${loop.inside.join(' && ')}) {`);
    bodies.interior.stmts(stage.interior, w, ind + '  ');
    w.unmap();
    w.line(`${ind}} else {`);
    bodies.checked.stmts(stage.checked, w, ind + '  ');
    w.unmap();
    w.line(`${ind}}`);
  } else {
    bodies.interior.stmts(stage.interior, w, ind);
    w.unmap();
  }
}

/** What renders a stage body (the C-family and WGSL body renderers). */
export interface BodyWriter {
  stmts(body: readonly Stmt[], w: CodeWriter, indent: string): void;
}
