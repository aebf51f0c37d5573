/**
 * Staged programs (meta's block fusion and temporal blocking) on the GPU backends: each required
 * backend among cuda, opencl and webgpu runs fused chains, which must match the js backend run
 * unfused, and the plan must really hold a staged program. Covers producer/consumer boundary
 * pairs, a time loop unrolled into staged kernels, a 3-D chain, grids smaller than a tile, prime
 * extents, grids of several tiles, and float32, float64 (where the backend has it) and int32.
 * OpenCL runs on PoCL in CI, whose compiles are slow: the cases share their kernels.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Grid, meta, stencil, type Dtype } from '../src/index.js';
import { assertAvailable, requiredBackends, supportsFloat64 } from './conformance/backends.js';
import { maxAbs, randomGrid, rng } from './conformance/random-data.js';
import { compareGrids } from './conformance/tolerance.js';
import { pingPong } from '../examples/heat2d.js';

type Tap = (...offsets: number[]) => number;
const lap = (a: Tap) => a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0);
const heat = (a: Tap) => a(0, 0) + 0.2 * (a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0));
const lap3 = (a: Tap) => a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -1) + a(0, 0, 1) - 6 * a(0, 0, 0);

const SHAPES_2D = [[1, 1], [2, 3], [37, 61], [97, 301]];
const SHAPES_3D = [[1, 1, 1], [3, 5, 7], [13, 17, 41]];
const PAIRS = [['nearest', 'reflect'], ['constant', 'mirror'], ['reflect', 'nearest'], ['mirror', 'constant']] as const;
const GPU_BACKENDS = new Set(['cuda', 'opencl', 'webgpu']);

/** Whether the first fused program of the plan for these arguments is a staged one. */
function staged(f: { plan(...args: never[]): { fusedPrograms: readonly { program: { staged?: unknown } }[] } }, ...args: unknown[]): boolean {
  const plans = (f.plan as (...a: unknown[]) => { fusedPrograms: readonly { program: { staged?: unknown } }[] })(...args);
  return plans.fusedPrograms.length > 0 && plans.fusedPrograms[0].program.staged !== undefined;
}

function check(got: Grid, want: Grid, magnitude: number, what: string, float32Stores = 0): void {
  const problem = compareGrids(got, want, magnitude, float32Stores);
  assert.equal(problem, undefined, `${what}: ${problem}`);
}

for (const backend of requiredBackends().filter((b) => GPU_BACKENDS.has(b))) {
  describe(`staged programs on ${backend}`, () => {
    assertAvailable(backend);
    const dtypes: Dtype[] = supportsFloat64(backend) ? ['float32', 'float64', 'int32'] : ['float32', 'int32'];
    // WGSL computes int32 in f32: each stored integer may round once (exact for these magnitudes).
    const intStores = (stages: number) => (backend === 'webgpu' ? stages : 0);

    it('two Laplacians with producer and consumer boundary modes', () => {
      const random = rng(11);
      for (const [m1, m2] of PAIRS) {
        const g1 = stencil(lap, { backend, boundary: m1, name: 'lapA' });
        const g2 = stencil(lap, { backend, boundary: m2, name: 'lapB' });
        const j1 = stencil(lap, { backend: 'js', boundary: m1, name: 'lapA' });
        const j2 = stencil(lap, { backend: 'js', boundary: m2, name: 'lapB' });
        const f = meta((u: Grid) => g2(g1(u)), { name: `lap2_${m1}_${m2}` });
        // Every pair in float32; the other dtypes on the first pair only (compiles are slow on PoCL).
        for (const dtype of m1 === PAIRS[0][0] ? dtypes : (['float32'] as Dtype[])) {
          for (const shape of SHAPES_2D) {
            const u = randomGrid(shape, dtype, random);
            const got = f(u) as Grid;
            assert.ok(staged(f, u), `${m1}→${m2} ${dtype} [${shape}]: the plan has no staged program`);
            check(got, j2(j1(u)), 64 * maxAbs([u]), `${m1}→${m2} ${dtype} [${shape}]`, intStores(2));
          }
        }
      }
    });

    it('a heat time loop of 7 steps (staged at depth 4, then the rest)', () => {
      const random = rng(12);
      const h = stencil(heat, { backend, boundary: 'reflect', name: 'heat' });
      const hj = stencil(heat, { backend: 'js', boundary: 'reflect', name: 'heat' });
      const steps = (st: typeof h) => (u: Grid, n: number) => {
        for (let t = 0; t < n; t++) u = st(u);
        return u;
      };
      const f = meta(steps(h), { name: 'heat7' });
      for (const dtype of supportsFloat64(backend) ? (['float32', 'float64'] as Dtype[]) : (['float32'] as Dtype[])) {
        for (const shape of SHAPES_2D) {
          const u = randomGrid(shape, dtype, random);
          const got = f(u, 7) as Grid;
          assert.ok(staged(f, u, 7), `heat ${dtype} [${shape}]: the plan has no staged program`);
          // Each step's terms sum to at most 2.6 times its input.
          check(got, steps(hj)(u, 7), 2.6 ** 7 * maxAbs([u]), `heat ${dtype} [${shape}]`);
        }
      }
    });

    it('a ping-pong time loop of 7 steps (explicit out grids, swapped): both grids end as unfused', () => {
      const random = rng(15);
      const h = stencil(heat, { backend, boundary: 'nearest', name: 'heat' });
      const hj = stencil(heat, { backend: 'js', boundary: 'nearest', name: 'heat' });
      const f = meta(pingPong((u, v) => h(u, { out: v })), { name: 'pingpong7' });
      for (const shape of SHAPES_2D) {
        const u = randomGrid(shape, 'float32', random);
        const v = randomGrid(shape, 'float32', random);
        const u2 = Grid.from(Float32Array.from(u.data), shape);
        const v2 = Grid.from(Float32Array.from(v.data), shape);
        const scaleOf = 2.6 ** 7 * maxAbs([u, v]);
        check(f(u, v, 7) as Grid, pingPong((u, v) => hj(u, { out: v }))(u2, v2, 7), scaleOf, `ping-pong result [${shape}]`);
        check(u, u2, scaleOf, `ping-pong u [${shape}]`);
        check(v, v2, scaleOf, `ping-pong v [${shape}]`);
      }
      assert.match(f.explain(randomGrid([40, 70], 'float32', random), randomGrid([40, 70], 'float32', random), 7), /scratch grid/);
    });

    it('a 3-D 7-point chain of three stages', () => {
      const random = rng(13);
      for (const dtype of ['float32', 'int32'] as Dtype[]) {
        const g = stencil(lap3, { backend, boundary: 'mirror', name: 'lap3' });
        const j = stencil(lap3, { backend: 'js', boundary: 'mirror', name: 'lap3' });
        const f = meta((u: Grid) => g(g(g(u))), { name: `lap3x3_${dtype}` });
        for (const shape of SHAPES_3D) {
          const u = randomGrid(shape, dtype, random);
          const got = f(u) as Grid;
          assert.ok(staged(f, u), `3-D ${dtype} [${shape}]: the plan has no staged program`);
          check(got, j(j(j(u))), 12 ** 3 * maxAbs([u]), `3-D ${dtype} [${shape}]`, intStores(3));
        }
      }
    });

    it('runtime parameters of both stages and an asymmetric, nonlinear stencil', () => {
      const random = rng(15);
      const make = (b: string, name: string, boundary: 'reflect' | 'constant') =>
        stencil((a: Tap, p: { k: number }) => p.k * (a(-1, 0) + a(1, 0) + a(0, 1)) + Math.max(a(0, -1), 0.1) * a(0, 0), { name, boundary, params: ['k'], backend: b });
      const [g1, g2, j1, j2] = [make(backend, 'pa', 'reflect'), make(backend, 'pb', 'constant'), make('js', 'pa', 'reflect'), make('js', 'pb', 'constant')];
      const f = meta((u: Grid, k: number) => g2(g1(u, { params: { k } }), { params: { k: 2 * k } }), { name: 'params2' });
      for (const [shape, k] of [[[45, 77], 0.3], [[97, 301], -0.7]] as const) {
        const u = randomGrid(shape, 'float32', random);
        const got = f(u, k) as Grid;
        assert.ok(staged(f, u, k), `params [${shape}]: the plan has no staged program`);
        check(got, j2(j1(u, { params: { k } }), { params: { k: 2 * k } }), 64 * maxAbs([u]) ** 4, `params k=${k} [${shape}]`);
      }
    });

    it('tune() measures strategies of a staged program and keeps computing right', () => {
      const g1 = stencil(lap, { backend, boundary: 'nearest', name: 'lapT' });
      const g2 = stencil(lap, { backend, boundary: 'reflect', name: 'lapT2' });
      const j1 = stencil(lap, { backend: 'js', boundary: 'nearest', name: 'lapT' });
      const j2 = stencil(lap, { backend: 'js', boundary: 'reflect', name: 'lapT2' });
      const f = meta((u: Grid) => g2(g1(u)), { name: 'lap2_tuned', depth: 2 });
      const u = randomGrid([67, 131], 'float32', rng(14));
      const reports = f.tune([u], { maxCandidates: 3, budgetMs: 5 });
      assert.ok(reports.length > 0, 'tune() measured no kernel');
      assert.ok(reports[0].results.some((r) => r.ms !== undefined), JSON.stringify(reports[0].results));
      check(f(u) as Grid, j2(j1(u)), 64 * maxAbs([u]), 'after tune()');
    });
  });
}
