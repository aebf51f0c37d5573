/**
 * Region planning (src/stencil/regions.ts), as properties over random grids, reaches and modes:
 * the boxes of planRegions tile the grid (or the interior) exactly, every box runs code that
 * splitVariants actually emits, splitVariants stays at 2d+2 loop nests, and each box's axis checks
 * are sufficient: an axis marked 'none' never leaves the grid, 'lo' / 'hi' leave only on that side
 * and by less than one fold period.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BOUNDARY_MODES, interiorBox, type BoundaryMode, type Reach } from '../src/index.js';
import { genericVariant, planRegions, splitVariants, variantKey, type AxisCheck, type RegionBox } from '../src/stencil/regions.js';

const NUM_RUNS = 300;

interface Case {
  readonly shape: number[];
  readonly reach: Reach;
  readonly mode: BoundaryMode;
  readonly split: boolean;
}

const caseArb: fc.Arbitrary<Case> = fc.integer({ min: 1, max: 3 }).chain((ndim) => {
  const perAxis = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: ndim, maxLength: ndim });
  return fc.record({
    shape: perAxis(fc.integer({ min: 1, max: 12 })),
    reach: fc.record({ lo: perAxis(fc.integer({ min: 0, max: 4 })), hi: perAxis(fc.integer({ min: 0, max: 4 })) }),
    mode: fc.constantFrom(...BOUNDARY_MODES),
    split: fc.boolean(),
  });
});

const reachArb = (ndim: number) => {
  const perAxis = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: ndim, maxLength: ndim });
  return fc.record({ lo: perAxis, hi: perAxis });
};

const describeCase = (c: Case) => `shape [${c.shape}] reach lo [${c.reach.lo}] hi [${c.reach.hi}] ${c.mode} split ${c.split}`;

/** Row-major flat index of a point. */
function flat(shape: readonly number[], idx: readonly number[]): number {
  return idx.reduce((acc, i, a) => acc * shape[a] + i, 0);
}

/** Every point of the box [lo, hi), in row-major order. */
function* pointsOf(lo: readonly number[], hi: readonly number[]): Generator<number[]> {
  if (lo.some((l, a) => l >= hi[a])) return;
  const cur = [...lo];
  for (;;) {
    yield [...cur];
    let a = cur.length - 1;
    while (a >= 0 && ++cur[a] >= hi[a]) {
      cur[a] = lo[a];
      a--;
    }
    if (a < 0) return;
  }
}

/** How many boxes cover each point of the grid. */
function coverage(shape: readonly number[], boxes: readonly RegionBox[]): Uint8Array {
  const counts = new Uint8Array(shape.reduce((a, b) => a * b, 1));
  for (const b of boxes) {
    assert.equal(b.lo.length, shape.length, 'box lo has one bound per axis');
    assert.equal(b.hi.length, shape.length, 'box hi has one bound per axis');
    b.lo.forEach((l, a) => {
      assert.ok(Number.isInteger(l) && Number.isInteger(b.hi[a]), `integer bounds on axis ${a}`);
      assert.ok(0 <= l && l < b.hi[a] && b.hi[a] <= shape[a], `box [${b.lo}]..[${b.hi}] is non-empty and inside the grid on axis ${a}`);
    });
    for (const p of pointsOf(b.lo, b.hi)) counts[flat(shape, p)]++;
  }
  return counts;
}

const nonZeroSides = (reach: Reach) => [...reach.lo, ...reach.hi].filter((r) => r > 0).length;

describe('planRegions', () => {
  it('boxes are disjoint and cover every grid point exactly once (the interior box for interior)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const boxes = planRegions(c.shape, c.reach, c.mode, c.split);
        const counts = coverage(c.shape, boxes);
        const inner = interiorBox(c.shape, c.reach);
        for (const p of pointsOf(new Array<number>(c.shape.length).fill(0), c.shape)) {
          const inInterior = p.every((i, a) => inner.lo[a] <= i && i < inner.hi[a]);
          const want = c.mode === 'interior' && !inInterior ? 0 : 1;
          assert.equal(counts[flat(c.shape, p)], want, `point [${p}] covered ${counts[flat(c.shape, p)]} times, want ${want}: ${describeCase(c)}`);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('every box runs a variant the generated code has', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const ndim = c.shape.length;
        const emitted = c.split ? splitVariants(ndim, c.reach, c.mode) : [genericVariant(ndim, c.mode)];
        const keys = new Set(emitted.map(variantKey));
        for (const b of planRegions(c.shape, c.reach, c.mode, c.split)) {
          assert.equal(b.variant.length, ndim);
          assert.ok(keys.has(variantKey(b.variant)), `box variant [${b.variant}] not among [${[...keys].join(' | ')}]: ${describeCase(c)}`);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('unsplit non-interior plans are one box over the whole grid that folds every axis', () => {
    const boxes = planRegions([5, 4], { lo: [1, 0], hi: [1, 2] }, 'wrap', false);
    assert.deepEqual(boxes, [{ variant: ['full', 'full'], lo: [0, 0], hi: [5, 4] }]);
  });

  it('interior with a grid smaller than the reach runs nothing', () => {
    assert.deepEqual(planRegions([3, 8], { lo: [2, 1], hi: [2, 1] }, 'interior', true), []);
  });

  it("each axis check suffices: 'none' stays in range, 'lo' / 'hi' leave on one side by less than one period", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const b of planRegions(c.shape, c.reach, c.mode, c.split)) {
          b.variant.forEach((check: AxisCheck, a) => {
            const n = c.shape[a];
            // The extreme indices any tap reads from this box on axis a.
            const min = b.lo[a] - c.reach.lo[a];
            const max = b.hi[a] - 1 + c.reach.hi[a];
            const where = `axis ${a} check '${check}' box [${b.lo}]..[${b.hi}] reads ${min}..${max} of ${n}: ${describeCase(c)}`;
            switch (check) {
              case 'none':
                assert.ok(min >= 0 && max < n, where);
                break;
              case 'lo':
                // Only below, and by at most one period (index >= -n); in fact by less than n,
                // which mirror's single reflection (period 2n - 2) needs.
                assert.ok(max < n, where);
                assert.ok(min >= -n, where);
                assert.ok(min > -n, where);
                break;
              case 'hi':
                assert.ok(min >= 0, where);
                assert.ok(max < 2 * n, where);
                assert.ok(max <= 2 * n - 2, where);
                break;
              case 'both':
                assert.ok(min > -n && max <= 2 * n - 2, where);
                break;
              case 'full':
                assert.notEqual(c.mode, 'interior', `interior never folds: ${where}`);
                break;
            }
          });
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('splitVariants', () => {
  it('at most 2d+2 variants, one fewer per side with zero reach, distinct; interior exactly one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((ndim) => fc.tuple(fc.constant(ndim), reachArb(ndim), fc.constantFrom(...BOUNDARY_MODES))),
        ([ndim, reach, mode]) => {
          const vs = splitVariants(ndim, reach, mode);
          const where = `${ndim}-D reach lo [${reach.lo}] hi [${reach.hi}] ${mode}: [${vs.map(variantKey).join(' | ')}]`;
          assert.ok(vs.length <= 2 * ndim + 2, where);
          assert.equal(new Set(vs.map(variantKey)).size, vs.length, `duplicates: ${where}`);
          for (const v of vs) assert.equal(v.length, ndim, where);
          assert.ok(vs.some((v) => v.every((x) => x === 'none')), `the interior variant is always there: ${where}`);
          if (mode === 'interior') {
            assert.deepEqual(vs, [new Array<AxisCheck>(ndim).fill('none')], where);
          } else {
            // interior + one face per side that reaches + the fully folding fallback (merged with
            // the interior when nothing reaches anywhere).
            const sides = nonZeroSides(reach);
            assert.equal(vs.length, sides === 0 ? 1 : sides + 2, where);
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('a 3-D 7-point stencil needs 8 loop nests, not 27', () => {
    const reach = { lo: [1, 1, 1], hi: [1, 1, 1] };
    for (const mode of BOUNDARY_MODES.filter((m) => m !== 'interior')) {
      const vs = splitVariants(3, reach, mode);
      assert.equal(vs.length, 8, mode);
    }
    assert.deepEqual(splitVariants(3, reach, 'nearest').map(variantKey), [
      'none,none,none',
      'lo,both,both',
      'hi,both,both',
      'none,lo,both',
      'none,hi,both',
      'none,none,lo',
      'none,none,hi',
      'full,full,full',
    ]);
  });

  it('one-sided reach drops the other faces and checks only the side that reaches', () => {
    assert.deepEqual(splitVariants(2, { lo: [0, 0], hi: [0, 1] }, 'nearest').map(variantKey), ['none,none', 'none,hi', 'none,full']);
    assert.deepEqual(splitVariants(2, { lo: [1, 0], hi: [0, 0] }, 'wrap').map(variantKey), ['none,none', 'lo,none', 'full,none']);
  });
});
