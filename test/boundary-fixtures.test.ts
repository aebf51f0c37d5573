/**
 * Boundary modes against reference results from scipy.ndimage.correlate (and, for `interior`, a
 * numpy computation from its definition). The fixtures come from test/fixtures/make-boundary-fixtures.py
 * (`npm run fixtures`); this test reads only the JSON. Each case lists its taps explicitly as
 * (offset, weight), and the kernel reads them through static tables, so no origin convention is
 * needed here: out[i] = sum_t w[t] * x[fold(i + off[t])].
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Grid, stencil, type BoundaryMode } from '../src/index.js';

interface Tap {
  offset: number[];
  weight: number;
}
interface FixtureCase {
  ndim: number;
  shape: number[];
  mode: BoundaryMode;
  cval: number;
  taps: Tap[];
  input: number[];
  expected: number[];
}
interface FixtureFile {
  cases: FixtureCase[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/boundary-fixtures.json', import.meta.url), 'utf8')) as FixtureFile;
const cases = fixture.cases.map((c, index) => ({ ...c, index }));
type IndexedCase = (typeof cases)[number];

const NDIMS = [1, 2, 3] as const;
const BOUNDARIES: readonly BoundaryMode[] = ['nearest', 'reflect', 'mirror', 'wrap', 'constant', 'interior'];
const EXEC_MODES = ['pure', 'generic', 'specialized'] as const;
type ExecMode = (typeof EXEC_MODES)[number];

// One kernel source per dimensionality: the accessor's arity is the grid's ndim.
const kernel1 = (a: (i: number) => number, p: { n: number; w: number[]; off: number[][] }) => {
  let s = 0;
  for (let t = 0; t < p.n; t++) s += p.w[t] * a(p.off[t][0]);
  return s;
};
const kernel2 = (a: (i: number, j: number) => number, p: { n: number; w: number[]; off: number[][] }) => {
  let s = 0;
  for (let t = 0; t < p.n; t++) s += p.w[t] * a(p.off[t][0], p.off[t][1]);
  return s;
};
const kernel3 = (a: (i: number, j: number, k: number) => number, p: { n: number; w: number[]; off: number[][] }) => {
  let s = 0;
  for (let t = 0; t < p.n; t++) s += p.w[t] * a(p.off[t][0], p.off[t][1], p.off[t][2]);
  return s;
};
const KERNELS = { 1: kernel1, 2: kernel2, 3: kernel3 } as const;

function describeCase(c: IndexedCase): string {
  const offs = c.taps.map((t) => `[${t.offset.join(',')}]`).join(' ');
  return `case #${c.index}: ${c.ndim}-D shape [${c.shape.join('x')}] boundary ${c.mode}${c.mode === 'constant' ? ` cval ${c.cval}` : ''}, taps ${offs}`;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = flat % shape[a];
    flat = Math.floor(flat / shape[a]);
  }
  return idx;
}

/** Runs one case; returns a failure message or undefined. */
function runCase(c: IndexedCase, mode: ExecMode): string | undefined {
  const statics = { n: c.taps.length, w: c.taps.map((t) => t.weight), off: c.taps.map((t) => t.offset) };
  const k = stencil(KERNELS[c.ndim as 1 | 2 | 3], { boundary: c.mode, cval: c.cval, statics, mode });
  let out: Grid;
  try {
    out = k(Grid.from(new Float64Array(c.input), c.shape)) as Grid;
  } catch (e) {
    return `${describeCase(c)} [${mode}]: threw ${(e as Error).stack ?? String(e)}`;
  }
  if (!(out.data instanceof Float64Array) || out.data.length !== c.expected.length) {
    return `${describeCase(c)} [${mode}]: output is ${out.data.constructor.name}[${out.data.length}], expected Float64Array[${c.expected.length}]`;
  }
  const sumW = c.taps.reduce((s, t) => s + Math.abs(t.weight), 0);
  const maxX = Math.max(Math.abs(c.cval), ...c.input.map(Math.abs));
  const tol = 1e-12 * (sumW * maxX + 1);
  const bad: string[] = [];
  for (let i = 0; i < c.expected.length; i++) {
    const got = out.data[i];
    const exp = c.expected[i];
    if (!(Math.abs(got - exp) <= tol)) bad.push(`at [${unravel(i, c.shape).join(',')}] got ${got} expected ${exp}`);
  }
  if (bad.length === 0) return undefined;
  return `${describeCase(c)} [${mode}]: ${bad.length} of ${c.expected.length} points differ (tol ${tol.toExponential(2)}): ${bad.slice(0, 6).join('; ')}${bad.length > 6 ? '; ...' : ''}`;
}

describe('boundary fixtures (scipy.ndimage.correlate)', () => {
  it('the fixture file is well formed and every case belongs to a tested group', () => {
    assert.ok(cases.length > 0, 'no fixture cases');
    let grouped = 0;
    for (const ndim of NDIMS) for (const b of BOUNDARIES) grouped += cases.filter((c) => c.ndim === ndim && c.mode === b).length;
    assert.equal(grouped, cases.length, 'some cases have an ndim or boundary mode that no test group runs');
    for (const c of cases) {
      const size = c.shape.reduce((x, y) => x * y, 1);
      assert.equal(c.shape.length, c.ndim, `case #${c.index}: shape/ndim mismatch`);
      assert.equal(c.input.length, size, `case #${c.index}: input length`);
      assert.equal(c.expected.length, size, `case #${c.index}: expected length`);
      assert.ok(c.taps.length > 0, `case #${c.index}: no taps`);
      for (const t of c.taps) assert.equal(t.offset.length, c.ndim, `case #${c.index}: tap offset arity`);
      assert.ok(c.input.some((v) => v !== 0), `case #${c.index}: all-zero input`);
    }
    // Every ndim x boundary group is populated, so no group is vacuously green.
    for (const ndim of NDIMS) for (const b of BOUNDARIES) assert.ok(cases.some((c) => c.ndim === ndim && c.mode === b), `no ${ndim}-D ${b} cases`);
  });

  for (const ndim of NDIMS) {
    describe(`${ndim}-D`, () => {
      for (const boundary of BOUNDARIES) {
        const group = cases.filter((c) => c.ndim === ndim && c.mode === boundary);
        describe(`${boundary} (${group.length} cases)`, () => {
          for (const mode of EXEC_MODES) {
            it(`mode '${mode}' matches the reference`, () => {
              const failures: string[] = [];
              let checked = 0;
              for (const c of group) {
                const f = runCase(c, mode);
                checked++;
                if (f) failures.push(f);
              }
              assert.equal(checked, group.length);
              assert.ok(checked > 0, `no ${ndim}-D ${boundary} cases`);
              assert.deepEqual(failures, [], `${failures.length} of ${group.length} ${ndim}-D ${boundary} cases fail in mode '${mode}':\n${failures.join('\n')}`);
            });
          }
        });
      }
    });
  }
});
