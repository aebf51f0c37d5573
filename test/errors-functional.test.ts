/**
 * KernelSyntaxError for functional kernels: construct, position, code frame and file:line:column. Kernels are built from exact JavaScript text (js()) because tsx reprints TypeScript on one line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  KernelSyntaxError,
  stencil,
} from '../src/index.js';
import { errorHelpers, type AnyFn } from './errors/helpers.js';

const { THIS_FILE, FILE_TEXT, g, js, positionIn, locationOf, catchError, expectKernelSyntaxError, expectFunctional } =
  errorHelpers(import.meta.url);

describe('KernelSyntaxError: the functional form', () => {
  it('1. string literal', () => {
    const k = js(`(a) => {
  const s = 'x';
  return a(0, 0) + s;
}`);
    expectFunctional(k, { construct: /^string$/, at: "'x'", detail: /strings are not supported/ });
  });

  it('1b. string literal in a one-line kernel (file column = where the text starts + kernel column - 1)', () => {
    const k = js(`(a) => a(0, 0) + 'q'`);
    expectFunctional(k, { construct: /^string$/, at: "'q'" });
  });

  it('2. template literal (kernel text not in this file: the fallback form)', () => {
    const k = js(['(a) => {', '  const c = a(0, 0);', '  const t = `v${c}`;', '  return c;', '}'].join('\n'));
    expectFunctional(k, { construct: /template/, at: '`v', inFile: false, detail: /strings are not supported/ });
  });

  it('3. array literal created inside the kernel', () => {
    const k = js(`(a) => {
  const w = [0.25, 0.5];
  return w[0] * a(0, 0);
}`);
    expectFunctional(k, { construct: /array literal/, at: '[0.25', detail: /static parameter/ });
  });

  it('4. object literal inside the kernel (not as the return value)', () => {
    const k = js(`(a) => {
  const o = { w: 0.5 };
  return a(0, 0);
}`);
    expectFunctional(k, { construct: /object literal/, at: '{ w' });
  });

  it('5. new expression', () => {
    const k = js(`(a) => {
  const t = new Float64Array(2);
  return a(0, 0);
}`);
    expectFunctional(k, { construct: /^new$/, at: 'new' });
  });

  it('6. free identifier (a closure variable)', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return c * scale;
}`);
    expectFunctional(k, { construct: /free identifier/, at: 'scale', detail: /'scale'.*static or runtime parameter/ });
  });

  it('7. call to an unknown function (a helper defined outside)', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return helper(c) + 1;
}`);
    expectFunctional(k, { construct: /call to unknown function/, at: 'helper', detail: /'helper'/ });
  });

  it('8. loop with a non-static bound', () => {
    const k = js(`(a) => {
  let s = 0;
  for (let i = 0; i < a(0, 0); i++) {
    s += a(0, 1);
  }
  return s;
}`);
    expectFunctional(k, { construct: /non-static loop bound/, at: 'a(0, 0)' });
  });

  it('9. while loop', () => {
    const k = js(`(a) => {
  let s = a(0, 0);
  while (s > 1) s = s / 2;
  return s;
}`);
    expectFunctional(k, { construct: /while loop/, at: 'while' });
  });

  it('9b. do-while loop', () => {
    const k = js(`(a) => {
  let s = a(0, 0);
  do {
    s = s / 2;
  } while (s > 1);
  return s;
}`);
    expectFunctional(k, { construct: /do-while loop/, at: 'do {' });
  });

  it('10. recursion: a named function expression calling itself', () => {
    const k = js(`function f(a) {
  const c = a(0, 0);
  return f(a) + c;
}`);
    assert.equal(k.name, 'f');
    expectFunctional(k, { construct: /recursion/, at: 'f(a) +', detail: /'f' calls itself/ });
  });

  it('13. try/catch', () => {
    const k = js(`(a) => {
  let s = 0;
  try {
    s = a(0, 0);
  } catch (e) {
    s = 1;
  }
  return s;
}`);
    expectFunctional(k, { construct: /^try$/, at: 'try' });
  });

  it('14. async function (line 1: the file column is shifted by where the text starts)', () => {
    const k = js(`async (a) => {
  return a(0, 0);
}`);
    expectFunctional(k, { construct: /async/, at: 'async' });
  });

  it('15. generator function', () => {
    const k = js(`function* (a) {
  yield a(0, 0);
  return a(0, 0);
}`);
    expectFunctional(k, { construct: /generator/, at: 'function*' });
  });

  it('16. non-static accessor offset a(a(0, 1), 0)', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return a(a(0, 1), 0) + c;
}`);
    expectFunctional(k, { construct: /non-static offset/, at: 'a(0, 1)' });
  });

  it('17. var', () => {
    const k = js(`(a) => {
  var s = a(0, 0);
  return s;
}`);
    expectFunctional(k, { construct: /^var$/, at: 'var', detail: /let.*const/ });
  });

  it('18. bitwise operator (reported at the start of the binary expression)', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return c | 1;
}`);
    expectFunctional(k, { construct: /operator \|/, at: 'c | 1' });
  });

  it('18b. shift operator inside a larger expression', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return 2 * (c << 1);
}`);
    expectFunctional(k, { construct: /operator <</, at: 'c << 1' });
  });

  it('18c. unary bitwise not', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return ~c;
}`);
    expectFunctional(k, { construct: /operator ~/, at: '~c' });
  });

  it('19. unknown Math function Math.foo(...)', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return Math.foo(c);
}`);
    expectFunctional(k, { construct: /^Math\.foo$/, at: 'Math.foo', detail: /not supported in kernels \(supported: .*sqrt/ });
  });

  it('19b. unknown Math constant', () => {
    const k = js(`(a) => {
  return a(0, 0) * Math.TAU;
}`);
    expectFunctional(k, { construct: /^Math\.TAU$/, at: 'Math.TAU' });
  });

  it('21. early return inside if', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  if (c > 2) {
    return c;
  }
  return a(0, 1);
}`);
    expectFunctional(k, { construct: /early return/, at: 'return c' });
  });

  it('22. unknown parameter p.nope with declared statics and params', () => {
    const k = js(`(a, p) => {
  const c = a(0, 0) * p.k;
  return c + p.w + p.nope;
}`);
    const e = expectFunctional(k, { construct: /unknown parameter/, at: 'p.nope', detail: /'nope'/ }, { statics: { k: 2 }, params: ['w'] }, g, {
      params: { w: 1 },
    });
    assert.match(e.detail, /declared: w, k/);
  });

  it('switch', () => {
    const k = js(`(a) => {
  let s = 0;
  switch (a(0, 0)) {
    case 1: s = 2;
  }
  return s;
}`);
    expectFunctional(k, { construct: /^switch$/, at: 'switch' });
  });

  it('throw', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  if (c < 0) {
    throw c;
  }
  return c;
}`);
    expectFunctional(k, { construct: /^throw$/, at: 'throw' });
  });

  it('nested function', () => {
    const k = js(`(a) => {
  const sq = (v) => v * v;
  return sq(a(0, 0));
}`);
    expectFunctional(k, { construct: /nested function/, at: '(v) =>' });
  });

  it('regular expression literal', () => {
    const k = js(`(a) => {
  const r = /x/;
  return a(0, 0);
}`);
    expectFunctional(k, { construct: /regular expression/, at: '/x/' });
  });

  it('null and undefined', () => {
    const kNull = js(`(a) => {
  const c = null;
  return a(0, 0);
}`);
    expectFunctional(kNull, { construct: /^null$/, at: 'null' });
    const kUndefined = js(`(a) => {
  const c = a(0, 0);
  return c + undefined;
}`);
    expectFunctional(kUndefined, { construct: /^undefined$/, at: 'undefined' });
  });

  it('nullish coalescing', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return c ?? 1;
}`);
    expectFunctional(k, { construct: /operator \?\?/, at: 'c ??' });
  });

  it('typeof', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return typeof c;
}`);
    expectFunctional(k, { construct: /operator typeof/, at: 'typeof' });
  });

  it('accessor called with a different number of offsets', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return c + a(1);
}`);
    expectFunctional(k, { construct: /accessor arity/, at: 'a(1)' });
  });

  it('accessor used as a value', () => {
    const k = js(`(a) => {
  const b = a;
  return b(0, 0);
}`);
    expectFunctional(k, { construct: /^accessor$/, at: 'a;' });
  });

  it('shadowing an accessor', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  if (c > 0) {
    const a = 2;
  }
  return c;
}`);
    expectFunctional(k, { construct: /shadowing/, at: 'a = 2' });
  });

  it('assignment to a const', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  c += 1;
  return c;
}`);
    expectFunctional(k, { construct: /assignment to const/, at: 'c +=' });
  });

  it('uninitialized variable', () => {
    const k = js(`(a) => {
  let c;
  c = a(0, 0);
  return c;
}`);
    expectFunctional(k, { construct: /uninitialized variable/, at: 'c;' });
  });

  it('expression statement without effect', () => {
    const k = js(`(a) => {
  a(0, 1);
  return a(0, 0);
}`);
    expectFunctional(k, { construct: /expression statement/, at: 'a(0, 1)' });
  });

  it('missing return', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
}`);
    expectFunctional(k, { construct: /missing return/, at: 'const' });
  });

  it('for loop counting down', () => {
    const k = js(`(a) => {
  let s = 0;
  for (let i = 2; i < 3; i--) {
    s += a(0, 0);
  }
  return s;
}`);
    expectFunctional(k, { construct: /for loop/, at: 'i--' });
  });

  it('destructuring parameter', () => {
    const k = js(`({ a }) => {
  return a(0, 0);
}`);
    expectFunctional(k, { construct: /parameter pattern/, at: '{ a }' });
  });

  it('member access on something that is not a parameter object or static', () => {
    const k = js(`function (a) {
  const c = a(0, 0);
  return c * this.k;
}`);
    expectFunctional(k, { construct: /member access/, at: 'this.k' });
  });

  it('a class passed to stencil()', () => {
    const cls = js(`class NotAKernel {
  run() { return 1; }
}`);
    expectFunctional(cls, { construct: /^class$/, at: 'class', name: 'NotAKernel' });
  });

  it('unparsable kernel text (a native function)', () => {
    const e = catchError(() => (stencil(Math.sin as AnyFn) as AnyFn)(g));
    assert.ok(e instanceof KernelSyntaxError);
    assert.match(e.construct, /unparsable kernel/);
    assert.match(e.codeFrame, /^> 1 \| function sin\(\) \{ \[native code\] \}$/m);
    assert.match(e.codeFrame, /\^/);
  });

  it(
    'unparsable kernel text: the location points at the token acorn rejects',
    () => {
      const fn = Math.sin as AnyFn;
      // acorn rejects `code` in `{ [native code] }` when the text is parsed as an expression.
      const e = catchError(() => (stencil(fn) as AnyFn)(g));
      assert.ok(e instanceof KernelSyntaxError);
      assert.deepEqual({ ...e.location }, positionIn(fn.toString(), 'code'));
    },
  );

  it('.show() lowers too, and fails the same way', () => {
    const k = js(`(a) => {
  const c = a(0, 0);
  return c + 'y';
}`);
    expectKernelSyntaxError(() => stencil(k).show(), k, { construct: /^string$/, at: "'y'", inFile: true });
  });

  it('the error repeats on every call (nothing broken is cached)', () => {
    const k = js(`(a) => {
  return a(0, 0) * missingName;
}`);
    const f = stencil(k) as AnyFn;
    expectKernelSyntaxError(() => f(g), k, { construct: /free identifier/, at: 'missingName', inFile: true });
    expectKernelSyntaxError(() => f(g), k, { construct: /free identifier/, at: 'missingName', inFile: true });
  });

  it(
    'message format: "where: construct: detail" once, and kernelName is the kernel\'s name',
    () => {
      const k = js(`function named(a) {
  return a(0, 0) + 'z';
}`);
      const e = expectFunctional(k, { construct: /^string$/, at: "'z'" });
      const origin = locationOf(FILE_TEXT, FILE_TEXT.indexOf(k.toString()));
      assert.ok(e.message.startsWith(`${THIS_FILE}:${origin.line + 1}:${e.location.column}: string: `), e.message);
      assert.equal(e.kernelName, 'named');
    },
  );
});

