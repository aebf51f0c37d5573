/**
 * Turns taps into loads at in-range coordinates, for one region variant. This is the single place
 * where boundary modes become code: each backend renders the plain IR produced here. The checks
 * are specialized per side: a tap with a negative offset on an axis checked only above needs none.
 */
import type { BoundaryMode } from '../stencil/boundary.js';
import type { AxisCheck, RegionVariant } from '../stencil/regions.js';
import { binary, constant, coord, extent, load, select, type Expr, type Stmt } from '../ir/nodes.js';
import { mapExpr, mapStmtExprs } from '../ir/visitor.js';

type FoldMode = Exclude<BoundaryMode, 'interior' | 'constant'>;

export function lowerBoundary(body: readonly Stmt[], variant: RegionVariant, mode: BoundaryMode, cval: number): Stmt[] {
  return mapStmtExprs(body, (e) =>
    mapExpr(e, (n) => {
      if (n.kind !== 'tap') return n;
      const raw = n.offset.map((o, a) => (o.kind === 'const' && o.value === 0 ? coord(a) : binary('+', coord(a), o)));
      const sides = n.offset.map((o, a) => sidesToCheck(o, variant[a]));
      if (mode === 'constant') {
        const conds: Expr[] = [];
        raw.forEach((j, a) => {
          if (sides[a].lo) conds.push(binary('>=', j, constant(0)));
          if (sides[a].hi) conds.push(binary('<', j, extent(a)));
        });
        const inner = load(n.grid, raw);
        if (conds.length === 0) return inner;
        const all = conds.reduce((acc, c) => select(acc, c, acc));
        return select(all, inner, constant(cval));
      }
      if (mode === 'interior') return load(n.grid, raw);
      return load(
        n.grid,
        raw.map((j, a) => fold(j, a, mode, variant[a] === 'full' && !isZero(n.offset[a]) ? 'full' : sides[a])),
      );
    }),
  );
}

const isZero = (o: Expr) => o.kind === 'const' && o.value === 0;

interface Sides {
  lo: boolean;
  hi: boolean;
}

/** Which sides an access can leave the grid on, given its offset and the region's axis check. */
function sidesToCheck(offset: Expr, check: AxisCheck): Sides {
  if (check === 'none') return { lo: false, hi: false };
  if (offset.kind === 'const') {
    if (offset.value === 0) return { lo: false, hi: false };
    const below = offset.value < 0;
    return { lo: below && check !== 'hi', hi: !below && check !== 'lo' };
  }
  return { lo: check !== 'hi', hi: check !== 'lo' };
}

const add = (a: Expr, b: Expr) => binary('+', a, b);
const sub = (a: Expr, b: Expr) => binary('-', a, b);
const mul = (k: number, b: Expr) => binary('*', constant(k), b);
/** ((j % p) + p) % p: a non-negative remainder in every target language. */
const posMod = (j: Expr, p: Expr) => binary('%', add(binary('%', j, p), p), p);

/** The in-range index for j under a folding mode; `full` folds any distance, sides fold once. */
function fold(j: Expr, axis: number, mode: FoldMode, how: Sides | 'full'): Expr {
  const n = extent(axis);
  if (how !== 'full' && !how.lo && !how.hi) return j;
  if (how === 'full') {
    switch (mode) {
      case 'nearest':
        return select(binary('<', j, constant(0)), constant(0), select(binary('>=', j, n), sub(n, constant(1)), j));
      case 'wrap':
        return posMod(j, n);
      case 'reflect': {
        const m = posMod(j, mul(2, n));
        return select(binary('<', m, n), m, sub(sub(mul(2, n), constant(1)), m));
      }
      case 'mirror': {
        const p = sub(mul(2, n), constant(2));
        const m = posMod(j, p);
        return select(binary('==', n, constant(1)), constant(0), select(binary('<', m, n), m, sub(p, m)));
      }
    }
  }
  const below: Expr = {
    nearest: constant(0),
    wrap: add(j, n),
    reflect: sub(constant(-1), j),
    mirror: sub(constant(0), j),
  }[mode];
  const above: Expr = {
    nearest: sub(n, constant(1)),
    wrap: sub(j, n),
    reflect: sub(sub(mul(2, n), constant(1)), j),
    mirror: sub(sub(mul(2, n), constant(2)), j),
  }[mode];
  let out = j;
  if (how.hi) out = select(binary('>=', j, n), above, out);
  if (how.lo) out = select(binary('<', j, constant(0)), below, out);
  return out;
}
