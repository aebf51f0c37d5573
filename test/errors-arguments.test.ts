/**
 * BackendUnavailableError, and pure mode running kernels outside the subset.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BackendUnavailableError,
  Grid,
  KernelSyntaxError,
  StencilKernel,
  stencil,
  type Accessor,
  type GridView,
} from '../src/index.js';
import { errorHelpers, type AnyFn } from './errors/helpers.js';

const { g, js, catchError, expectArgumentError } =
  errorHelpers(import.meta.url);

describe('KernelArgumentError', () => {
  const sum2 = stencil((a: Accessor, b: Accessor) => a(0, 0) + b(0, 0));
  const lap = stencil((a: Accessor) => a(0, 1) + a(0, -1) - 2 * a(0, 0));
  class Copy extends StencilKernel {
    override neighborhoods = [[[0, 1]]];
    kernel(input: GridView, output: GridView) {
      for (const x of this.points(output)) {
        for (const y of this.neighbors(x, 0)) output[x] = input[y];
      }
    }
  }

  it('mismatched shapes of two inputs', () => {
    const other = Grid.zeros([5, 4], 'float64');
    expectArgumentError(() => sum2(g, other), /grid 1 has shape \[5, 4\] but grid 0 has \[4, 5\]/);
  });

  it('wrong number of inputs (functional form)', () => {
    expectArgumentError(() => sum2(g), /expects 2 input grids, got 1/);
    expectArgumentError(() => lap(g, g), /expects 1 input grid, got 2/);
  });

  it('wrong number of inputs (class form)', () => {
    expectArgumentError(() => new Copy()(g, g), /kernel\(\) takes 2 grids, so at most 1 inputs; got 2/);
  });

  it('wrong ndim: a 2-D kernel on a 3-D grid (functional form)', () => {
    const g3 = Grid.zeros([3, 4, 5], 'float64');
    expectArgumentError(() => lap(g3), /2-D.*3-D/);
  });

  it('wrong ndim: a 2-D kernel on a 3-D grid (class form)', () => {
    const g3 = Grid.zeros([3, 4, 5], 'float64');
    expectArgumentError(() => new Copy()(g3), /the kernel is 2-D .* but the grids are 3-D/);
  });

  it('non-Grid argument: a Float64Array (the hint mentions Grid.from)', () => {
    const e = expectArgumentError(() => (lap as AnyFn)(new Float64Array(20)), /argument 0 must be a Grid, got Float64Array/);
    assert.match(e.message, /Grid\.from/);
  });

  it('non-Grid argument in the middle of the arguments', () => {
    expectArgumentError(() => (sum2 as AnyFn)(g, 3), /argument 1 must be a Grid, got number 3/);
  });

  it('non-Grid argument: a plain array', () => {
    expectArgumentError(() => (lap as AnyFn)([1, 2, 3]), /argument 0 must be a Grid, got an array/);
  });

  it('missing runtime param', () => {
    const k = stencil((a: Accessor, p: { w: number }) => p.w * a(0, 0), { params: ['w'] });
    expectArgumentError(() => k(g), /runtime parameter 'w' must be a number, got undefined/);
    expectArgumentError(() => k(g, { params: {} }), /runtime parameter 'w' must be a number/);
  });

  it('unknown runtime param', () => {
    const k = stencil((a: Accessor, p: { w: number }) => p.w * a(0, 0), { params: ['w'] });
    expectArgumentError(() => k(g, { params: { w: 1, z: 2 } }), /unknown runtime parameter\(s\) z \(declared: w\)/);
  });

  it('unknown call option', () => {
    expectArgumentError(() => (lap as AnyFn)(g, { param: { w: 1 } }), /unknown call option\(s\) param/);
  });

  it('unknown kernel option (a typo)', () => {
    expectArgumentError(() => stencil((a) => a(0, 0), { boundry: 'wrap' } as object), /unknown option\(s\) boundry; stencil\(\) takes boundary/);
    class K extends StencilKernel {
      kernel(i: GridView, o: GridView) {
        for (const x of this.points(o)) o[x] = i[x];
      }
    }
    expectArgumentError(() => new K({ mod: 'pure' } as object)(g), /unknown option\(s\) mod; a StencilKernel takes/);
  });

  it('`out` with the wrong shape', () => {
    expectArgumentError(() => lap(g, { out: Grid.zeros([5, 4], 'float64') }), /output 'out' has shape \[5, 4\] but the inputs have \[4, 5\]/);
  });

  it('`out` with the wrong number of grids', () => {
    expectArgumentError(() => lap(g, { out: [Grid.zeros([4, 5], 'float64'), Grid.zeros([4, 5], 'float64')] }), /expects 1 output grid\(s\) in 'out', got 2/);
  });

  it('`out` aliasing the input', () => {
    expectArgumentError(() => lap(g, { out: g }), /shares memory with an input/);
  });

  it('`out` overlapping the input through another view of the same buffer', () => {
    const buffer = new Float64Array(30);
    const input = new Grid(buffer.subarray(0, 20), [4, 5]);
    const overlapping = new Grid(buffer.subarray(10, 30), [4, 5]);
    expectArgumentError(() => lap(input, { out: overlapping }), /shares memory with an input/);
    // A disjoint view of the same buffer is fine.
    const big = new Float64Array(40);
    const lap2 = stencil((a: Accessor) => a(0, 0));
    const r = lap2(new Grid(big.subarray(0, 20), [4, 5]), { out: new Grid(big.subarray(20, 40), [4, 5]) });
    assert.ok(r instanceof Grid);
  });

  it('`out` aliasing the input in pure mode too', () => {
    const pure = stencil((a: Accessor) => a(0, 0), { mode: 'pure' });
    expectArgumentError(() => pure(g, { out: g }), /shares memory with an input/);
  });

  it('unknown dtype in outputDtype', () => {
    const k = stencil((a: Accessor) => a(0, 0), { outputDtype: 'float16' as unknown as 'float32' });
    expectArgumentError(() => k(g), /output 'out' has unknown dtype float16/);
  });

  it('unknown boundary mode (at stencil())', () => {
    expectArgumentError(() => stencil((a: Accessor) => a(0, 0), { boundary: 'wrap-around' as unknown as 'wrap' }), /unknown boundary mode 'wrap-around'/);
  });

  it('a static that is not a number, boolean or array', () => {
    expectArgumentError(
      () => stencil((a: Accessor, p: { s: number }) => a(0, 0) * p.s, { statics: { s: 'big' as unknown as number } }),
      /static 's': a static value must be a number, a boolean or a \(nested\) array of numbers, not string/,
    );
  });

  it('a name declared both as runtime param and static', () => {
    expectArgumentError(() => stencil((a: Accessor, p: { s: number }) => a(0, 0) * p.s, { statics: { s: 1 }, params: ['s'] }), /'s' is declared both/);
  });

  it('class form: neighbourhood offsets with mixed numbers of coordinates', () => {
    class Mixed extends StencilKernel {
      override neighborhoods = [[[0, 1], [1]]];
      kernel(input: GridView, output: GridView) {
        for (const x of this.points(output)) {
          for (const y of this.neighbors(x, 0)) output[x] = input[y];
        }
      }
    }
    expectArgumentError(() => new Mixed()(g), /neighbourhood offsets mix 2 and 1 coordinates/);
  });

  it('argument errors come before lowering: a broken kernel called badly reports the call', () => {
    const broken = stencil(js(`(a) => {
  return a(0, 0) + 'not checked yet';
}`));
    expectArgumentError(() => (broken as AnyFn)(new Float64Array(4)), /must be a Grid/);
  });
});

describe('BackendUnavailableError', () => {
  it('unknown backend (functional form)', () => {
    const k = stencil((a: Accessor) => a(0, 0), { backend: 'nope' });
    const e = catchError(() => k(g));
    assert.ok(e instanceof BackendUnavailableError, String(e));
    assert.equal(e.name, 'BackendUnavailableError');
    assert.equal(e.backend, 'nope');
    assert.match(e.reason, /unknown backend; known backends: .*\bjs\b/);
    assert.match(e.message, /backend 'nope' is unavailable/);
  });

  it('unknown backend (class form)', () => {
    class Copy extends StencilKernel {
      kernel(input: GridView, output: GridView) {
        for (const x of this.points(output)) output[x] = input[x];
      }
    }
    const e = catchError(() => new Copy({ backend: 'nope' })(g));
    assert.ok(e instanceof BackendUnavailableError, String(e));
    assert.equal(e.backend, 'nope');
  });
});

describe("pure mode doesn't parse the kernel", () => {
  it('a closure variable is fine in pure mode (and rejected otherwise)', () => {
    let scale = 3;
    scale += 0;
    const k = (a: Accessor) => a(0, 0) * scale;
    const out = stencil(k, { mode: 'pure' })(g);
    assert.ok(out instanceof Grid);
    assert.deepEqual([...out.data], [...g.data].map((v) => 3 * v));
    assert.throws(() => stencil(k)(g), KernelSyntaxError);
  });

  it('a helper call, a while loop and a string are fine in pure mode', () => {
    function half(v: number): number {
      return v / 2;
    }
    const k = (a: Accessor) => {
      let s = a(0, 0);
      const tag = 'n';
      while (s > 4) s = half(s);
      return tag.length * s;
    };
    const out = stencil(k, { mode: 'pure' })(g);
    const expected = [...g.data].map((v) => {
      let s = v;
      while (s > 4) s /= 2;
      return s;
    });
    assert.deepEqual([...out.data], expected);
    assert.throws(() => stencil(k)(g), KernelSyntaxError);
  });

  it('class form: a closure variable is fine in pure mode', () => {
    let weight = 2;
    weight += 0;
    class Scale extends StencilKernel {
      kernel(input: GridView, output: GridView) {
        for (const x of this.points(output)) output[x] = weight * input[x];
      }
    }
    const out = new Scale({ mode: 'pure' })(g);
    assert.ok(out instanceof Grid);
    assert.deepEqual([...out.data], [...g.data].map((v) => 2 * v));
    assert.throws(() => new Scale()(g), KernelSyntaxError);
  });

  it('pure mode: a 2-D kernel on a 3-D grid is a KernelArgumentError', () => {
    const k = stencil((a: Accessor) => a(0, 1) + a(0, -1), { mode: 'pure' });
    expectArgumentError(() => k(Grid.zeros([2, 3, 4], 'float64')), /accessor called with 2 offsets on a 3-D grid/);
  });

  it('pure mode still validates arguments', () => {
    const k = stencil((a: Accessor, b: Accessor) => a(0, 0) + b(0, 0) + undefinedHelper(), { mode: 'pure' });
    expectArgumentError(() => k(g, Grid.zeros([2, 2], 'float64')), /grid 1 has shape \[2, 2\] but grid 0 has \[4, 5\]/);
  });
});

function undefinedHelper(): number {
  return 0;
}
