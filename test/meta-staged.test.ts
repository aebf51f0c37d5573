/**
 * Block-level fusion and temporal blocking (staged kernels) on the host backend that runs them (c):
 * every producer/consumer pair of boundary modes equals the unfused calls on shapes from 1×1 to
 * several tiles, in float64, float32 and int32; a heat time loop unrolls into staged kernels with
 * leftovers; wrap consumers, interior stencils and in-place writes stay unfused with their reason;
 * the fusion depth comes from the option, the heuristic or tune()'s measurements, which explain()
 * shows. Stencils and shapes drawn at random are the meta property's job (meta-property.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Grid, meta, scale, stencil, type BoundaryMode, type Dtype } from '../src/index.js';
import { requiredBackends } from './conformance/backends.js';
import { compareGrids } from './conformance/tolerance.js';
import { randomGrid, rng } from './conformance/random-data.js';
import { pingPong } from '../examples/heat2d.js';

const lapSrc = (a: (...o: number[]) => number) => a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0);
// Asymmetric and wider along axis 1: a fold at one edge lands two points away on the other side.
const skewSrc = (a: (...o: number[]) => number) => 0.5 * a(0, 0) + 0.25 * a(0, 2) + 0.125 * a(-1, 0) + 0.125 * a(0, -1);
const heatSrc = (a: (...o: number[]) => number) => a(0, 0) + 0.2 * (a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0));
const SHAPES: readonly (readonly number[])[] = [[1, 1], [2, 3], [37, 61], [41, 1100]];
const PAIRS: readonly [BoundaryMode, BoundaryMode][] = [
  ['nearest', 'reflect'],
  ['constant', 'mirror'],
  ['reflect', 'nearest'],
  ['mirror', 'constant'],
  ['wrap', 'reflect'],
  ['reflect', 'reflect'],
];

const hosts = requiredBackends().filter((b) => b === 'c');

function inputs(shape: readonly number[], dtype: Dtype, seed: number): Grid {
  return randomGrid(shape, dtype, rng(seed));
}

for (const backend of hosts) {
  describe(`staged kernels: ${backend}`, () => {
    it('every producer/consumer pair of boundary modes equals the unfused calls, on 1×1 to several tiles, in every dtype', () => {
      for (const [first, second] of PAIRS) {
        for (const dtype of ['float64', 'float32', 'int32'] as const) {
          const a = stencil(lapSrc, { name: 'lapA', backend, boundary: first });
          const b = stencil(skewSrc, { name: 'skewB', backend, boundary: second });
          const ja = stencil(lapSrc, { name: 'lapA', backend: 'js', boundary: first });
          const jb = stencil(skewSrc, { name: 'skewB', backend: 'js', boundary: second });
          const f = meta((u: Grid) => b(a(u)), { name: 'pair' });
          for (const shape of SHAPES) {
            const u = inputs(shape, dtype, shape[0] * 31 + shape[1]);
            const want = jb(ja(u));
            const got = f(u);
            const problem = dtype === 'float32' ? compareGrids(got, want, 8) : got.data.every((v, i) => Object.is(v, want.data[i])) ? undefined : 'not equal';
            assert.equal(problem, undefined, `${first} -> ${second}, ${dtype}, ${shape.join('x')}`);
          }
          assert.match(f.explain(), /2 stages run tile by tile/, `${first} -> ${second} fused by blocks`);
          assert.ok(f.plan(inputs([5, 5], dtype, 1)).fusedPrograms[0].program.staged, 'a staged program');
        }
      }
    });

    it('a time loop unrolls into staged kernels of depth k, the leftover steps run as a shorter block', () => {
      const heat = stencil(heatSrc, { name: 'heat', backend, boundary: 'reflect' });
      const jheat = stencil(heatSrc, { name: 'heat', backend: 'js', boundary: 'reflect' });
      const steps = (k: typeof heat) => (u: Grid, n: number) => {
        for (let t = 0; t < n; t++) u = k(u);
        return u;
      };
      const f = meta(steps(heat), { name: 'heat', depth: 4 });
      const u = inputs([61, 530], 'float64', 7);
      const got = f(u, 23);
      assert.equal(compareGrids(got, steps(jheat)(u, 23), 4), undefined);
      assert.deepEqual(f.lastRun, { launches: 5, calls: 3, allocated: 2, reused: 6 });
      const text = f.explain();
      assert.match(text, /fusion depth 4 \(set by meta\(fn, \{ depth \}\)\)/);
      assert.match(text, /calls 0\.\.3 × 5/);
      assert.match(text, /4 stages run tile by tile, earlier stages over ghost zones of \[3, 3\] below and \[3, 3\] above in 2 on-chip field\(s\)/);
      assert.ok(u.data.some((v) => v !== 0) && got !== u);
    });

    it('3-D chains of int32 stencils are exact, including grids smaller than the stencil', () => {
      const s3 = (a: (...o: number[]) => number) => a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -1) + a(0, 0, 1) - 6 * a(0, 0, 0);
      const k = stencil(s3, { backend, boundary: 'mirror', name: 'l3' });
      const j = stencil(s3, { backend: 'js', boundary: 'mirror', name: 'l3' });
      const f = meta((u: Grid) => k(k(k(u))));
      for (const shape of [[1, 1, 1], [2, 1, 3], [13, 7, 29]]) {
        const u = inputs(shape, 'int32', 3);
        const want = j(j(j(u)));
        assert.ok(f(u).data.every((v, i) => v === want.data[i]), shape.join('x'));
      }
      assert.match(f.explain(), /3 stages run tile by tile/);
    });

    it('a pointwise producer feeds a stencil through a field; depth 1 keeps them apart', () => {
      const lap = stencil(lapSrc, { name: 'lap', backend, boundary: 'nearest' });
      const sc = scale.with({ backend });
      const fused = meta((x: Grid) => lap(sc(x, 2)));
      const apart = meta((x: Grid) => lap(sc(x, 2)), { depth: 1 });
      const x = inputs([19, 23], 'float64', 5);
      const want = stencil(lapSrc, { backend: 'js', boundary: 'nearest' })(scale.with({ backend: 'js' })(x, 2));
      assert.equal(compareGrids(fused(x), want, 16), undefined);
      assert.equal(compareGrids(apart(x), want, 16), undefined);
      assert.match(fused.explain(), /lap#1 fused after scale#0: a stencil after a computed value: block fusion, stage 2/);
      assert.match(apart.explain(), /fusion depth 1 \(set by meta/);
      assert.match(apart.explain(), /beyond the fusion depth 1, so the value goes through memory/);
    });

    it('wrap consumers, interior stencils and in-place writes stay unfused, with the reason', () => {
      const lapWrap = stencil(lapSrc, { name: 'lapW', backend, boundary: 'wrap' });
      const lap = stencil(lapSrc, { name: 'lap', backend, boundary: 'nearest' });
      const inner = stencil(lapSrc, { name: 'inner', backend, boundary: 'interior' });
      const x = inputs([9, 11], 'float64', 9);
      const w = meta((u: Grid) => lapWrap(lap(u)));
      assert.ok(w(x).data.every((v, i) => v === lapWrap(lap(x)).data[i]));
      assert.match(w.explain(), /in 'wrap' mode reads the far side of the grid/);
      const i = meta((u: Grid) => inner(lap(u)));
      i(x);
      assert.match(i.explain(), /in 'interior' mode keeps its output's old border|computes the interior only/);
      const sc = scale.with({ backend });
      const p = meta((u: Grid) => lap(sc(u, 3, { out: u })));
      const y = x.clone();
      const got = p(y);
      const y2 = x.clone();
      const want = lap(sc(y2, 3, { out: y2 }));
      assert.ok(got.data.every((v, k) => v === want.data[k]));
      assert.ok(y.data.every((v, k) => v === y2.data[k]), 'the grid written in place');
      assert.match(p.explain(), /overwrite argument 0 in place while tiles still read it around their edges, and on the c backend a copy back through a scratch grid costs more/);
    });

    it('a ping-pong time loop (explicit out grids, swapped) ends with both grids as unfused; on the c backend it is not blocked, and says why', () => {
      const heat = stencil(heatSrc, { name: 'heat', backend, boundary: 'mirror' });
      const jheat = stencil(heatSrc, { name: 'heat', backend: 'js', boundary: 'mirror' });
      for (const depth of [2, 3, 4]) {
        const f = meta(pingPong((u, v) => heat(u, { out: v })), { name: 'pingpong', depth });
        for (const n of [0, 1, 2, 3, 5, 9]) {
          for (const dtype of ['float64', 'float32'] as const) {
            const u = inputs([37, 301], dtype, 3 + n);
            const v = inputs([37, 301], dtype, 4 + n);
            const u2 = u.clone();
            const v2 = v.clone();
            const got = f(u, v, n);
            const want = pingPong((u, v) => jheat(u, { out: v }))(u2, v2, n);
            const tol = dtype === 'float32' ? 4 : 0;
            for (const [a, b, what] of [[got, want, 'result'], [u, u2, 'u'], [v, v2, 'v']] as const) {
              const problem = tol ? compareGrids(a, b, tol) : a.data.every((x, i) => Object.is(x, b.data[i])) ? undefined : 'not equal';
              assert.equal(problem, undefined, `depth ${depth}, ${n} steps, ${dtype}: ${what}`);
            }
          }
        }
        const text = f.explain(inputs([37, 301], 'float64', 1), inputs([37, 301], 'float64', 2), 8);
        assert.match(text, /anti-dependence \(write after read\).*a copy back through a scratch grid costs more than fusing saves/);
      }
    });

    it('tune() measures the candidate depths and keeps the fastest; explain() shows the measurements', () => {
      const heat = stencil(heatSrc, { name: 'heat', backend, boundary: 'nearest' });
      const f = meta((u: Grid, n: number) => {
        for (let t = 0; t < n; t++) u = heat(u);
        return u;
      });
      const u = inputs([64, 300], 'float32', 11);
      const before = u.clone();
      assert.match(f.explain(u, 8), /fusion depth 4 \(a heuristic, not measured/);
      f.tune([u, 8]);
      const text = f.explain(u, 8);
      assert.match(text, /fusion depth \d \(the fastest tune\(\) measured\); measured per run: depth 1 [\d.]+ ms, depth 2 [\d.]+ ms/);
      assert.ok(u.data.every((v, i) => v === before.data[i]), 'tuning runs on copies of the arguments');
    });
  });
}
