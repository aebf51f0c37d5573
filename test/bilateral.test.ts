/**
 * Paper 004, Listing 1 (with DESIGN.md's erratum: mask[xf + 2*sigma_d]), as examples/bilateral.ts
 * writes it, at sigma_d = 1: the closeness mask is a
 * static table computed once at specialization, sigma_r a runtime parameter. Checked against pure
 * mode, generic mode and an independent direct implementation, in float32 and float64.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Grid, stencil, type Dtype } from '../src/index.js';
import { bilateral as exampleBilateral, closenessMask as exampleMask } from '../examples/bilateral.js';
import { compareGrids } from './conformance/tolerance.js';
import { randomGrid, rng } from './conformance/random-data.js';

let maskComputations = 0;
/** The example's mask, counted, to show it is computed once per specialization. */
function closenessMask(statics: { sigmaD: number }): number[][] {
  maskComputations++;
  return exampleMask(statics);
}

const bilateral = exampleBilateral.with({ statics: { sigmaD: 1 }, precompute: { mask: (s) => closenessMask(s as { sigmaD: number }) } });

/** The filter written out directly, with the boundary folded by hand (reflect). */
function direct(input: Grid, sigmaD: number, sigmaR: number): Float64Array {
  const [n0, n1] = input.shape;
  const mask = exampleMask({ sigmaD });
  const fold = (i: number, n: number) => {
    const m = ((i % (2 * n)) + 2 * n) % (2 * n);
    return m < n ? m : 2 * n - 1 - m;
  };
  const out = new Float64Array(n0 * n1);
  for (let i = 0; i < n0; i++)
    for (let j = 0; j < n1; j++) {
      const c = input.data[i * n1 + j];
      let k = 0;
      let s = 0;
      for (let dy = -2 * sigmaD; dy <= 2 * sigmaD; dy++)
        for (let dx = -2 * sigmaD; dx <= 2 * sigmaD; dx++) {
          const v = input.data[fold(i + dy, n0) * n1 + fold(j + dx, n1)];
          const w = Math.exp(-((v - c) ** 2) / (2 * sigmaR * sigmaR)) * mask[dy + 2 * sigmaD][dx + 2 * sigmaD];
          k += w;
          s += w * v;
        }
      out[i * n1 + j] = s / k;
    }
  return out;
}

describe('bilateral filter (paper 004, Listing 1)', () => {
  for (const dtype of ['float64', 'float32'] as Dtype[]) {
    it(`${dtype}: specialized and generic match pure mode and a direct implementation`, () => {
      const input = randomGrid([19, 23], dtype, rng(7));
      for (const sigmaR of [0.5, 2]) {
        const call = { params: { sigmaR } };
        const pure = bilateral.with({ mode: 'pure' })(input, call);
        const expected = Grid.from(dtype === 'float64' ? direct(input, 1, sigmaR) : new Float32Array(direct(input, 1, sigmaR)), input.shape);
        for (const mode of ['generic', 'specialized'] as const) {
          const got = bilateral.with({ mode })(input, call);
          assert.equal(compareGrids(got, pure, 2), undefined, `${mode} vs pure, sigmaR ${sigmaR}`);
        }
        assert.equal(compareGrids(pure, expected, 2 * 1e3), undefined, 'pure vs direct');
      }
    });
  }

  it('computes the mask once, at specialization, and keeps sigma_r a runtime parameter', () => {
    const before = maskComputations;
    const k = stencil((a, p) => p.mask[0][0] * a(0, 0) * p.sigmaR, {
      params: ['sigmaR'],
      statics: { sigmaD: 2 },
      precompute: { mask: (s) => closenessMask(s) },
    });
    assert.equal(maskComputations, before + 1);
    const g = Grid.fromFunction([4, 4], 'float64', (i, j) => 1 + i + j);
    const a = k(g, { params: { sigmaR: 1 } });
    const b = k(g, { params: { sigmaR: 3 } });
    assert.equal(maskComputations, before + 1, 'the mask is not recomputed per call');
    assert.ok(Math.abs(b.data[5] - 3 * a.data[5]) < 1e-12);
    const source = k.show().source;
    assert.match(source, /P0/, 'sigma_r is read from the runtime parameters');
    assert.doesNotMatch(source, /T\d\[/, 'the mask is folded into constants, not looked up');
  });

  it('partial evaluation unrolls all 25 taps (sigma_d = 1) with constant closeness weights', () => {
    const ir = bilateral.show().passes.find((p) => p.pass === 'partial-eval')!.ir;
    assert.doesNotMatch(ir, /\bfor\b/);
    assert.doesNotMatch(ir, /static\./);
    assert.equal((ir.match(/Math\.exp/g) ?? []).length, 25);
  });
});
