/**
 * Errors a user can meet: KernelSyntaxError for kernels outside the subset (with the construct, the
 * position in the kernel's own text, a code frame and, where the text can be found in the caller's
 * file, file:line:column), KernelArgumentError for calls that do not fit, and
 * BackendUnavailableError for unknown backends.
 *
 * tsx reprints TypeScript functions on one line, so fn.toString() of a kernel written in this file
 * is not the text in the file. Most kernels here are therefore made from exact JavaScript text with
 * js()/jsClass(): their toString() keeps the lines as written (so positions on lines > 1 are
 * tested), and the text appears verbatim in this file (so the file:line:column form is tested). A
 * separate suite checks kernels written directly in TypeScript, where the fallback form
 * "name (kernel line L, column C)" applies.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BackendUnavailableError,
  Grid,
  KernelArgumentError,
  KernelSyntaxError,
  StencilKernel,
  stencil,
  type Accessor,
  type GridView,
  type SourceLocation,
  type StencilKernelOptions,
} from '../src/index.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const FILE_TEXT = readFileSync(THIS_FILE, 'utf8');

const g = Grid.fromFunction([4, 5], 'float64', (i, j) => 1 + i + 0.5 * j);

type AnyFn = (...args: any[]) => any;
type KernelClass = new (options?: StencilKernelOptions) => StencilKernel;

/** A function from exact JavaScript text: toString() returns the text as written. */
function js(source: string): AnyFn {
  const fn: unknown = (0, eval)(`(${source})`);
  assert.equal(typeof fn, 'function');
  return fn as AnyFn;
}

/** A StencilKernel subclass from exact JavaScript text; `StencilKernel` is in scope there. */
function jsClass(source: string): KernelClass {
  const make = new Function('StencilKernel', `return (${source});`) as (base: typeof StencilKernel) => KernelClass;
  return make(StencilKernel);
}

/** The kernel() method's text, which is what a class kernel's positions refer to. */
function kernelMethod(cls: KernelClass): AnyFn {
  return (cls.prototype as { kernel: AnyFn }).kernel;
}

/** The 1-based line and column of the nth match of `at` (plus `offset` characters) in `text`. */
function positionIn(text: string, at: string | RegExp, nth = 0, offset = 0): SourceLocation {
  let index = -1;
  if (typeof at === 'string') {
    let from = 0;
    for (let k = 0; k <= nth; k++) {
      index = text.indexOf(at, from);
      assert.ok(index >= 0, `test bug: ${JSON.stringify(at)} (#${k}) not found in ${JSON.stringify(text)}`);
      from = index + 1;
    }
  } else {
    const re = new RegExp(at.source, at.flags.includes('g') ? at.flags : `${at.flags}g`);
    for (let k = 0; k <= nth; k++) {
      const m = re.exec(text);
      assert.ok(m, `test bug: ${String(at)} (#${k}) not found in ${JSON.stringify(text)}`);
      index = m.index;
    }
  }
  return locationOf(text, index + offset);
}

function locationOf(text: string, index: number): SourceLocation {
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

interface SyntaxExpectation {
  /** Matches e.construct. */
  readonly construct: RegExp;
  /** The offending token in the kernel's text (its nth match, plus offset characters). */
  readonly at: string | RegExp;
  readonly nth?: number;
  readonly offset?: number;
  /** Matches e.detail. */
  readonly detail?: RegExp;
  /** The kernel's name as messages show it (default: the function's name or 'stencil'). */
  readonly name?: string;
  /** Whether the kernel's text must be found in this file (js()/jsClass() kernels: yes). */
  readonly inFile?: boolean;
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error, but the call succeeded');
}

/**
 * Runs `run`, which must throw a KernelSyntaxError about `kernel`, and checks the construct, the
 * location (against kernel.toString()), the code frame and the file:line:column or fallback form.
 */
function expectKernelSyntaxError(run: () => unknown, kernel: AnyFn, x: SyntaxExpectation): KernelSyntaxError {
  const text = kernel.toString();
  const loc = positionIn(text, x.at, x.nth, x.offset);
  const caught = catchError(run);
  if (!(caught instanceof KernelSyntaxError)) {
    assert.fail(`expected a KernelSyntaxError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  }
  const e = caught;
  assert.ok(e instanceof SyntaxError, 'KernelSyntaxError extends SyntaxError');
  assert.equal(e.name, 'KernelSyntaxError');
  assert.match(e.construct, x.construct);
  if (x.detail) assert.match(e.detail, x.detail);
  assert.deepEqual({ line: e.location.line, column: e.location.column }, loc, `location in ${JSON.stringify(text)}\n${e.message}`);

  // Where the kernel's text sits in this file, if it does (locate.ts finds the first occurrence).
  const found = FILE_TEXT.indexOf(text);
  if (x.inFile !== undefined) assert.equal(found >= 0, x.inFile, 'whether the kernel text is in the test file');
  const origin = found >= 0 ? locationOf(FILE_TEXT, found) : undefined;

  // Code frame: a '>' line showing the offending line (numbered as in the file when found), then
  // a caret under the column.
  const lines = text.split('\n');
  const frame = e.codeFrame.split('\n');
  const marker = frame.findIndex((l) => l.startsWith('>'));
  assert.ok(marker >= 0, `no '>' line in the code frame:\n${e.codeFrame}`);
  assert.equal(frame.filter((l) => l.startsWith('>')).length, 1, 'exactly one marked line');
  const shownLine = (origin?.line ?? 1) + loc.line - 1;
  assert.match(frame[marker], new RegExp(`^> +${shownLine} \\| `), `marked line number\n${e.codeFrame}`);
  // When the text is found in the file, its first line is indented as in the file.
  const indent = origin && loc.line === 1 ? origin.column - 1 : 0;
  assert.equal(frame[marker].slice(frame[marker].indexOf(' | ') + 3), ' '.repeat(indent) + lines[loc.line - 1], 'the marked line is the offending line');
  const caret = frame[marker + 1] ?? '';
  assert.match(caret, /^ +\| *\^$/, `caret line\n${e.codeFrame}`);
  assert.equal(caret.slice(caret.indexOf(' | ') + 3), `${' '.repeat(indent + loc.column - 1)}^`, `caret column\n${e.codeFrame}`);

  // The message: where (file:line:column, or the fallback form), construct, detail and frame.
  const name = x.name ?? (kernel.name || 'stencil');
  const where = origin
    ? `${THIS_FILE}:${origin.line + loc.line - 1}:${loc.line === 1 ? origin.column + loc.column - 1 : loc.column}`
    : `${name} (kernel line ${loc.line}, column ${loc.column}; declared at ${THIS_FILE}:`;
  assert.ok(e.message.includes(where), `message should include ${JSON.stringify(where)}:\n${e.message}`);
  if (origin) assert.ok(e.message.includes(THIS_FILE), 'the message names the test file');
  assert.ok(e.message.includes(`${e.construct}: ${e.detail}`), 'the message has the construct and the detail');
  assert.ok(e.message.includes(e.codeFrame), 'the message has the code frame');
  return e;
}

/** A functional kernel, called on g (or lowered through .show()), must fail as expected. */
function expectFunctional(kernel: AnyFn, x: SyntaxExpectation, options: Parameters<typeof stencil>[1] = {}, ...args: unknown[]): KernelSyntaxError {
  const callArgs = args.length ? args : [g];
  return expectKernelSyntaxError(() => (stencil(kernel, options) as AnyFn)(...callArgs), kernel, { inFile: true, ...x });
}

/** A class kernel, called on g, must fail as expected. */
function expectClass(cls: KernelClass, x: SyntaxExpectation, ...args: unknown[]): KernelSyntaxError {
  const callArgs = args.length ? args : [g];
  return expectKernelSyntaxError(() => (new cls() as unknown as AnyFn)(...callArgs), kernelMethod(cls), { inFile: true, name: cls.name, ...x });
}

function expectArgumentError(run: () => unknown, message: RegExp): KernelArgumentError {
  const e = catchError(run);
  if (!(e instanceof KernelArgumentError)) assert.fail(`expected a KernelArgumentError, got ${String(e)}`);
  assert.ok(e instanceof TypeError, 'KernelArgumentError extends TypeError');
  assert.equal(e.name, 'KernelArgumentError');
  assert.match(e.message, message);
  return e;
}

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
