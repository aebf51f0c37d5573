/**
 * Shared assertions for the error tests. Kernel positions are checked against the text of the
 * test file that declares the kernel, so the helpers are bound to that file by errorHelpers().
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Grid,
  KernelArgumentError,
  KernelSyntaxError,
  StencilKernel,
  stencil,
  type SourceLocation,
  type StencilKernelOptions,
} from '../../src/index.js';

export type AnyFn = (...args: any[]) => any;
export type KernelClass = new (options?: StencilKernelOptions) => StencilKernel;

export interface SyntaxExpectation {
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

export function errorHelpers(testFileUrl: string) {
  const THIS_FILE = fileURLToPath(testFileUrl);
  const FILE_TEXT = readFileSync(THIS_FILE, 'utf8');

  const g = Grid.fromFunction([4, 5], 'float64', (i, j) => 1 + i + 0.5 * j);


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
      : `${name} (kernel line ${loc.line}, column ${loc.column}; declared at `;
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

  return { THIS_FILE, FILE_TEXT, g, js, jsClass, kernelMethod, positionIn, locationOf, catchError, expectKernelSyntaxError, expectFunctional, expectClass, expectArgumentError };
}
