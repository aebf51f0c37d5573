/**
 * meta(): paper 000's Figure 4 on every required backend (one fused kernel per iteration, equal to
 * the plain function), the repeating block planned once, liveness (buffers reused, intermediates
 * kept on the device, only live-outs returned), the reasons recorded when fusion stops
 * (anti- and output dependences, stencils after computed values, unfusable specializers), integer
 * and float32 store semantics inside fused code, plan caching and tracing errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { add, axpy, Grid, map, meta, mul, scale, stencil, sub, TraceDataError, resolveBackend, type DeviceBackend } from '../src/index.js';
import { enhance, equalize, smooth } from '../examples/third-party-specializer.js';
import { problem, solve, solveSteps } from '../examples/meta-solver.js';
import { manufactured, PoissonJacobi } from '../examples/jacobi-solver.js';
import { requiredBackends, widestFloat } from './conformance/backends.js';
import { compareGrids } from './conformance/tolerance.js';
import { randomGrid, rng } from './conformance/random-data.js';

const backends = requiredBackends().filter((b) => b !== 'opencl-tiles');
/** A host backend for tests about planning (c where CI requires it; the GPU machine may lack a compiler). */
const host = backends.includes('c') ? 'c' : 'js';
const jacobiSrc = (a: (...o: number[]) => number) => 0.1 * (a(0, -1) + a(0, 1)) + 0.3 * (a(-1, 0) + a(1, 0));
const same = (a: Grid, b: Grid) => a.dtype === b.dtype && a.size === b.size && a.data.every((v, i) => v === b.data[i] || (Number.isNaN(v) && Number.isNaN(b.data[i])));
/**
 * `same`, but on webgpu within 4 ulps of float32: WGSL cannot forbid contracting a·b + c into a
 * fused multiply-add, and NVIDIA's Vulkan compiler contracted a fused kernel differently from the
 * separate ones (1 ulp apart on the H100).
 */
const sameOn = (backend: string, a: Grid, b: Grid) =>
  backend.startsWith('webgpu') ? a.dtype === b.dtype && a.size === b.size && a.data.every((v, i) => Math.abs(v - b.data[i]) <= 4 * 2 ** -23 * Math.max(1, Math.abs(v))) : same(a, b);

function figure4(backend: string) {
  const jacobi = stencil(jacobiSrc, { name: 'jacobi', backend });
  const m = mul.with({ backend });
  const s = sub.with({ backend });
  const plain = (D: Grid, b: Grid, x: Grid, n: number) => {
    for (let i = 0; i < n; i++) x = m(D, s(b, jacobi(x)));
    return x;
  };
  return { plain, fused: meta(plain, { name: 'fig4', depth: 1 }), unfused: meta(plain, { name: 'fig4', fuse: false }), blocked: meta(plain, { name: 'fig4b' }) };
}

describe('meta: Figure 4', () => {
  for (const backend of backends) {
    it(`${backend}: one fused kernel per iteration, equal to the plain function`, () => {
      const { plain, fused, unfused, blocked } = figure4(backend);
      const { D, b, x } = problem(19, widestFloat(backend));
      const want = plain(D, b, x, 25);
      const got = fused(D, b, x, 25);
      assert.deepEqual(fused.lastRun, { launches: 25, calls: 0, allocated: 2, reused: 23 });
      assert.equal(compareGrids(got, want, 16), undefined);
      assert.ok(x.data.every((v) => v === 0), 'the argument x is not written');
      const u = unfused(D, b, x, 25);
      assert.equal(unfused.lastRun!.calls, 75);
      assert.equal(unfused.lastRun!.allocated, 2, 'dead buffers are reused, unfused too');
      assert.equal(compareGrids(u, want, 16), undefined);
      const text = fused.explain();
      assert.match(text, /× 25 \(a repeating block/);
      assert.match(text, /jacobi#0 \+ sub#1 \+ mul#2 fused into one launch; reads argument 2, argument 1, argument 0; writes mul#2; 2 intermediate\(s\) stay in registers/);
      assert.match(text, /1 distinct plan/);
      assert.match(text, /copies removed: 50 intermediate/);
      // Without depth 1, backends running staged kernels also block 4 iterations in time.
      const inTime = blocked(D, b, x, 25);
      assert.equal(compareGrids(inTime, want, 16), undefined);
      const staged = resolveBackend(backend).supportsStaged === true;
      assert.equal(blocked.lastRun!.launches, staged ? 7 : 25);
      if (staged) assert.match(blocked.explain(), /jacobi#0 \+ sub#1 \+ mul#2 \+ jacobi#3 .* 12 stages run tile by tile|4 stages run tile by tile/);
    });
  }

  it('1000 iterations trace into one block, planned once; a new iteration count is a new plan', () => {
    const { D, b, x } = problem(6, 'float64');
    const got = solve(D, b, x, 1000);
    assert.equal(solve.lastRun!.launches, 1000);
    assert.match(solve.explain(), /calls 0\.\.2 × 1000/);
    assert.equal(compareGrids(got, solveSteps(D, b, x, 1000), 64), undefined);
    solve(D, b, x, 3);
    assert.match(solve.explain(), /× 3 /);
  });

  it('a prologue and an epilogue around the loop are blocks of their own', () => {
    const J = stencil(jacobiSrc, { name: 'jacobi', backend: 'js' });
    const f = meta((D: Grid, b: Grid, x: Grid) => {
      x = scale.with({ backend: 'js' })(x, 2);
      for (let i = 0; i < 5; i++) x = mul.with({ backend: 'js' })(D, sub.with({ backend: 'js' })(b, J(x)));
      return add.with({ backend: 'js' })(x, b);
    });
    const { D, b } = problem(7, 'float64');
    const x = Grid.fromFunction([7, 7], 'float64', (i, j) => i - j);
    const got = f(D, b, x);
    const text = f.explain();
    assert.match(text, /× 5 /);
    assert.equal((text.match(/^block /gm) ?? []).length, 3, text);
    let want = scale.with({ backend: 'js' })(x, 2);
    for (let i = 0; i < 5; i++) want = mul.with({ backend: 'js' })(D, sub.with({ backend: 'js' })(b, J(want)));
    assert.equal(compareGrids(got, add.with({ backend: 'js' })(want, b), 64), undefined);
  });
});

describe('meta: liveness and residency', () => {
  const device = backends.find((b) => b.startsWith('opencl') || b === 'cuda');
  it(`${device ?? 'a device backend'}: intermediates stay on the device; D and b are uploaded once; only the result is read back`, { skip: !device && 'no device backend required here' }, () => {
    const { fused } = figure4(device!);
    const { D, b, x } = problem(16);
    fused(D, b, x, 2); // compile
    const heap = (resolveBackend(device!) as DeviceBackend).heap;
    const D2 = D.clone();
    const b2 = b.clone();
    const x2 = x.clone();
    const before = { ...heap.stats };
    const out = fused(D2, b2, x2, 40);
    const after = heap.stats;
    assert.equal(out.location, 'device');
    assert.equal(after.uploads - before.uploads, 3, 'x, D and b once each');
    assert.equal(after.downloads - before.downloads, 0, 'nothing comes back until read');
    void out.data;
    assert.equal(heap.stats.downloads - before.downloads, 1);
  });

  it(`${device ?? 'a device backend'}: tune() times the fused kernel's strategies and keeps the winner`, { skip: !device && 'no device backend required here' }, () => {
    const { fused } = figure4(device!);
    const { D, b, x } = problem(24);
    const reports = fused.tune([D, b, x, 3], { maxCandidates: 2, budgetMs: 2 });
    assert.equal(reports.length, 1);
    assert.match(reports[0].kernel, /fig4_jacobi_sub_mul/);
    assert.equal(compareGrids(fused(D, b, x, 3), figure4(device!).plain(D, b, x, 3), 16), undefined);
  });

  it('unused results are never computed, and several live-outs all return', () => {
    const a = Grid.fromFunction([5, 4], 'float64', (i, j) => i + j);
    const f = meta((x: Grid, y: Grid) => {
      const s = add.with({ backend: 'js' })(x, y);
      scale.with({ backend: 'js' })(s, 3); // dead
      const d = sub.with({ backend: 'js' })(s, y);
      return { s, d: mul.with({ backend: 'js' })(d, d) };
    });
    const { s, d } = f(a, a);
    assert.ok(same(s, add(a, a)));
    assert.ok(same(d, mul(a, a)));
    assert.match(f.explain(), /skipped: scale#1/);
  });
});

describe('meta: fusion stops, with reasons', () => {
  it('anti-dependence: an elementwise op writing in place a grid the stencil reads around each point (a host backend: no scratch grid)', () => {
    const J = stencil(jacobiSrc, { name: 'jacobi', backend: host });
    const body = (x: Grid, b: Grid) => {
      add.with({ backend: host })(J(x), b, { out: x });
      return x;
    };
    const f = meta(body);
    const x0 = Grid.fromFunction([9, 8], 'float64', (i, j) => i * j);
    const b = Grid.fromFunction([9, 8], 'float64', (i, j) => i - j);
    const want = x0.clone();
    body(want, b);
    const x = x0.clone();
    const got = f(x, b);
    assert.equal(got, x);
    assert.ok(same(got, want));
    assert.match(f.explain(), /anti-dependence \(write after read\): jacobi#0 reads argument 0 at neighbour offsets and add overwrites it in place/);
  });

  it('LoopDeps are per input: writing in place an input read only at the point does not stop fusion', () => {
    const k = stencil((a, c) => a(0, -1) + a(0, 1) + c(0, 0), { name: 'k', backend: 'js' });
    const body = (x: Grid, y: Grid) => {
      add.with({ backend: 'js' })(k(x, y), x, { out: y });
      return y;
    };
    const f = meta(body);
    const x = Grid.fromFunction([5, 6], 'float64', (i, j) => i - 2 * j);
    const y0 = Grid.fromFunction([5, 6], 'float64', (i, j) => i * j);
    const want = y0.clone();
    body(x, want);
    const got = y0.clone();
    f(x, got);
    assert.ok(same(got, want));
    assert.match(f.explain(), /k#0 \+ add#1 fused into one launch/);
  });

  it('output dependence: writing in place a result the group already wrote keeps the last write', () => {
    const f = meta((x: Grid, b: Grid) => {
      const t = scale.with({ backend: host })(x, 2);
      return add.with({ backend: host })(t, b, { out: t });
    });
    const x = Grid.fromFunction([4, 4], 'int32', (i, j) => i * 7 - j);
    const got = f(x, x);
    assert.ok(same(got, add(scale(x, 2), x)));
    assert.match(f.explain(), /add#1 fused after scale#0/);
    // Needed after the group, the first write stays in memory and the second does not join.
    const g = meta((x: Grid, b: Grid) => {
      const t = scale.with({ backend: host })(x, 2, { out: b });
      const s = sub.with({ backend: host })(t, x);
      add.with({ backend: host })(x, x, { out: b });
      return s;
    });
    const y = Grid.fromFunction([4, 4], 'int32', (i, j) => i * 3 + j);
    const b = Grid.zeros([4, 4], 'int32');
    const s = g(y, b);
    assert.ok(same(s, sub(scale(y, 2), y)));
    assert.ok(same(b, add(y, y)));
  });

  it('a stencil reading a computed value stays unfused on a backend without staged kernels, a non-Fusable specializer runs alone', () => {
    const lap = stencil((a) => a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0) - 4 * a(0, 0), { name: 'lap', backend: 'js' });
    const f = meta((x: Grid) => lap(scale.with({ backend: 'js' })(x, 2)));
    const x = Grid.fromFunction([6, 6], 'float64', (i, j) => i * i + j);
    assert.ok(same(f(x), lap(scale(x, 2))));
    assert.match(f.explain(), /lap#1 not fused after scale#0: a stencil reading a computed value at neighbour offsets fuses by block fusion, which the js backend does not run/);

    const img = Grid.fromFunction([12, 10], 'float32', (i, j) => Math.sin(i) + j / 10);
    const got = enhance(img);
    assert.ok(same(got, scale(equalize.call(smooth(img)), 255)));
    const text = enhance.explain();
    assert.match(text, /histogramEqualize#1 runs unfused: histogramEqualize does not implement Fusable/);
    assert.match(text, /scale#2 not fused after histogramEqualize#1/);
  });

  it('interior-only stencils keep their border out of fused code', () => {
    const inner = stencil((a) => a(0, 1) + a(0, -1), { name: 'inner', boundary: 'interior', backend: 'js' });
    const f = meta((x: Grid, y: Grid) => add.with({ backend: 'js' })(inner(x), y));
    const x = Grid.fromFunction([5, 5], 'float64', (i, j) => i + 2 * j);
    assert.ok(same(f(x, x), add(inner(x), x)));
    assert.match(f.explain(), /computes the interior only/);
  });
});

describe('meta: store semantics in fused code', () => {
  for (const backend of backends) {
    it(`${backend}: uint8 and int32 intermediates wrap, float32 ones round, exactly as stored`, () => {
      const o = { backend };
      const div = map((p, q) => p / q, o);
      const blur = stencil((a) => 0.7 * a(0, -1) + 0.6 * a(0, 1) + 0.9 * a(1, 0), { name: 'blur', boundary: 'wrap', backend, outputDtype: 'uint8' });
      const body = (u: Grid, v: Grid, w: Grid) => {
        const s = add.with(o)(blur(u), v); // uint8: wraps
        const t = map((p, q) => p * 1e6 - q * 3.3, { ...o, outputDtype: 'int32' })(s, w); // int32: wraps modulo 2^32
        const r = axpy.with({ ...o, outputDtype: 'float32' })(0.1, t, w); // float32: rounds
        return div.with({ ...o, outputDtype: widestFloat(backend) })(r, v);
      };
      const f = meta(body);
      const random = rng(7);
      const u = randomGrid([11, 9], widestFloat(backend), random);
      const v = randomGrid([11, 9], 'uint8', random);
      const w = randomGrid([11, 9], widestFloat(backend), random);
      const got = f(u, v, w);
      assert.match(f.explain(), /blur#0 \+ add#1 \+ map#2 \+ axpy#3 \+ map#4 fused into one launch/);
      assert.ok(same(got, body(u, v, w)));
    });
  }
});

describe('meta: class-form stencils', () => {
  for (const backend of backends) {
    it(`${backend}: a class kernel with += stores and a runtime param fuses with the ops after it`, () => {
      const sweep = new PoissonJacobi({ backend });
      const body = (u: Grid, f: Grid) => sub.with({ backend })(scale.with({ backend })(sweep(u, f, { params: { h2: 0.01 } }) as Grid, 2), u);
      const fused = meta(body);
      const real = widestFloat(backend);
      const exact = manufactured(9).f;
      const f = Grid.fromFunction([9, 9], real, (i, j) => exact.get(i, j));
      const u = Grid.fromFunction([9, 9], real, (i, j) => Math.sin(i + 2 * j));
      const got = fused(u, f);
      assert.match(fused.explain(), /fused into one launch/);
      assert.ok(sameOn(backend, got, body(u, f)));
    });
  }
});

describe('meta: tracing', () => {
  it('a placeholder read as data is a clear error', () => {
    const f = meta((x: Grid) => {
      const y = scale(x, 2);
      return y.get(0, 0) > 0 ? y : x;
    });
    assert.throws(() => f(Grid.zeros([3, 3], 'float64')), (e: unknown) => e instanceof TraceDataError && /read as data while tracing/.test(e.message));
  });

  it('a meta function called inside another is inlined into its trace', () => {
    const inner = meta((x: Grid, y: Grid) => sub.with({ backend: 'js' })(add.with({ backend: 'js' })(x, y), y));
    const outer = meta((x: Grid, y: Grid) => scale.with({ backend: 'js' })(inner(x, y), 3));
    const x = Grid.fromFunction([4, 5], 'float64', (i, j) => i * 5 + j);
    assert.deepEqual(Array.from(outer(x, x).data), Array.from(scale(x, 3).data));
    assert.match(outer.explain(), /add#0 \+ sub#1 \+ scale#2 fused into one launch/);
  });

  it('the same grid passed as two arguments is one buffer', () => {
    const J = stencil(jacobiSrc, { name: 'jacobi', backend: 'js' });
    const body = (x: Grid, y: Grid) => {
      add.with({ backend: 'js' })(J(x), y, { out: y });
      return y;
    };
    const f = meta(body);
    const a = Grid.fromFunction([6, 7], 'float64', (i, j) => i * j - 3);
    const want = a.clone();
    body(want, want);
    const got = a.clone();
    f(got, got);
    assert.ok(same(got, want));
    assert.match(f.explain(), /anti-dependence/);
    const b = a.clone();
    const c = a.clone();
    f(b, c);
    assert.doesNotMatch(f.explain(), /anti-dependence/);
  });

  it('plans are cached per shapes, dtypes and scalars', () => {
    let traces = 0;
    const f = meta((x: Grid, k: number) => {
      traces++;
      return scale(x, k);
    });
    const x = Grid.fromFunction([3], 'float64', (i) => i);
    f(x, 2);
    f(x, 2);
    assert.equal(traces, 1);
    assert.deepEqual(Array.from(f(x, 3).data), [0, 3, 6]);
    f(Grid.zeros([4], 'float64'), 3);
    assert.equal(traces, 3);
  });
});
