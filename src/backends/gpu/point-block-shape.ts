/**
 * What the CUDA/OpenCL and WGSL point blocks (gpu/point-block.ts, webgpu/wgsl-point-block.ts)
 * share: the order of a block's points, a position's offset from the thread's first point, and
 * whether the body needs the point's own coordinates.
 */
import type { Stmt } from '../../ir/nodes.js';
import { forEachExpr } from '../../ir/visitor.js';
import { constantShifts, flatOffset } from '../tap-offsets.js';

/** The points of a block in order: axis 0 outermost, the last axis innermost. */
export function blockPoints(P: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of P) out = out.flatMap((prefix) => range(n).map((c) => [...prefix, c]));
  return out;
}

/** ` + offset` of a position relative to the thread's first point ('' at the point itself). */
export function offsetTerm(pos: readonly number[]): string {
  const o = flatOffset(pos, true);
  if (o === '0') return '';
  return o.startsWith('-') ? ` - ${o.slice(1)}` : ` + ${o}`;
}

/**
 * Whether a point's body needs its coordinates: it reads a coordinate value beyond those inside
 * register reads (one per axis each), or reads something left in global memory.
 */
export function readsPointCoordinates(body: readonly Stmt[], ndim: number): boolean {
  let coords = 0;
  let registerCoords = 0;
  let globalReads = false;
  forEachExpr(body, (e) => {
    if (e.kind === 'coord') coords++;
    if (e.kind !== 'load') return;
    if (e.grid.role === 'input' && constantShifts(e.coords)) registerCoords += ndim;
    else globalReads = true;
  });
  return globalReads || coords > registerCoords;
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
