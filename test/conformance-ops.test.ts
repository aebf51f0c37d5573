/**
 * Conformance of the elementwise specializers: add, sub, mul, div, scale, axpy and map on every
 * required backend, generic and specialized, against pure mode: every op × dtype (ints exact,
 * floats within tolerance), then random ops, shapes, dtype pairs and passed-in (possibly aliased)
 * outputs with fast-check.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { add, axpy, div, DTYPES, Grid, map, mul, scale, sub, type Dtype, type ElementwiseFunction } from '../src/index.js';
import { assertAvailable, requiredBackends, supportsFloat64 } from './conformance/backends.js';
import { maxAbs, randomGrid, rng } from './conformance/random-data.js';
import { compareGrids } from './conformance/tolerance.js';

const hypot = map((a, b) => Math.sqrt(a * a + b * b) - (a > b ? a : b), { name: 'hypotMinusMax' });
/** Each op, its grid count, sample scalars, and a bound on |result| relative to max|input| (m). */
const OPS: Record<string, { op: ElementwiseFunction; grids: number; scalars: number[]; bound: (m: number) => number }> = {
  add: { op: add, grids: 2, scalars: [], bound: (m) => 2 * m },
  sub: { op: sub, grids: 2, scalars: [], bound: (m) => 2 * m },
  mul: { op: mul, grids: 2, scalars: [], bound: (m) => m * m },
  div: { op: div, grids: 2, scalars: [], bound: (m) => 4 * m },
  scale: { op: scale, grids: 1, scalars: [-1.75], bound: (m) => 2 * m },
  axpy: { op: axpy, grids: 2, scalars: [0.625], bound: (m) => 2 * m },
  map: { op: hypot, grids: 2, scalars: [], bound: (m) => 3 * m },
};
const NAMES = Object.keys(OPS);
const MODES = ['generic', 'specialized'] as const;

interface Case {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtypes: readonly Dtype[];
  readonly outputDtype: Dtype;
  readonly out: 'none' | 'fresh' | 'alias';
  readonly seed: number;
}

function run(c: Case, backend: string, mode: 'pure' | (typeof MODES)[number]): { got: Grid; inputs: Grid[] } {
  const spec = OPS[c.name];
  const random = rng(c.seed);
  const inputs = c.dtypes.slice(0, spec.grids).map((d) => randomGrid(c.shape, d, random));
  const op = spec.op.with({ backend, mode, outputDtype: c.outputDtype });
  const positional: (Grid | number)[] = c.name === 'axpy' ? [spec.scalars[0], ...inputs] : [...inputs, ...spec.scalars];
  let out: Grid | undefined;
  if (c.out === 'fresh') out = Grid.fromFunction(c.shape, c.outputDtype, () => 3);
  if (c.out === 'alias' && inputs[0].dtype === c.outputDtype) out = inputs[0];
  const got = out ? op(...positional, { out }) : op(...positional);
  if (out) assert.equal(got, out);
  return { got, inputs };
}

function check(c: Case, backend: string, mode: (typeof MODES)[number]): string | undefined {
  const want = run(c, backend, 'pure');
  const { got } = run(c, backend, mode);
  const problem = compareGrids(got, want.got, OPS[c.name].bound(maxAbs(want.inputs)) + maxAbs([want.got]));
  return problem && `${problem}\n${JSON.stringify(c)} on ${backend}/${mode}`;
}

for (const backend of requiredBackends()) {
  if (backend === 'opencl-tiles') continue; // tiles are for neighbour reads; pointwise code has none
  // WGSL has no float64: webgpu refuses it by design (the conformance suite counts those refusals).
  const dtypes = DTYPES.filter((d) => d !== 'float64' || supportsFloat64(backend));
  describe(`elementwise conformance: ${backend}`, () => {
    it('is available', () => assertAvailable(backend));
    for (const mode of MODES) {
      it(`${mode}: every op × dtype`, () => {
        let seed = 1;
        for (const name of NAMES) {
          for (const dtype of dtypes) {
            const c: Case = { name, shape: [13, 7], dtypes: [dtype, dtype], outputDtype: dtype, out: seed % 3 === 0 ? 'alias' : 'none', seed: seed++ };
            const problem = check(c, backend, mode);
            assert.equal(problem, undefined, problem);
          }
        }
      });
      it(`${mode}: random ops, shapes, dtypes and outputs (fast-check)`, () => {
        const arb = fc.record({
          name: fc.constantFrom(...NAMES),
          shape: fc.integer({ min: 1, max: 3 }).chain((ndim) => fc.array(fc.integer({ min: 1, max: 17 }), { minLength: ndim, maxLength: ndim })),
          dtypes: fc.array(fc.constantFrom(...dtypes), { minLength: 2, maxLength: 2 }),
          outputDtype: fc.constantFrom(...dtypes),
          out: fc.constantFrom('none' as const, 'fresh' as const, 'alias' as const),
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        });
        fc.assert(
          fc.property(arb, (c) => {
            const problem = check(c, backend, mode);
            assert.equal(problem, undefined, problem);
          }),
          { numRuns: Number(process.env.SEJITS_OPS_RUNS ?? 25), interruptAfterTimeLimit: 30_000, seed: Number(process.env.SEJITS_SEED ?? Date.now() % 2 ** 31), includeErrorInReport: true },
        );
      });
    }
  });
}

