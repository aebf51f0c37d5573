/** The examples run, and agree with pure mode. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Grid, stencil } from '../src/index.js';
import { apiTour } from '../examples/api-tour.js';
import { heatStep, solveHeat } from '../examples/heat2d.js';
import { compareGrids } from './conformance/tolerance.js';

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

  it('the heat step is the same stencil as a hand-written one', () => {
    const hand = stencil((u) => u(0, 0) + 0.2 * (u(-1, 0) + u(1, 0) + u(0, -1) + u(0, 1) - 4 * u(0, 0)));
    const u = Grid.fromFunction([9, 9], 'float64', (i, j) => Math.sin(i + 2 * j));
    assert.equal(compareGrids(heatStep(u, { params: { alpha: 0.2 } }), hand(u), 10), undefined);
  });
});
