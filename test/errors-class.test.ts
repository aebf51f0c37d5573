/**
 * KernelSyntaxError for class-form kernels, and for kernels written directly in TypeScript (the fallback position form).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  KernelSyntaxError,
  StencilKernel,
  stencil,
  type Accessor,
  type GridView,
} from '../src/index.js';
import { errorHelpers, type AnyFn } from './errors/helpers.js';

const { THIS_FILE, g, jsClass, catchError, expectKernelSyntaxError, expectClass } =
  errorHelpers(import.meta.url);

describe('KernelSyntaxError: the class form', () => {
  it('10. recursion: this.kernel(...)', () => {
    const cls = jsClass(`class Recursive extends StencilKernel {
  kernel(input, output) {
    for (const x of this.interiorPoints(output)) {
      output[x] = this.kernel(input, output);
    }
  }
}`);
    expectClass(cls, { construct: /recursion/, at: 'this.kernel' });
  });

  it('11. write to a neighbour: output[y] = ...', () => {
    const cls = jsClass(`class WriteNeighbour extends StencilKernel {
  neighborhoods = [[[0, -1], [0, 1]]];
  kernel(input, output) {
    for (const x of this.interiorPoints(output)) {
      for (const y of this.neighbors(x, 0)) {
        output[y] = 0.5 * input[y];
      }
    }
  }
}`);
    expectClass(cls, { construct: /write to a neighbour/, at: 'output[y]' });
  });

  it('12. neighbourhood index out of range: this.neighbors(x, 5)', () => {
    const cls = jsClass(`class BadNeighbourhood extends StencilKernel {
  neighborhoods = [[[0, -1], [0, 1]], [[-1, 0], [1, 0]]];
  kernel(input, output) {
    for (const x of this.interiorPoints(output)) {
      for (const y of this.neighbors(x, 5)) output[x] += input[y];
    }
  }
}`);
    const e = expectClass(cls, { construct: /neighbourhood index out of range/, at: '5)' });
    assert.match(e.detail, /declares 2 \(0\.\.1\)/);
  });

  it('20. write to an input', () => {
    const cls = jsClass(`class WriteInput extends StencilKernel {
  kernel(input, output) {
    for (const x of this.interiorPoints(output)) {
      input[x] = 2 * input[x];
    }
  }
}`);
    expectClass(cls, { construct: /write to an input/, at: 'input[x] =' });
  });

  it('13. try/catch in a class kernel', () => {
    const cls = jsClass(`class TryKernel extends StencilKernel {
  kernel(input, output) {
    for (const x of this.points(output)) {
      try {
        output[x] = input[x];
      } catch (e) {}
    }
  }
}`);
    expectClass(cls, { construct: /^try$/, at: 'try' });
  });

  const AsyncKernel = jsClass(`class AsyncKernel extends StencilKernel {
  async kernel(input, output) {
    for (const x of this.points(output)) output[x] = input[x];
  }
}`);
  const GeneratorKernel = jsClass(`class GeneratorKernel extends StencilKernel {
  *kernel(input, output) {
    for (const x of this.points(output)) output[x] = input[x];
  }
}`);

  it('14. async kernel method (construct and code frame)', () => {
    const e = catchError(() => (new AsyncKernel() as unknown as AnyFn)(g));
    assert.ok(e instanceof KernelSyntaxError, String(e));
    assert.match(e.construct, /async/);
    assert.match(e.codeFrame, /^> +\d+ \| +async kernel\(input, output\) \{$/m);
    assert.match(e.codeFrame, /^ +\| *\^$/m);
    assert.ok(e.message.includes(THIS_FILE));
  });

  it('14. async kernel method: the location points at `async`', () => {
    expectClass(AsyncKernel, { construct: /async/, at: 'async' });
  });

  it('15. generator kernel method (construct and code frame)', () => {
    const e = catchError(() => (new GeneratorKernel() as unknown as AnyFn)(g));
    assert.ok(e instanceof KernelSyntaxError, String(e));
    assert.match(e.construct, /generator/);
    assert.match(e.codeFrame, /^> +\d+ \| +\*kernel\(input, output\) \{$/m);
    assert.match(e.codeFrame, /^ +\| *\^$/m);
  });

  it('15. generator kernel method: the location points at `*`', () => {
    expectClass(GeneratorKernel, { construct: /generator/, at: '*kernel' });
  });

  it('output read at a neighbour', () => {
    const cls = jsClass(`class ReadOutputNeighbour extends StencilKernel {
  neighborhoods = [[[0, 1]]];
  kernel(input, output) {
    for (const x of this.interiorPoints(output)) {
      for (const y of this.neighbors(x, 0)) output[x] = output[y] + input[y];
    }
  }
}`);
    expectClass(cls, { construct: /output read at a neighbour/, at: 'output[y] +' });
  });

  it('undefined instance field this.missing', () => {
    const cls = jsClass(`class MissingField extends StencilKernel {
  kernel(input, output) {
    for (const x of this.points(output)) {
      output[x] = this.missing * input[x];
    }
  }
}`);
    expectClass(cls, { construct: /free identifier/, at: 'this.missing' });
  });

  it('free identifier (a closure variable) in a class kernel', () => {
    const cls = jsClass(`class ClosureKernel extends StencilKernel {
  kernel(input, output) {
    for (const x of this.points(output)) {
      output[x] = weight * input[x];
    }
  }
}`);
    expectClass(cls, { construct: /free identifier/, at: 'weight' });
  });

  it('return in a class kernel', () => {
    const cls = jsClass(`class Returns extends StencilKernel {
  kernel(input, output) {
    for (const x of this.points(output)) {
      output[x] = input[x];
      return;
    }
  }
}`);
    expectClass(cls, { construct: /^return$/, at: 'return' });
  });

  it('a second top-level statement besides the point loop', () => {
    const cls = jsClass(`class TwoStatements extends StencilKernel {
  kernel(input, output) {
    for (const x of this.points(output)) output[x] = input[x];
    let y = 1;
  }
}`);
    expectClass(cls, { construct: /kernel body/, at: 'let y' });
  });

  it('a nested point loop', () => {
    const cls = jsClass(`class NestedPoints extends StencilKernel {
  kernel(input, output) {
    for (const x of this.points(output)) {
      for (const z of this.points(output)) output[x] = input[z];
    }
  }
}`);
    expectClass(cls, { construct: /nested point loop/, at: 'for (const z' });
  });

  it('a grid used without a point', () => {
    const cls = jsClass(`class BareGrid extends StencilKernel {
  kernel(input, output) {
    for (const x of this.points(output)) {
      output[x] = input;
    }
  }
}`);
    expectClass(cls, { construct: /^grid$/, at: 'input;' });
  });

  it('this.neighbors(...) outside for...of', () => {
    const cls = jsClass(`class NeighborsCall extends StencilKernel {
  neighborhoods = [[[0, 1]]];
  kernel(input, output) {
    for (const x of this.points(output)) {
      output[x] = this.neighbors(x, 0);
    }
  }
}`);
    expectClass(cls, { construct: /this\.neighbors/, at: 'this.neighbors(x, 0);' });
  });
});

describe('KernelSyntaxError: kernels written directly in TypeScript (text as tsx prints it)', () => {
  // These kernels' texts are what the TypeScript loader produced, so expected positions come from
  // fn.toString(); when that text is not in this file the message uses the fallback form.
  it('string literal', () => {
    const k = (a: Accessor) => {
      const c = a(0, 0);
      return c + ('x' as unknown as number);
    };
    expectKernelSyntaxError(() => stencil(k)(g), k, { construct: /^string$/, at: /["'`]x["'`]/ });
  });

  it('free identifier (a closure variable)', () => {
    let scale = 3;
    scale += 0;
    const k = (a: Accessor) => a(0, 0) * scale;
    expectKernelSyntaxError(() => stencil(k)(g), k, { construct: /free identifier/, at: 'scale' });
  });

  it('call to a helper function defined outside', () => {
    function helper(v: number): number {
      return 2 * v;
    }
    const k = (a: Accessor) => helper(a(0, 0));
    expectKernelSyntaxError(() => stencil(k)(g), k, { construct: /call to unknown function/, at: 'helper' });
  });

  it('while loop', () => {
    const k = (a: Accessor) => {
      let s = a(0, 0);
      while (s > 1) s = s / 2;
      return s;
    };
    expectKernelSyntaxError(() => stencil(k)(g), k, { construct: /while loop/, at: 'while' });
  });

  it('recursion', () => {
    const k = function f(a: Accessor): number {
      return f(a);
    };
    expectKernelSyntaxError(() => stencil(k)(g), k, { construct: /recursion/, at: 'f(a)', nth: 1 });
  });

  it('non-static loop bound', () => {
    const k = (a: Accessor) => {
      let s = 0;
      for (let i = 0; i < a(0, 0); i++) s += a(0, 1);
      return s;
    };
    expectKernelSyntaxError(() => stencil(k)(g), k, { construct: /non-static loop bound/, at: /a\(0, ?0\)/ });
  });

  it('unknown Math function', () => {
    const k = (a: Accessor) => (Math as unknown as Record<string, (v: number) => number>).foo(a(0, 0));
    expectKernelSyntaxError(() => stencil(k)(g), k, { construct: /Math\.foo/, at: 'Math.foo' });
  });

  it('class form: write to a neighbour', () => {
    class Jacobi extends StencilKernel {
      override neighborhoods = [
        [[0, -1], [0, 1]],
        [[-1, 0], [1, 0]],
      ];
      kernel(input: GridView, output: GridView) {
        for (const x of this.interiorPoints(output)) {
          for (const y of this.neighbors(x, 0)) output[y] = 0.1 * input[y];
        }
      }
    }
    expectKernelSyntaxError(() => new Jacobi()(g), Jacobi.prototype.kernel, { construct: /write to a neighbour/, at: 'output[y]', name: 'Jacobi' });
  });

  it('class form: neighbourhood index out of range', () => {
    class Jacobi5 extends StencilKernel {
      override neighborhoods = [[[0, -1], [0, 1]]];
      kernel(input: GridView, output: GridView) {
        for (const x of this.interiorPoints(output)) {
          for (const y of this.neighbors(x, 5)) output[x] += 0.1 * input[y];
        }
      }
    }
    expectKernelSyntaxError(() => new Jacobi5()(g), Jacobi5.prototype.kernel, { construct: /neighbourhood index out of range/, at: /5\)/, name: 'Jacobi5' });
  });

  it('class form: write to an input', () => {
    class Overwrite extends StencilKernel {
      kernel(input: GridView, output: GridView) {
        for (const x of this.points(output)) {
          input[x] = output[x];
        }
      }
    }
    expectKernelSyntaxError(() => new Overwrite()(g), Overwrite.prototype.kernel, { construct: /write to an input/, at: 'input[x]', name: 'Overwrite' });
  });
});

