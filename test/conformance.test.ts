/**
 * The conformance suite: every required backend, in generic and specialized mode, against pure
 * mode, on random kernels (fast-check) and random never-zero data; shapes include 1×1, primes and
 * grids smaller than the stencil; every boundary mode and dtype; passed-in outputs poisoned alike.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { BackendUnavailableError, BOUNDARY_MODES, DTYPES, Grid, type BoundaryMode, type Dtype } from '../src/index.js';
import { assertAvailable, fastCheckRuns, modesFor, requiredBackends, supportsFloat64 } from './conformance/backends.js';
import { buildClass, buildFunctional, kernelSpecArb, magnitude, type BuiltKernel, type KernelSpec } from './conformance/kernels.js';
import { maxAbs, poison, randomGrid, rng } from './conformance/random-data.js';
import { compareGrids } from './conformance/tolerance.js';

type Form = 'functional' | 'class';
const MODES = ['generic', 'specialized'] as const;
const counts = new Map<string, number>();

interface Case {
  readonly form: Form;
  readonly spec: KernelSpec;
  readonly shape: readonly number[];
  readonly boundary: BoundaryMode;
  readonly dtype: Dtype;
  readonly outputDtype: Dtype;
  readonly passOut: boolean;
  readonly seed: number;
}

function build(c: Case): BuiltKernel {
  const cval = 1.5;
  return c.form === 'functional'
    ? buildFunctional(c.spec, c.boundary, cval, c.outputDtype)
    : buildClass(c.spec, c.boundary === 'interior' ? 'nearest' : c.boundary, cval, c.boundary === 'interior', c.outputDtype);
}

/** Runs one case on a backend and mode against pure mode; returns a failure description or undefined. */
function check(c: Case, backend: string, mode: (typeof MODES)[number]): string | undefined {
  const random = rng(c.seed);
  const inputs = Array.from({ length: c.spec.inputs }, () => randomGrid(c.shape, c.dtype, random));
  const outs = () => Array.from({ length: c.spec.outputs }, () => Grid.fromFunction(c.shape, c.outputDtype, () => poison(c.outputDtype)));
  const kernel = build(c);
  const want = kernel.run('pure', backend, inputs, c.passOut ? { out: outs() } : {});
  let got: Grid[];
  try {
    got = kernel.run(mode, backend, inputs, c.passOut ? { out: outs() } : {});
  } catch (e) {
    // WGSL has no float64: the one expected refusal, counted, and only for float64 grids.
    if (e instanceof BackendUnavailableError && !supportsFloat64(backend) && (c.dtype === 'float64' || c.outputDtype === 'float64') && /no float64/.test(e.reason)) {
      counts.set(`${backend}/${mode}/${c.form} (float64 refused)`, (counts.get(`${backend}/${mode}/${c.form} (float64 refused)`) ?? 0) + 1);
      return undefined;
    }
    throw e;
  }
  counts.set(`${backend}/${mode}/${c.form}`, (counts.get(`${backend}/${mode}/${c.form}`) ?? 0) + 1);
  const scale = magnitude(c.spec, maxAbs(inputs)) * (c.form === 'class' ? Math.max(1, Math.abs(c.spec.param ?? 1)) : 1) + maxAbs(want);
  for (let k = 0; k < want.length; k++) {
    // Integer outputs: webgpu computes in float32 where the others use float64, and a class
    // kernel stores (and truncates) once per `+=`.
    const float32Stores = supportsFloat64(backend) ? 0 : c.form === 'class' ? c.spec.taps.length + 1 : 1;
    const problem = compareGrids(got[k], want[k], scale, float32Stores);
    if (problem) return `output ${k}: ${problem}\n${describeCase(c)}\n${kernel.source}`;
  }
  return undefined;
}

function describeCase(c: Case): string {
  return `${c.form} ${c.spec.ndim}-D shape [${c.shape}] ${c.boundary} ${c.dtype}->${c.outputDtype} out:${c.passOut} seed ${c.seed} taps ${JSON.stringify(c.spec.taps)}`;
}

/**
 * Shapes every dtype × mode × ndim combination runs on: all ones, smaller than the reach, primes,
 * and one large enough that GPU threads computing several rows and vectors of points each have
 * whole blocks inside the interior (its last extent a multiple of 4, for vector loads).
 */
function matrixShapes(ndim: number): number[][] {
  const large = [[1040], [37, 68], [19, 11, 36]][ndim - 1];
  return [new Array(ndim).fill(1), new Array(ndim).fill(2), [7, 5, 3].slice(0, ndim), [13, 11, 2].slice(0, ndim), large];
}

const shapeArb = (ndim: number) =>
  fc.array(fc.oneof(fc.constantFrom(1, 2, 3, 5, 7, 11, 13), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 14, max: ndim === 3 ? 24 : 48 })), { minLength: ndim, maxLength: ndim });

function caseArb(form: Form): fc.Arbitrary<Case> {
  return fc.integer({ min: 1, max: 3 }).chain((ndim) =>
    fc.record({
      form: fc.constant(form),
      spec: kernelSpecArb(ndim),
      shape: shapeArb(ndim),
      boundary: fc.constantFrom(...BOUNDARY_MODES),
      dtype: fc.constantFrom(...DTYPES),
      outputDtype: fc.constantFrom(...DTYPES),
      passOut: fc.boolean(),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    }),
  );
}

/**
 * SEJITS_CONFORMANCE_SHARD=k/n runs every n-th (mode, form) block starting at k, so that slow
 * compilers (NVRTC, PoCL) can spread the suite over several processes.
 */
const [shardIndex, shardCount] = (process.env.SEJITS_CONFORMANCE_SHARD ?? '0/1').split('/').map(Number);
let block = 0;
const inShard = () => block++ % shardCount === shardIndex;

for (const backend of requiredBackends()) {
  describe(`conformance: ${backend}`, () => {
    it('is available', () => assertAvailable(backend));
    for (const mode of modesFor(backend)) {
      for (const form of ['functional', 'class'] as const) {
        if (!inShard()) continue;
        it(`${mode} ${form}: every ndim × boundary mode × dtype on 1×1, tiny and prime shapes`, () => {
          let seed = 1;
          for (let ndim = 1; ndim <= 3; ndim++) {
            const specs = fc.sample(kernelSpecArb(ndim), { seed: 1000 + ndim, numRuns: BOUNDARY_MODES.length * DTYPES.length });
            let k = 0;
            for (const boundary of BOUNDARY_MODES) {
              for (const dtype of DTYPES) {
                const spec = specs[k++];
                for (const shape of matrixShapes(ndim)) {
                  const c: Case = { form, spec, shape, boundary, dtype, outputDtype: dtype, passOut: seed % 2 === 0, seed: seed++ };
                  const problem = check(c, backend, mode);
                  assert.equal(problem, undefined, problem);
                }
              }
            }
          }
        });
        it(`${mode} ${form}: random kernels, shapes, modes and dtypes (fast-check)`, () => {
          fc.assert(
            fc.property(caseArb(form), (c) => {
              const problem = check(c, backend, mode);
              assert.equal(problem, undefined, problem);
            }),
            { includeErrorInReport: true, numRuns: fastCheckRuns(backend), seed: Number(process.env.SEJITS_SEED ?? Date.now() % 2 ** 31) },
          );
        });
      }
    }
  });
}

after(() => {
  const lines = [...counts.entries()].sort().map(([k, n]) => `  ${k}: ${n} cases`);
  console.log(`conformance cases run against pure mode:\n${lines.join('\n')}`);
});
