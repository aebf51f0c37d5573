/**
 * The pass pipeline (lower -> analyze-taps -> partial-eval -> split-regions), observed through
 * stencil(...).show(...).passes and the generated source: statics become constants, static loops
 * unroll, zero-weight taps vanish but still count toward the reach, constants and Math.* fold,
 * static branches keep only the taken arm, mutable counters propagate, generic mode keeps loops and
 * tables, 3-D kernels stay at 2d+2 regions, runtime params are never baked in, and dumps print.
 * Every kernel whose IR is inspected is also run against pure mode.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Grid, stencil, type BoundaryMode, type ShowResult, type StencilCallOptions, type StencilOptions } from '../src/index.js';

// These tests read the generated JavaScript, so the file runs on the js backend.
process.env.SEJITS_BACKEND = 'js';

/** The passes the driver must run, in this order (others, such as hoist-invariants, may come between). */
const PASSES = ['lower', 'analyze-taps', 'partial-eval', 'split-regions'];

/** The pass names in order, checking that `required` appear in that order and split-regions comes last. */
function passOrder(r: ShowResult, required: readonly string[]): string[] {
  const names = r.passes.map((p) => p.pass);
  const positions = required.map((p) => names.indexOf(p));
  assert.ok(positions.every((i) => i >= 0), `missing passes: [${names}] should include [${required}]`);
  assert.deepEqual([...positions].sort((a, b) => a - b), positions, `passes out of order: [${names}]`);
  assert.equal(names[names.length - 1], 'split-regions', `split-regions comes last: [${names}]`);
  return names;
}

/** The IR dump after one pass. */
function irAfter(r: ShowResult, pass: string): string {
  const p = r.passes.find((x) => x.pass === pass);
  assert.ok(p, `no '${pass}' dump; passes: ${r.passes.map((x) => x.pass).join(', ')}`);
  return p.ir;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** Region sections of the split-regions dump: header variant and indented body. */
function regionsOf(dump: string): { variant: string; body: string }[] {
  return dump
    .split(/^(?=region \[)/m)
    .filter((s) => s.startsWith('region ['))
    .map((s) => {
      const m = /^region \[([^\]]*)\]:\n([\s\S]*)$/.exec(s);
      assert.ok(m, `unparsable region section: ${s}`);
      return { variant: m[1], body: m[2].trimEnd() };
    });
}

/** Region variants named in the generated JS, in order. */
function sourceRegions(source: string): string[] {
  return [...source.matchAll(/^\/\/ region (\d+): checks \[([^\]]*)\]$/gm)].map((m) => m[2]);
}

/** A grid of distinct, never-zero, sign-alternating values. */
function sample(shape: readonly number[]): Grid<'float64'> {
  let k = 0;
  return Grid.fromFunction(shape, 'float64', () => {
    k++;
    return (k % 2 ? 1 : -1) * (1 + k * 0.375);
  });
}

type AnyKernel = (...args: any[]) => unknown;

/** Runs the kernel in pure, generic and specialized mode and checks they agree exactly. */
function agreeAcrossModes(fn: AnyKernel, options: StencilOptions, inputs: readonly Grid[], call: StencilCallOptions = {}): number[] {
  const results = (['pure', 'generic', 'specialized'] as const).map((mode) => {
    const out = stencil(fn, { ...options, mode })(...inputs, call) as Grid;
    return Array.from(out.data);
  });
  assert.deepEqual(results[1], results[0], 'generic differs from pure');
  assert.deepEqual(results[2], results[0], 'specialized differs from pure');
  return results[0];
}

describe('partial evaluation', () => {
  const loop3 = (a: AnyKernel, p: { w: number[] }) => {
    let s = 0;
    for (let i = -1; i <= 1; i++) s += p.w[i + 1] * (a(i) as number);
    return s;
  };

  it('turns static weights into constants and unrolls static loops', () => {
    const options = { statics: { w: [0.25, 0.5, 0.25] } };
    const r = stencil(loop3, options).show({ ndim: 1 });
    assert.equal(r.mode, 'specialized');
    passOrder(r, PASSES);
    const lower = irAfter(r, 'lower');
    assert.match(lower, /^for i in /m, 'the lowered IR still has the loop');
    assert.match(lower, /static\.w\[/, 'the lowered IR still reads the table');

    const pe = irAfter(r, 'partial-eval');
    assert.doesNotMatch(pe, /\bfor\b/, `loop not unrolled:\n${pe}`);
    assert.doesNotMatch(pe, /static\./, `table not folded:\n${pe}`);
    assert.equal(count(pe, 'in0@('), 3, `three taps expected:\n${pe}`);
    assert.match(pe, /\(0\.25 \* in0@\(-1\)\)/);
    assert.match(pe, /\(0\.5 \* in0@\(0\)\)/);
    assert.match(pe, /\(0\.25 \* in0@\(1\)\)/);

    assert.doesNotMatch(r.source, /\bT0\b/, 'no table left in specialized code');
    assert.doesNotMatch(r.source, /v_i\b/, 'no loop variable left in specialized code');
    agreeAcrossModes(loop3, options, [sample([9])]);
  });

  it('drops zero-weight taps but keeps them in the reach', () => {
    const r = stencil(loop3, { statics: { w: [1, 0, 1] } }).show({ ndim: 1 });
    assert.equal(irAfter(r, 'analyze-taps'), 'offsets: (-1) (0) (1)\nreach lo [1] hi [1]');
    const pe = irAfter(r, 'partial-eval');
    assert.equal(count(pe, 'in0@('), 2, `two taps expected:\n${pe}`);
    assert.match(pe, /in0@\(-1\)/);
    assert.match(pe, /in0@\(1\)/);
    assert.doesNotMatch(pe, /in0@\(0\)/);
  });

  it('a zero tap at the edge still shrinks the interior, identically in pure, generic and specialized mode', () => {
    for (const w of [
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ]) {
      const options = { statics: { w }, boundary: 'interior' as BoundaryMode };
      const r = stencil(loop3, options).show({ ndim: 1 });
      assert.match(irAfter(r, 'analyze-taps'), /reach lo \[1\] hi \[1\]$/, `w [${w}]`);
      assert.equal(count(irAfter(r, 'partial-eval'), 'in0@('), 2, `w [${w}]`);
      const out = agreeAcrossModes(loop3, options, [sample([7])]);
      assert.equal(out[0], 0, `w [${w}]: the first point is outside the interior`);
      assert.equal(out[6], 0, `w [${w}]: the last point is outside the interior`);
      assert.ok(out.slice(1, 6).every((v) => v !== 0), `w [${w}]: interior points are written`);
    }
  });

  it('folds constant subexpressions', () => {
    const fn = (a: AnyKernel) => 2 * 3 * (a(0, 1) as number);
    const r = stencil(fn).show({ ndim: 2 });
    assert.match(irAfter(r, 'lower'), /\(2 \* 3\)/);
    const pe = irAfter(r, 'partial-eval');
    assert.equal(pe, 'out0[i] = (6 * in0@(0, 1))');
    assert.doesNotMatch(r.source, /2 \* 3/);
    agreeAcrossModes(fn, {}, [sample([4, 5])]);
  });

  it('folds Math.* calls on statics', () => {
    const fn = (a: AnyKernel, p: { s: number; x: number }) => Math.exp(-p.s * p.s) * (a(1) as number) + Math.max(p.x, 2) * (a(0) as number);
    const options = { statics: { s: 0.5, x: 5 } };
    const r = stencil(fn, options).show({ ndim: 1 });
    assert.match(irAfter(r, 'lower'), /Math\.exp\(/);
    assert.match(irAfter(r, 'lower'), /Math\.max\(/);
    const pe = irAfter(r, 'partial-eval');
    assert.equal(pe, `out0[i] = ((${Math.exp(-0.25)} * in0@(1)) + (5 * in0@(0)))`);
    assert.doesNotMatch(r.source, /Math\./);
    agreeAcrossModes(fn, options, [sample([6])]);
  });

  it('keeps only the taken arm of a static if and a static ternary', () => {
    const fn = (a: AnyKernel, p: { flag: boolean }) => {
      let s = 0;
      if (p.flag) {
        s = a(1) as number;
      } else {
        s = a(-1) as number;
      }
      return p.flag ? s : s + (a(2) as number);
    };
    const lower = irAfter(stencil(fn, { statics: { flag: true } }).show({ ndim: 1 }), 'lower');
    assert.match(lower, /^if static\.flag \{/m);
    assert.match(lower, /static\.flag \? /);

    const yes = stencil(fn, { statics: { flag: true } }).show({ ndim: 1 });
    const peYes = irAfter(yes, 'partial-eval');
    assert.doesNotMatch(peYes, /\bif\b|\?/, peYes);
    assert.deepEqual(peYes.match(/in0@\([^)]*\)/g), ['in0@(1)']);
    assert.equal(irAfter(yes, 'analyze-taps'), 'offsets: (1)\nreach lo [0] hi [1]', 'the untaken arms add no reach');

    const no = stencil(fn, { statics: { flag: false } }).show({ ndim: 1 });
    const peNo = irAfter(no, 'partial-eval');
    assert.doesNotMatch(peNo, /\bif\b|\?/, peNo);
    assert.deepEqual(peNo.match(/in0@\([^)]*\)/g), ['in0@(-1)', 'in0@(2)']);

    for (const flag of [true, false]) agreeAcrossModes(fn, { statics: { flag } }, [sample([8])]);
  });

  it('propagates a mutable counter that indexes a static table', () => {
    const fn = (a: AnyKernel, p: { T: number[] }) => {
      let s = 0;
      let k = 0;
      for (let i = -1; i <= 1; i++) {
        s += p.T[k] * (a(i) as number);
        k++;
      }
      return s;
    };
    const options = { statics: { T: [0.5, 0.25, 0.125] } };
    const r = stencil(fn, options).show({ ndim: 1 });
    assert.match(irAfter(r, 'lower'), /static\.T\[k\]/);
    const pe = irAfter(r, 'partial-eval');
    assert.doesNotMatch(pe, /static\./, `counter not propagated:\n${pe}`);
    assert.match(pe, /\(0\.5 \* in0@\(-1\)\)/);
    assert.match(pe, /\(0\.25 \* in0@\(0\)\)/);
    assert.match(pe, /\(0\.125 \* in0@\(1\)\)/);
    assert.doesNotMatch(r.source, /\bT0\b/);
    agreeAcrossModes(fn, options, [sample([7])]);
  });

  it('forgets a counter after a branch on data', () => {
    const fn = (a: AnyKernel, p: { T: number[] }) => {
      let k = 0;
      if ((a(0) as number) > 0) {
        k = 1;
      }
      return p.T[k] * (a(1) as number);
    };
    const options = { statics: { T: [2, 3] } };
    const r = stencil(fn, options).show({ ndim: 1 });
    assert.match(irAfter(r, 'partial-eval'), /static\.T\[k\]/, 'k is unknown after the branch');
    assert.match(r.source, /T0\[/);
    agreeAcrossModes(fn, options, [sample([7])]);
  });
});

describe('generic mode', () => {
  const fn = (a: AnyKernel, p: { w: number[] }) => {
    let s = 0;
    for (let i = -1; i <= 1; i++) s += p.w[i + 1] * (a(i, 0) as number);
    return s;
  };
  const options = { statics: { w: [0.25, 0.5, 0.25] } };

  it('keeps the loop and the table lookup in a single fully folding region', () => {
    const r = stencil(fn, options).show({ ndim: 2, generic: true });
    assert.equal(r.mode, 'generic');
    const names = passOrder(r, ['lower', 'analyze-taps', 'split-regions']);
    assert.ok(!names.includes('partial-eval'), `no partial evaluation in generic mode: [${names}]`);
    const regions = regionsOf(irAfter(r, 'split-regions'));
    assert.deepEqual(
      regions.map((x) => x.variant),
      ['full, full'],
    );
    assert.match(regions[0].body, /for i in /);
    assert.match(regions[0].body, /static\.w\[/);
    assert.match(r.source, /T0\[/);
    assert.match(r.source, /const T0 = new Float64Array\(\[0\.25, 0\.5, 0\.25\]\)/);
    assert.match(r.source, /for \(let v_i = /);
    assert.equal(count(r.source, 'function region'), 1);
    assert.deepEqual(sourceRegions(r.source), ['full, full']);
  });

  it("show({ generic: true }) matches a mode: 'generic' stencil and both agree with pure mode", () => {
    assert.equal(stencil(fn, { ...options, mode: 'generic' }).show({ ndim: 2 }).source, stencil(fn, options).show({ ndim: 2, generic: true }).source);
    agreeAcrossModes(fn, options, [sample([5, 3])]);
  });
});

describe('region splitting', () => {
  const sevenPoint = (a: AnyKernel) =>
    ((a(-1, 0, 0) as number) + (a(1, 0, 0) as number) + (a(0, -1, 0) as number) + (a(0, 1, 0) as number) + (a(0, 0, -1) as number) + (a(0, 0, 1) as number) - 6 * (a(0, 0, 0) as number)) / 6;

  it('a 3-D 7-point stencil has at most 8 region functions, each printed in the split-regions dump', () => {
    for (const boundary of ['reflect', 'nearest', 'wrap', 'mirror', 'constant'] as const) {
      const r = stencil(sevenPoint, { boundary }).show({ ndim: 3 });
      const functions = count(r.source, 'function region');
      assert.ok(functions <= 8, `${boundary}: ${functions} region functions`);
      const regions = regionsOf(irAfter(r, 'split-regions'));
      assert.equal(regions.length, functions, boundary);
      assert.deepEqual(
        regions.map((x) => x.variant),
        sourceRegions(r.source),
        `${boundary}: dump and source list the same regions`,
      );
      assert.equal(new Set(regions.map((x) => x.variant)).size, regions.length, `${boundary}: distinct variants`);
      assert.equal(regions[0].variant, 'none, none, none');
      assert.equal(regions[0].body, '  out0[i] = (((((((in0[(i0 + -1), i1, i2] + in0[(i0 + 1), i1, i2]) + in0[i0, (i1 + -1), i2]) + in0[i0, (i1 + 1), i2]) + in0[i0, i1, (i2 + -1)]) + in0[i0, i1, (i2 + 1)]) - (6 * in0[i0, i1, i2])) / 6)');
      for (const { variant, body } of regions) {
        assert.equal(count(body, 'in0['), 7, `${boundary} [${variant}]: seven loads\n${body}`);
        assert.equal(count(body, 'out0[i] = '), 1, `${boundary} [${variant}]: one store`);
        assert.doesNotMatch(body, /@\(/, `${boundary} [${variant}]: no tap left unlowered`);
      }
    }
    agreeAcrossModes(sevenPoint, { boundary: 'reflect' }, [sample([4, 3, 5])]);
    agreeAcrossModes(sevenPoint, { boundary: 'mirror' }, [sample([2, 1, 3])]);
  });

  it('interior has one unchecked region', () => {
    const r = stencil(sevenPoint, { boundary: 'interior' }).show({ ndim: 3 });
    assert.deepEqual(sourceRegions(r.source), ['none, none, none']);
    assert.deepEqual(
      regionsOf(irAfter(r, 'split-regions')).map((x) => x.variant),
      ['none, none, none'],
    );
  });
});

describe('runtime params', () => {
  it('are not baked in: one compiled program serves every value', () => {
    const fn = (a: AnyKernel, p: { alpha: number }) => p.alpha * (a(1) as number) + (a(-1) as number);
    // A name of its own makes the source unique in this process, so the compile cache is cold.
    const options: StencilOptions = { params: ['alpha'], boundary: 'wrap', name: `alphaKernel${process.pid}` };
    const k = stencil(fn, options);
    const r = k.show({ ndim: 1 });
    assert.match(r.source, /\bP0\b/);
    assert.match(irAfter(r, 'partial-eval'), /param\.alpha/);
    assert.doesNotMatch(r.source, /-?0\.75|2\.5/);

    const backend = k.specializer.backend;
    const compile = backend.compile;
    let compiles = 0;
    backend.compile = function (this: unknown, ...args: Parameters<typeof compile>) {
      compiles++;
      return compile.apply(this, args);
    } as typeof compile;
    const g = sample([6]);
    try {
      const first = Array.from((k(g, { params: { alpha: 2.5 } }) as Grid).data);
      const second = Array.from((k(g, { params: { alpha: -0.75 } }) as Grid).data);
      assert.equal(compiles, 1, 'the second call reuses the compiled program');
      assert.notDeepEqual(first, second, 'the param value changes the result');
      const pure = stencil(fn, { ...options, mode: 'pure' });
      assert.deepEqual(first, Array.from((pure(g, { params: { alpha: 2.5 } }) as Grid).data));
      assert.deepEqual(second, Array.from((pure(g, { params: { alpha: -0.75 } }) as Grid).data));
    } finally {
      backend.compile = compile;
    }
  });
});

describe('IR dumps', () => {
  const fn = (a: AnyKernel) => a(-1) as number;

  /** Runs f with console.error captured. */
  function captureStderr(f: () => void): string {
    const original = console.error;
    const lines: string[] = [];
    console.error = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
    try {
      f();
    } finally {
      console.error = original;
    }
    return lines.join('\n');
  }

  function checkDump(text: string, name: string, r: ShowResult): void {
    const headers = [...text.matchAll(/^--- (\S+): after (\S+) ---$/gm)].map((m) => `${m[1]}:${m[2]}`);
    passOrder(r, PASSES);
    assert.deepEqual(
      headers,
      r.passes.map((p) => `${name}:${p.pass}`),
      'one stderr dump per pass, in pipeline order',
    );
    for (const p of r.passes) assert.ok(text.includes(`after ${p.pass} ---\n${p.ir}`), `the ${p.pass} dump is printed as show() returns it`);
  }

  it('dump: true prints each pass to stderr', () => {
    let r: ShowResult | undefined;
    const text = captureStderr(() => {
      r = stencil(fn, { dump: true, name: 'dumpOption' }).show({ ndim: 1 });
    });
    checkDump(text, 'dumpOption', r!);
  });

  it('SEJITS_DUMP=ir prints each pass to stderr; dump: false overrides it', () => {
    const saved = process.env.SEJITS_DUMP;
    process.env.SEJITS_DUMP = 'ir';
    try {
      let r: ShowResult | undefined;
      const text = captureStderr(() => {
        r = stencil(fn, { name: 'dumpEnv' }).show({ ndim: 1 });
      });
      checkDump(text, 'dumpEnv', r!);
      assert.equal(captureStderr(() => void stencil(fn, { dump: false, name: 'dumpOff' }).show({ ndim: 1 })), '');
    } finally {
      if (saved === undefined) delete process.env.SEJITS_DUMP;
      else process.env.SEJITS_DUMP = saved;
    }
  });

  it('prints nothing by default', () => {
    const saved = process.env.SEJITS_DUMP;
    delete process.env.SEJITS_DUMP;
    try {
      assert.equal(captureStderr(() => void stencil(fn, { name: 'quiet' }).show({ ndim: 1 })), '');
    } finally {
      if (saved !== undefined) process.env.SEJITS_DUMP = saved;
    }
  });
});

describe('reach agreement across modes', () => {
  it(
    'interior: a tap read only on a data-dependent branch counts toward the reach in pure mode too',
    () => {
      const fn = (a: AnyKernel) => ((a(0) as number) > 100 ? (a(2) as number) : (a(0) as number));
      const g = Grid.fromFunction([6], 'float64', (i) => i + 1);
      const r = stencil(fn, { boundary: 'interior' }).show({ ndim: 1 });
      assert.match(irAfter(r, 'analyze-taps'), /reach lo \[0\] hi \[2\]$/);
      agreeAcrossModes(fn, { boundary: 'interior' }, [g]);
    },
  );
});
