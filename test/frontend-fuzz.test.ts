/**
 * Frontend robustness: random kernel sources mixing supported and unsupported constructs either
 * run and agree with pure mode, or fail with a KernelSyntaxError — never any other error from
 * inside the frontend, the passes or code generation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Grid, KernelArgumentError, KernelSyntaxError, stencil } from '../src/index.js';
import { compareGrids } from './conformance/tolerance.js';

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1', '0.5', '-2', 'NaN', 't', 'u', 'p.w[1]', 'p.s', 'Math.PI', "'s'", '`x`', 'null', 'undefined', 'this', 'q', '[1, 2]', '({ a: 1 })', 'p.w', 'p.nope', 'Math'),
    fc.tuple(fc.constantFrom('a', 'b', 'f', 'Math.sqrt', 'Math.nope', 'p.w', 'a.b'), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(fc.constantFrom(-1, 0, 1, 2)).map(([d]) => `a(${d})`),
    fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '**', '<', '>=', '===', '!=', '&&', '||', '??', '&', '<<', 'in', ','), tie('expr')).map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc.tuple(fc.constantFrom('-', '+', '!', '~', 'typeof ', 'void '), tie('expr')).map(([op, e]) => `(${op}${e})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, x, y]) => `(${c} ? ${x} : ${y})`),
    fc.tuple(tie('expr'), tie('expr')).map(([o, i]) => `${o}[${i}]`),
    tie('expr').map((e) => `(() => ${e})`),
    tie('expr').map((e) => `(t = ${e})`),
    tie('expr').map((e) => `new Float64Array(${e})`),
  ),
}));

const statement = fc.oneof(
  expr.map((e) => `t += ${e};`),
  expr.map((e) => `if (${e}) { t = 2; } else { t -= 1; }`),
  fc.tuple(expr, expr).map(([b, e]) => `for (let i = 0; i < ${b}; i++) { t += ${e}; }`),
  expr.map((e) => `const c = ${e}; t *= c;`),
  expr.map((e) => `while (${e}) { t++; }`),
  expr.map((e) => `try { t = ${e}; } catch (err) { t = 0; }`),
);

const kernelSource = fc.tuple(fc.array(statement, { maxLength: 3 }), expr).map(
  ([stmts, ret]) => `function (a, b, p) {\n  let t = 1;\n  let u = a(0);\n  ${stmts.join('\n  ')}\n  return ${ret};\n}`,
);

describe('frontend fuzzing', () => {
  it('random kernels either agree with pure mode or raise KernelSyntaxError', () => {
    const g = Grid.fromFunction([5], 'float64', (i) => 0.5 + i);
    const h = Grid.fromFunction([5], 'float64', (i) => 2 - i / 3);
    let ran = 0;
    let rejected = 0;
    fc.assert(
      fc.property(kernelSource, (source) => {
        let fn: (...args: unknown[]) => unknown;
        try {
          fn = new Function(`return ${source}`)() as typeof fn;
        } catch {
          return; // not even JavaScript: nothing to test
        }
        const k = stencil(fn as (...args: any[]) => number, { name: 'fuzz', statics: { w: [1, 2, 3], s: 2 } });
        const grids = (r: unknown): Grid[] => (r instanceof Grid ? [r] : Array.isArray(r) ? r : Object.values(r as object));
        let got: Grid[];
        try {
          got = grids(k(g, h));
        } catch (e) {
          if (e instanceof KernelSyntaxError || e instanceof KernelArgumentError) {
            rejected++;
            return;
          }
          throw new Error(`not a KernelSyntaxError for\n${source}\n${(e as Error).stack}`);
        }
        ran++;
        let want: Grid[];
        try {
          want = grids(k.with({ mode: 'pure' })(g, h));
        } catch (e) {
          throw new Error(`specialized ran but pure threw ${(e as Error).message}\n${source}`);
        }
        assert.equal(got.length, want.length);
        got.forEach((x, i) => {
          const problem = compareGrids(x, want[i], 1e6);
          assert.equal(problem, undefined, `${problem}\n${source}`);
        });
      }),
      { numRuns: Number(process.env.SEJITS_FUZZ_RUNS ?? 400), includeErrorInReport: true, seed: process.env.SEJITS_SEED ? Number(process.env.SEJITS_SEED) : undefined },
    );
    assert.ok(ran > 0 && rejected > 0, `both outcomes occur (ran ${ran}, rejected ${rejected})`);
    if (process.env.SEJITS_FUZZ_RUNS) console.log(`ran ${ran}, rejected ${rejected}`);
  });
});
