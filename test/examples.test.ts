/** The examples run, and agree with pure mode. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Grid, stencil } from '../src/index.js';
import { apiTour } from '../examples/api-tour.js';
import { bilateral, bilateralFilter } from '../examples/bilateral.js';
import { blurImage, blurRgb, CHELSEA, totalVariation } from '../examples/blur-image.js';
import { heatStep, heatSteps, hotDisc, solveHeat } from '../examples/heat2d.js';
import { heat3dStep, initialHeat3d, solveHeat3d } from '../examples/heat3d.js';
import { readPng, writePng } from '../examples/image-io.js';
import { jacobiSweep, l2, manufactured, maxError, PoissonJacobi, poissonResidual, solvePoisson } from '../examples/jacobi-solver.js';
import { board, evolve, lifeStep, randomBoard } from '../examples/life.js';
import { advance, pulses, simulateWave, waveStep } from '../examples/wave2d.js';
import { compareGrids } from './conformance/tolerance.js';
import { problem as metaProblem, solve as metaSolve, solveSteps } from '../examples/meta-solver.js';
import { enhance } from '../examples/third-party-specializer.js';
import { rng } from './conformance/random-data.js';

const sum = (g: Grid) => Array.from(g.data).reduce((s, v) => s + v, 0);
const maxAbs = (g: Grid) => Array.from(g.data).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const equalData = (a: Grid, b: Grid) => a.dtype === b.dtype && a.shape.join() === b.shape.join() && a.data.every((v, i) => v === b.data[i]);

describe('examples', () => {
  it("the README's API tour runs and every result is finite and non-trivial", () => {
    const results = apiTour(24);
    for (const [name, g] of Object.entries(results)) {
      assert.ok(g.data.every((v) => Number.isFinite(v)), `${name} is finite`);
      assert.ok(g.data.some((v) => v !== 0), `${name} is not all zeros`);
    }
  });

  it('heat2d: specialized steps match pure mode, and heat spreads', () => {
    const u = Grid.fromFunction([17, 13], 'float64', (i, j) => (i === 8 && j === 6 ? 100 : 0));
    const spec = heatStep(u, { params: { alpha: 0.2 } });
    const pure = heatStep.with({ mode: 'pure' })(u, { params: { alpha: 0.2 } });
    assert.equal(compareGrids(spec, pure, 100), undefined);
    const solved = solveHeat(32, 20);
    assert.ok(solved.get(16, 16) < 100 && solved.get(16, 16) > 0);
    assert.ok(solved.get(16, 20) > 0, 'heat reached neighbours');
  });

  it('heat2d through meta (temporal blocking where the backend runs staged kernels) equals the plain loop', () => {
    const got = heatSteps(hotDisc(32), 20, 0.2);
    assert.equal(compareGrids(got, solveHeat(32, 20), 1e3), undefined);
    assert.match(heatSteps.explain(), /fusion depth/);
  });

  it('the heat step is the same stencil as a hand-written one', () => {
    const hand = stencil((u) => u(0, 0) + 0.2 * (u(-1, 0) + u(1, 0) + u(0, -1) + u(0, 1) - 4 * u(0, 0)));
    const u = Grid.fromFunction([9, 9], 'float64', (i, j) => Math.sin(i + 2 * j));
    assert.equal(compareGrids(heatStep(u, { params: { alpha: 0.2 } }), hand(u), 10), undefined);
  });

  it('heat3d: specialized steps match pure mode; heat is conserved while the peak falls', () => {
    const spec = solveHeat3d(12, 4);
    const pure = solveHeat3d(12, 4, 0.15, heat3dStep.with({ mode: 'pure' }));
    assert.equal(compareGrids(spec, pure, 1e3), undefined);
    const start = initialHeat3d(16);
    const end = solveHeat3d(16, 30);
    assert.ok(Math.abs(sum(end) - sum(start)) <= 1e-9 * sum(start), `total heat ${sum(start)} → ${sum(end)}`);
    assert.ok(maxAbs(end) < 0.9 * maxAbs(start), `peak ${maxAbs(start)} → ${maxAbs(end)}`);
  });

  it('jacobi-solver (class form): one sweep matches pure mode', () => {
    const random = rng(3);
    const u = Grid.fromFunction([9, 14], 'float64', () => random() - 0.5);
    const f = Grid.fromFunction([9, 14], 'float64', () => random() - 0.5);
    const call = { params: { h2: 0.01 } };
    const spec = jacobiSweep(u, f, call);
    const pure = new PoissonJacobi({ mode: 'pure' })(u, f, call);
    assert.equal(compareGrids(spec, pure, 2), undefined);
    assert.equal(spec.get(0, 0), 0.25 * (u.get(0, 1) + u.get(1, 0) + 0.01 * f.get(0, 0)), 'the Dirichlet boundary reads zeros');
  });

  it('jacobi-solver: the residual falls monotonically and u converges to the manufactured solution', () => {
    const { h, exact, f } = manufactured(16);
    assert.ok(l2(poissonResidual(exact, f, { params: { h2: h * h } })) < 1e-10 * l2(f), 'u* solves the discrete problem');
    const residuals: number[] = [];
    const { u } = solvePoisson(16, 600, (_, rms) => residuals.push(rms), 10);
    residuals.forEach((r, k) => k > 0 && assert.ok(r < residuals[k - 1], `residual rose at check ${k}: ${residuals[k - 1]} → ${r}`));
    assert.ok(residuals.at(-1)! < 1e-3 * l2(f));
    assert.ok(maxError(u, exact) < 1e-4, `max error ${maxError(u, exact)}`);
  });

  it('blur-image: chelsea.png blurs the same specialized and pure; constants stay; TV falls; the PNG round-trips', () => {
    const image = readPng(CHELSEA);
    assert.deepEqual([image.width, image.height, image.channels.length], [451, 300, 3]);
    const kernel = blurRgb.with({ statics: { radius: 2, sigma: 1 } }); // 25 taps keep pure mode quick
    const spec = blurImage(image, kernel);
    const pure = blurImage(image, kernel.with({ mode: 'pure' }));
    spec.forEach((c, i) => assert.ok(c.dtype === 'uint8' && equalData(c, pure[i]), `channel ${i}`));
    assert.ok(totalVariation(spec) < 0.7 * totalVariation(image.channels));
    const flat = Grid.fromFunction([7, 9], 'uint8', () => 173);
    for (const c of blurImage({ width: 9, height: 7, channels: [flat, flat, flat] }, kernel)) assert.ok(c.data.every((v) => v === 173));
    const dir = mkdtempSync(join(tmpdir(), 'sejits-blur-'));
    try {
      writePng(join(dir, 'blur.png'), spec);
      readPng(join(dir, 'blur.png')).channels.forEach((c, i) => assert.ok(equalData(c, spec[i]), `PNG channel ${i}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A vertical step 0.2 | 0.8 with noise of σ 0.03, and its clean version.
  const step = (noise: number) => {
    const random = rng(11);
    return Grid.fromFunction([32, 32], 'float32', (_, j) => (j < 16 ? 0.2 : 0.8) + noise * (random() + random() + random() - 1.5) * 2);
  };
  const rmsBetween = (a: Grid, b: Grid, cols: readonly number[]) => {
    let s = 0;
    let n = 0;
    for (let i = 0; i < 32; i++) for (const j of cols) (s += (a.get(i, j) - b.get(i, j)) ** 2), n++;
    return Math.sqrt(s / n);
  };

  const sigmaD2 = bilateral.with({ statics: { sigmaD: 2 } }); // a 9×9 window keeps pure mode quick

  it('bilateral: specialized matches pure mode', () => {
    const noisy = step(0.03);
    for (const sigmaR of [0.05, 0.3]) {
      const spec = bilateralFilter(noisy, sigmaR, sigmaD2);
      const pure = bilateralFilter(noisy, sigmaR, sigmaD2.with({ mode: 'pure' }));
      assert.equal(compareGrids(spec, pure, 2), undefined, `sigmaR ${sigmaR}`);
    }
  });

  it('bilateral: keeps a step edge far sharper than a Gaussian of the same sigmaD, and smooths flat noise', () => {
    const clean = step(0);
    const noisy = step(0.03);
    const filtered = bilateralFilter(noisy, 0.1, sigmaD2);
    const gaussian = bilateralFilter(noisy, 1e4, sigmaD2); // σr → ∞: range weights are all 1, a Gaussian
    const edge = [13, 14, 15, 16, 17, 18];
    const flat = [2, 3, 4, 5, 6, 7, 24, 25, 26, 27, 28, 29];
    const [bEdge, gEdge] = [rmsBetween(filtered, clean, edge), rmsBetween(gaussian, clean, edge)];
    assert.ok(bEdge < 0.1 * gEdge, `edge error: bilateral ${bEdge}, Gaussian ${gEdge}`);
    const [before, after] = [rmsBetween(noisy, clean, flat), rmsBetween(filtered, clean, flat)];
    assert.ok(after < 0.4 * before, `flat-region noise ${before} → ${after}`);
  });

  it('life: specialized equals pure exactly and keeps int32', () => {
    const start = randomBoard(23, 0.35, 5);
    const spec = evolve(start, 6);
    const pure = evolve(start, 6, lifeStep.with({ mode: 'pure' }));
    assert.equal(spec.dtype, 'int32');
    assert.ok(equalData(spec, pure));
    assert.ok(spec.data.every((v) => v === 0 || v === 1));
  });

  it('life: a blinker has period 2; a glider moves by (1, 1) in 4 generations and wraps round an N×N torus in 4N', () => {
    const blinker = board(['.....', '.....', '.OOO.', '.....', '.....']);
    const once = evolve(blinker, 1);
    assert.ok(!equalData(once, blinker) && equalData(once, board(['.....', '..O..', '..O..', '..O..', '.....'])));
    assert.ok(equalData(evolve(blinker, 2), blinker));
    const rows = ['.O......', '..O.....', 'OOO.....', '........', '........', '........', '........', '........'];
    const glider = board(rows);
    const shifted = board(['........', ...rows.slice(0, 7).map((r) => '.' + r.slice(0, 7))]);
    assert.ok(equalData(evolve(glider, 4), shifted), 'displaced by one cell diagonally');
    assert.ok(!equalData(evolve(glider, 16), glider));
    assert.ok(equalData(evolve(glider, 32), glider), 'back home after 4N = 32 generations');
  });

  it('wave2d: steps match pure mode; a centred pulse stays 4-fold symmetric', () => {
    const spec = simulateWave(19, 12);
    const pure = simulateWave(19, 12, 0.25, waveStep.with({ mode: 'pure' }));
    assert.equal(compareGrids(spec, pure, 1e3), undefined);
    const n = 25;
    const { u } = advance(pulses(n, [[12, 12]], 2), 150, 0.3);
    let asymmetry = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const v = u.get(i, j);
        asymmetry = Math.max(asymmetry, Math.abs(v - u.get(n - 1 - i, j)), Math.abs(v - u.get(i, n - 1 - j)), Math.abs(v - u.get(j, i)));
      }
    assert.ok(asymmetry < 1e-12 && maxAbs(u) > 0.01, `asymmetry ${asymmetry}`);
  });

  it('wave2d: leapfrog is time-reversible, and bounded below the CFL limit but not above', () => {
    const start = pulses(21, [[8, 7], [13, 15]], 1.5);
    const state = advance({ u: start.u.clone(), prev: start.prev.clone() }, 200, 0.4);
    const back = advance({ u: state.prev, prev: state.u }, 200, 0.4);
    assert.equal(compareGrids(back.prev, start.u, 1e4), undefined, 'initial field recovered');
    assert.equal(compareGrids(back.u, start.prev, 1e4), undefined);
    assert.ok(maxAbs(advance(pulses(21, [[10, 10]], 1.5), 400, 0.45).u) < 1.5);
    assert.ok(maxAbs(advance(pulses(21, [[10, 10]], 1.5), 200, 0.6).u) > 1e6, 'c² above 1/2 blows up');
  });

  it('meta-solver: the fused Figure 4 solver equals the plain calls and converges to x = D·(b − J(x))', () => {
    const { D, b, x } = metaProblem(12, 'float64');
    const fused = metaSolve(D, b, x, 200);
    assert.equal(compareGrids(fused, solveSteps(D, b, x, 200), 64), undefined);
    const again = metaSolve(D, b, fused, 1);
    assert.ok(Array.from(again.data).every((v, i) => Math.abs(v - fused.data[i]) < 1e-9), 'a fixed point');
  });

  it('third-party-specializer: runs unfused inside meta, values equalized into (0, 255]', () => {
    const img = Grid.fromFunction([16, 16], 'float32', (i, j) => Math.sin(i / 3) * j);
    const out = enhance(img);
    assert.ok(out.data.every((v) => v > 0 && v <= 255));
    assert.match(enhance.explain(), /does not implement Fusable/);
  });
});
