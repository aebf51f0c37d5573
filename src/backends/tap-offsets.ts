/**
 * Taps at constant offsets from the current point, hoisted out of the point loops as named flat
 * offsets (`in0[p + o1]`), which is what lets a unit-stride inner loop vectorize. Shared by every
 * renderer; the names follow the order in which a body first reads each offset.
 */
import type { Expr, GridRef, Stmt } from '../ir/nodes.js';
import { forEachExpr } from '../ir/visitor.js';

/** c for a coordinate of the form i_axis + c (or i_axis), else undefined. */
export function constantShift(e: Expr, axis: number): number | undefined {
  if (e.kind === 'coord' && e.axis === axis) return 0;
  if (e.kind === 'binary' && e.op === '+' && e.left.kind === 'coord' && e.left.axis === axis && e.right.kind === 'const' && Number.isInteger(e.right.value)) return e.right.value;
  return undefined;
}

/** The per-axis shifts of a load whose every coordinate is the point's own plus a constant. */
export function constantShifts(coords: readonly Expr[]): number[] | undefined {
  const shifts = coords.map((c, a) => constantShift(c, a));
  return shifts.every((s): s is number => s !== undefined) ? shifts : undefined;
}

/**
 * Σ c_a · s_a, written without unit factors (`s0 - 1`, `-s1`). With `unitLastAxis` the last
 * axis's stride is the literal 1 (C); otherwise it is named like the others (JavaScript).
 */
export function flatOffset(shift: readonly number[], unitLastAxis: boolean): string {
  const d = shift.length;
  const terms = shift.flatMap((c, a) => {
    if (c === 0) return [];
    if (unitLastAxis && a === d - 1) return [String(c)];
    return [c === 1 ? `s${a}` : c === -1 ? `-s${a}` : `${c} * s${a}`];
  });
  return terms.length ? terms.join(' + ').replace(/\+ -/g, '- ') : '0';
}

export class TapOffsets {
  /** Offset names by shift ("dx,dy"), in first-use order. */
  private readonly names = new Map<string, string>();

  constructor(private readonly prefix = 'o') {}

  /** The offsets a body reads (from the grids `keep` accepts), named in the order a renderer meets them. */
  static collect(body: readonly Stmt[], prefix = 'o', keep: (grid: GridRef) => boolean = () => true): TapOffsets {
    const offsets = new TapOffsets(prefix);
    forEachExpr(body, (e) => {
      if (e.kind !== 'load' || !keep(e.grid)) return;
      const shifts = constantShifts(e.coords);
      if (shifts && shifts.some((s) => s !== 0)) offsets.name(shifts);
    });
    return offsets;
  }

  /** The hoisted name of a non-zero shift (named on first use). */
  name(shifts: readonly number[]): string {
    const key = shifts.join(',');
    let name = this.names.get(key);
    if (!name) this.names.set(key, (name = `${this.prefix}${this.names.size}`));
    return name;
  }

  entries(): [shifts: number[], name: string][] {
    return [...this.names].map(([key, name]) => [key.split(',').map(Number), name]);
  }
}
