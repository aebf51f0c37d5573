/** Class-form details: the name option, typed call results. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Grid, KernelArgumentError, StencilKernel, type GridView } from '../src/index.js';

class Smooth extends StencilKernel<Grid> {
  override neighborhoods = [[[0, -1], [0, 1]]];
  kernel(a: GridView, out: GridView) {
    for (const x of this.points(out)) for (const y of this.neighbors(x, 0)) out[x] += 0.5 * a[y];
  }
}

describe('class form', () => {
  it('a StencilKernel<Grid> call is typed as one Grid', () => {
    const g = Grid.fromFunction([3, 5], 'float64', (i, j) => i * 5 + j);
    const out: Grid = new Smooth()(g);
    assert.deepEqual(Array.from(out.data), Array.from((new Smooth({ mode: 'pure' })(g)).data));
  });

  it("the name option names the kernel in messages and in show()", () => {
    const k = new Smooth({ name: 'rowSmooth' });
    assert.match(k.show({ ndim: 2 }).source, /rowSmooth/);
    assert.throws(() => k(Grid.zeros([3], 'float64')), (e) => e instanceof KernelArgumentError && /^rowSmooth: /.test(e.message));
    assert.throws(() => new Smooth({ nmae: 'x' } as never)(Grid.zeros([2, 2], 'float64')), /Smooth: unknown option\(s\) nmae; a StencilKernel takes boundary, cval, outputDtype, name, backend, threads, mode, dump/);
  });
});
