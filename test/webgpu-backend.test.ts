/**
 * The webgpu backend's own suite. Rendering checks run everywhere; execution needs an adapter:
 * the GPU machine's (Dawn on Vulkan), or here Chromium's SwiftShader (SEJITS_WEBGPU_SWIFTSHADER=1,
 * which CI sets). With webgpu in SEJITS_REQUIRED_BACKENDS a missing adapter fails the suite.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BackendUnavailableError, BOUNDARY_MODES, Grid, probeBackend, stencil, StencilKernel, type Backend, type Dtype, type GridView, type KernelStrategy } from '../src/index.js';
import { createWebGpuBackend } from '../src/backends/webgpu/index.js';
import { dispatchGroups, formatCompileError } from '../src/backends/webgpu/wgsl-launch.js';
import { renderWgslKernel, WGSL_ENTRY } from '../src/backends/webgpu/render-wgsl.js';
import { strategyKey } from '../src/backends/gpu/strategy.js';
import { runPipeline } from '../src/index.js';
import { requiredBackends } from './conformance/backends.js';
import { buildFunctional, kernelSpecArb, magnitude } from './conformance/kernels.js';
import { maxAbs, poison, randomGrid, rng } from './conformance/random-data.js';
import { compareGrids } from './conformance/tolerance.js';

const jacobi = stencil((a) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0)), { name: 'jacobi', backend: 'webgpu' });

describe('webgpu: rendering (no adapter needed)', () => {
  it('float64 is a clear BackendUnavailableError, never a silent fallback', () => {
    assert.throws(() => jacobi.show({ dtype: 'float64' }), (e: unknown) => e instanceof BackendUnavailableError && /WGSL has no float64/.test(e.message) && /input 0/.test(e.message));
  });

  it('spreads dispatches beyond 65,535 groups over two dimensions', () => {
    assert.deepEqual(dispatchGroups(1000, 65535, 'k'), [1000, 1]);
    assert.deepEqual(dispatchGroups(65536, 65535, 'k'), [32768, 2]);
    const [x, y] = dispatchGroups(10_000_000, 65535, 'k');
    assert.ok(x <= 65535 && y <= 65535 && x * y >= 10_000_000);
  });

  it('a compiler message names the generated line and the kernel line', () => {
    const k = stencil((a) => a(0, 1) + a(0, -1), { name: 'twoTaps' });
    const program = runPipeline(k.specializer.frontend.lower(1, 2), { inputDtypes: ['float32'], outputDtypes: ['float32'], generic: false, dump: false }).program;
    const rendered = renderWgslKernel(program, { group: [8, 32], points: [1, 1], vector: false, tiles: false });
    const at = rendered.kernelLines.findIndex((l) => l !== undefined);
    assert.ok(at >= 0, 'some generated line maps to the kernel');
    const text = formatCompileError(program, rendered, [{ line: at + 1, column: 3, message: 'bad thing' }], undefined);
    assert.match(text, new RegExp(`sejits-twoTaps\\.wgsl:${at + 1}:3: bad thing \\(from .*:${rendered.kernelLines[at]}\\)`));
    assert.ok(text.includes(rendered.source.split('\n')[at]), 'quotes the generated line');
  });

  it('tiles live in var<workgroup> memory, behind a barrier every invocation reaches', () => {
    const k = stencil((a) => a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0), { name: 'tiled', backend: createWebGpuBackend({ name: 'webgpu-tiles-render', tiles: 'local' }) });
    const src = k.show({ dtype: 'float32' }).source;
    assert.match(src, /var<workgroup> t0: array<f32, \d+>;/);
    assert.match(src, /\n  workgroupBarrier\(\);/);
  });

  it('uint8 outputs are written a whole word per invocation', () => {
    const src = stencil((a) => a(0, 1) + 1, { name: 'bytes', backend: 'webgpu' }).show({ dtype: 'uint8' }).source;
    assert.match(src, /var w0: u32 = out0\[word\];/);
    assert.match(src, /out0\[word\] = w0;/);
    assert.doesNotMatch(src, /out0\[p\]/);
  });
});

const required = requiredBackends().includes('webgpu');
const probe = probeBackend('webgpu');
const skip = !probe.available && !required ? `no WebGPU adapter here: ${probe.reason}` : false;

describe('webgpu: running (an adapter)', { skip }, () => {
  it('a process that exits with releases still queued in the Dawn worker exits cleanly', () => {
    // Terminated inside a Dawn call, the worker aborted the whole process (about 1 run in 7 before
    // the exit waited for it to go idle).
    const child = fileURLToPath(new URL('./fixtures/webgpu-exit-child.ts', import.meta.url));
    for (let run = 0; run < 8; run++) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, `run ${run}: exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
    }
  });

  it('is available when required', () => {
    assert.ok(probe.available, `webgpu is required but unavailable: ${probe.reason}`);
  });

  it('Jacobi matches the js backend, and a chain of calls uploads once', () => {
    const backend = createWebGpuBackend({ name: 'webgpu-residency' });
    const k = jacobi.with({ backend });
    let u: Grid = Grid.fromFunction([67, 130], 'float32', (i, j) => Math.sin(i / 7) * Math.cos(j / 5));
    let ref = u;
    const before = { ...backend.heap.stats };
    for (let t = 0; t < 5; t++) {
      u = k(u) as Grid;
      ref = jacobi.with({ backend: 'js' })(ref) as Grid;
    }
    assert.equal(u.location, 'device');
    assert.equal(backend.heap.stats.uploads - before.uploads, 1, 'only the first input went up');
    const got = u.data;
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - ref.data[i]) < 1e-5, `point ${i}: ${got[i]} vs ${ref.data[i]}`);
    assert.equal(backend.heap.stats.downloads - before.downloads, 1);
  });

  it('uint8: a passed-in output keeps its border bytes and odd lengths pack correctly', () => {
    class Smooth extends StencilKernel<Grid> {
      override neighborhoods = [[[-1], [1]]];
      kernel(input: Record<number, number>, output: Record<number, number>) {
        for (const x of this.interiorPoints(output)) for (const y of this.neighbors(x, 0)) output[x] += 0.5 * input[y];
      }
    }
    for (const n of [1, 2, 3, 5, 13, 1027]) {
      const input = Grid.fromFunction([n], 'uint8', (i) => (i * 37) % 256);
      const make = () => Grid.fromFunction([n], 'uint8', () => 77);
      const want = new Smooth({ backend: 'js' })(input, { out: make() }) as Grid;
      const got = new Smooth({ backend: 'webgpu' })(input, { out: make() }) as Grid;
      assert.deepEqual([...got.data], [...want.data], `n = ${n}`);
    }
  });

  it('2-D dispatch: more workgroups than one dimension holds', () => {
    const one: KernelStrategy = { group: [1], points: [1], vector: false, tiles: false };
    const b = createWebGpuBackend({ name: 'webgpu-one-per-group', strategy: one });
    const k = stencil((a) => a(-1) + 2 * a(1), { name: 'wide', backend: b });
    const x = Grid.fromFunction([70_001], 'float32', (i) => (i % 1000) / 7);
    const want = (k.with({ backend: 'js' })(x) as Grid).data;
    const got = (k(x) as Grid).data;
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-3, `point ${i}: ${got[i]} vs ${want[i]}`);
  });

  it('special values: truthiness, round, sign, min/max, %, comparisons and integer stores match pure mode', () => {
    const SPECIAL = [NaN, 0, -0, Infinity, -Infinity, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1, -1, 2, 3, -3, 0.1, 255.9, 256, -1.2, 2147483648, -2147483904, 4294967296, -4294967296, 1e20, -1e20];
    const input = Grid.fromFunction([SPECIAL.length], 'float32', (i) => SPECIAL[i]);
    const kernels: Record<string, Parameters<typeof stencil>[0]> = {
      truthy: (a) => (a(0) ? 1 : 2) + (!a(1) ? 10 : 20),
      round: (a) => Math.round(a(0)),
      sign: (a) => Math.sign(a(0)),
      minMax: (a) => Math.min(a(0), a(1)) * 1000 + Math.max(a(0), a(1), a(2)),
      minMaxSigns: (a) => 1 / Math.min(a(0), a(1)) + 1 / Math.max(a(0), a(1)),
      truncAbs: (a) => Math.trunc(a(0)) - Math.abs(a(1)) + Math.floor(a(2)) * Math.ceil(a(-1)),
      compare: (a) => (a(0) < a(1) ? 1 : 0) + (a(0) === a(1) ? 2 : 0) + (a(0) !== a(1) ? 4 : 0) + (a(0) >= a(1) ? 8 : 0),
      identity: (a) => a(0),
    };
    // The exceptions are f32 rounding of finite results (WGSL computes in f32, pure mode in f64;
    // WGSL division may be off by 2.5 ulp). % is left out: exact only where fma is fused, which
    // SwiftShader's is not.
    const approx = new Set(['minMax', 'minMaxSigns', 'truncAbs']);
    for (const [name, fn] of Object.entries(kernels)) {
      for (const outputDtype of ['float32', 'int32', 'uint8'] as Dtype[]) {
        const k = stencil(fn, { name, boundary: 'wrap', outputDtype, backend: 'webgpu' });
        const want = (k.with({ mode: 'pure' })(input) as Grid).data;
        for (const mode of ['specialized', 'generic'] as const) {
          const got = (k.with({ mode })(input) as Grid).data;
          for (let i = 0; i < want.length; i++) {
            // f32 arithmetic may round a finite product to the next integer before the store.
            // Integer stores of values beyond f32's 2^24 wrap differently: not compared for those kernels.
            const huge = [-1, 0, 1, 2].some((o) => Math.abs(SPECIAL[(i + o + SPECIAL.length) % SPECIAL.length]) >= 2 ** 20);
            const close = outputDtype === 'float32' ? Math.abs(got[i] - want[i]) <= 1e-6 * Math.abs(want[i]) : huge || Math.abs(got[i] - want[i]) <= 1;
            const ok = Object.is(got[i], want[i]) || (approx.has(name) && close);
            assert.ok(ok, `${name} → ${outputDtype} (${mode}): element ${i} (input ${SPECIAL[i]}, next ${SPECIAL[(i + 1) % SPECIAL.length]}): got ${got[i]}, want ${want[i]}`);
          }
        }
      }
    }
  });

  it('random kernels under random strategies match pure mode (fast-check)', () => {
    const made = new Map<string, Backend>();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((ndim) =>
          fc.record({
            spec: kernelSpecArb(ndim),
            shape: fc.array(fc.integer({ min: 1, max: ndim === 3 ? 16 : 60 }), { minLength: ndim, maxLength: ndim }),
            group: fc.constantFrom(...({ 1: [[64], [128]], 2: [[1, 64], [2, 32], [8, 32]], 3: [[1, 4, 32], [2, 4, 32]] } as Record<number, number[][]>)[ndim]),
            rows: fc.constantFrom(1, 2, 4),
            last: fc.constantFrom(1, 2, 4),
            kind: fc.constantFrom('scalar', 'vector', 'tiles'),
            boundary: fc.constantFrom(...BOUNDARY_MODES.filter((m) => m !== 'interior')),
            dtype: fc.constantFrom<Dtype>('float32', 'int32', 'uint8'),
            seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          }),
        ),
        ({ spec, shape: shape0, group, rows, last, kind, boundary, dtype, seed }) => {
          const d = spec.ndim;
          const tiles = kind === 'tiles';
          const points = new Array<number>(d).fill(1);
          if (!tiles) {
            points[0] = rows;
            points[d - 1] = d === 1 ? Math.max(rows, last) : last;
          }
          const vector = kind === 'vector' && points[d - 1] > 1;
          // Vector loads need the last extent to be a multiple of the points per thread.
          const shape = [...shape0];
          if (vector) shape[d - 1] = Math.ceil(shape[d - 1] / points[d - 1]) * points[d - 1];
          const strategy: KernelStrategy = { group, points, vector, tiles };
          const key = `webgpu-${tiles ? 'tiles' : vector ? 'vector' : 'scalar'}-${group.join('x')}-${points.join('x')}`;
          let b = made.get(key);
          if (!b) made.set(key, (b = createWebGpuBackend({ name: key, strategy }) as Backend));
          const random = rng(seed);
          const inputs = Array.from({ length: spec.inputs }, () => randomGrid(shape, dtype, random));
          const kernel = buildFunctional(spec, boundary, 1.5, dtype);
          const want = kernel.run('pure', 'js', inputs, {});
          const out = Array.from({ length: spec.outputs }, () => Grid.fromFunction(shape, dtype, () => poison(dtype)));
          const got = kernel.run('specialized', b as never, inputs, { out: spec.outputs === 1 ? out[0] : out });
          const scale = magnitude(spec, maxAbs(inputs)) + maxAbs(want);
          for (let k = 0; k < want.length; k++) {
            const problem = compareGrids(got[k], want[k], scale);
            assert.equal(problem, undefined, `${key} on [${shape}] ${boundary} ${dtype}: output ${k}: ${problem}\n${kernel.source}`);
          }
        },
      ),
      { numRuns: Number(process.env.SEJITS_WEBGPU_STRATEGY_RUNS ?? 30), seed: Number(process.env.SEJITS_SEED ?? Date.now() % 2 ** 31) },
    );
  });

  it('vector strategies store rows as vectors, and edge paths write components of the vector binding', () => {
    const same = (got: Grid, want: Grid, what: string) => {
      for (let i = 0; i < want.data.length; i++) assert.ok(Math.abs(got.data[i] - want.data[i]) <= 1e-5 * (1 + Math.abs(want.data[i])), `${what}: point ${i}: ${got.data[i]} vs ${want.data[i]}`);
    };
    const vectorBackend = (strategy: KernelStrategy) => createWebGpuBackend({ name: `webgpu-vstore-${strategyKey(strategy)}`, strategy });
    const five = (a: (...o: number[]) => number) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0)) - a(0, 0);
    const seven = (a: (...o: number[]) => number) => a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -1) + 2 * a(0, 0, 1) - 3 * a(0, 0, 0);
    const twoOutputs = (a: (...o: number[]) => number) => [a(0, 1) + a(0, -1), a(1, 0) - 2 * a(0, 0)];
    const cases: { fn: Parameters<typeof stencil>[0]; shape: number[]; strategy: KernelStrategy; width: number }[] = [
      // Edges on both axes: 37 rows in blocks of 4, 24 columns in blocks of 256.
      { fn: five, shape: [37, 24], strategy: { group: [2, 64], points: [2, 4], vector: true, tiles: false }, width: 4 },
      { fn: five, shape: [21, 66], strategy: { group: [4, 32], points: [1, 2], vector: true, tiles: false }, width: 2 },
      { fn: twoOutputs, shape: [19, 40], strategy: { group: [2, 64], points: [4, 8], vector: true, tiles: false }, width: 4 },
      { fn: seven, shape: [9, 11, 14], strategy: { group: [1, 4, 32], points: [2, 1, 2], vector: true, tiles: false }, width: 2 },
      { fn: seven, shape: [7, 10, 36], strategy: { group: [1, 4, 32], points: [4, 1, 4], vector: true, tiles: false, foldLast: true }, width: 4 },
    ];
    for (const { fn, shape, strategy, width } of cases) {
      for (const dtype of ['float32', 'int32'] as Dtype[]) {
        const k = stencil(fn, { name: 'vstore', boundary: 'reflect', backend: vectorBackend(strategy) });
        const source = k.show({ dtype, ndim: shape.length }).source;
        const element = dtype === 'float32' ? 'f32' : 'i32';
        assert.match(source, new RegExp(`var<storage, read_write> out0: array<vec${width}<${element}>>;`));
        assert.match(source, new RegExp(`out0\\[\\(pb\\) / ${width}\\] = vec${width}<${element}>\\(w0_0, `), 'the row is one vector store');
        assert.match(source, new RegExp(`out0\\[p >> ${Math.log2(width)}u\\]\\[p & ${width - 1}\\] = `), 'edges store components');
        const x = Grid.fromFunction(shape, dtype, (...i) => (i.reduce((s, c, a) => s * 7 + c * (a + 3), 1) % 29) - 11);
        const got = k(x) as Grid | Grid[];
        const want = k.with({ backend: 'js' })(x) as Grid | Grid[];
        const [g, w] = [[got].flat(), [want].flat()];
        w.forEach((wk, o) => same(g[o], wk, `${strategyKey(strategy)} [${shape}] ${dtype} output ${o}`));
      }
    }
  });

  it('vector stores leave points outside the interior to a passed-in output; reads of the output keep scalar bindings', () => {
    const strategy: KernelStrategy = { group: [2, 64], points: [2, 4], vector: true, tiles: false };
    const backend = createWebGpuBackend({ name: 'webgpu-vstore-class', strategy });
    class Average extends StencilKernel<Grid> {
      override neighborhoods = [[[0, -1], [0, 1], [-1, 0], [1, 0]]];
      kernel(input: GridView, output: GridView) {
        for (const x of this.interiorPoints(output)) {
          let s = 0;
          for (const y of this.neighbors(x, 0)) s += input[y];
          output[x] = 0.25 * s;
        }
      }
    }
    class Accumulate extends StencilKernel<Grid> {
      override neighborhoods = [[[0, -1], [0, 1], [-1, 0], [1, 0]]];
      kernel(input: GridView, output: GridView) {
        for (const x of this.interiorPoints(output)) for (const y of this.neighbors(x, 0)) output[x] += 0.5 * input[y];
      }
    }
    const x = Grid.fromFunction([23, 20], 'float32', (i, j) => Math.sin(i / 3) + j);
    const out = () => Grid.fromFunction([23, 20], 'float32', (i, j) => 1000 + i * 20 + j);
    for (const [K, vectorOut] of [[Average, true], [Accumulate, false]] as const) {
      const source = new K({ backend }).show({ dtype: 'float32', ndim: 2 }).source;
      assert.equal(/out0: array<vec4<f32>>;/.test(source), vectorOut, `${K.name}: out0 bound as vectors`);
      assert.match(source, /in0v: array<vec4<f32>>;/, 'inputs still load vectors');
      const got = new K({ backend })(x, { out: out() }) as Grid;
      const want = new K({ backend: 'js' })(x, { out: out() }) as Grid;
      for (let i = 0; i < want.data.length; i++) assert.ok(Math.abs(got.data[i] - want.data[i]) <= 1e-4, `${K.name}: point ${i}: ${got.data[i]} vs ${want.data[i]}`);
    }
  });

  it('after a synchronize the first launch is submitted alone, and later batches double up to 64', () => {
    const backend = createWebGpuBackend({ name: 'webgpu-batches' });
    const k = jacobi.with({ backend });
    const u = Grid.fromFunction([64, 64], 'float32', (i, j) => Math.sin(i + j));
    const out = Grid.zeros([64, 64], 'float32');
    k(u, { out });
    backend.synchronize();
    backend.session.gpuProfile();
    k(u, { out });
    backend.synchronize();
    assert.deepEqual(pick(backend.session.gpuProfile()), { submits: 1, launches: 1 });
    for (let i = 0; i < 200; i++) k(u, { out });
    backend.synchronize();
    const p = backend.session.gpuProfile();
    assert.equal(p.launches, 200);
    // However the worker's reads interleave with the posts: at least 1 + 2 + 4 + … + 64 and then
    // 64 a submit (7 for the first 127, 2 for the other 73), at most one a launch.
    assert.ok(p.submits >= 9 && p.submits <= 200, `${p.submits} submits`);
    function pick(x: { submits: number; launches: number }) {
      return { submits: x.submits, launches: x.launches };
    }
  });

  it('the tuner times strategies and keeps a winner', () => {
    const backend = createWebGpuBackend({ name: 'webgpu-tuned' });
    const k = jacobi.with({ backend });
    const u = Grid.fromFunction([128, 256], 'float32', (i, j) => Math.sin(i + j));
    const report = k.tune(u, { maxCandidates: 4, budgetMs: 5 });
    assert.ok(report.winner && report.results.filter((r) => r.ms !== undefined).length >= 2, JSON.stringify(report.results));
  });

  it('every golden WGSL file passes Dawn\'s WGSL compiler (Tint)', () => {
    const backend = createWebGpuBackend({ name: 'webgpu-validate' });
    const dir = new URL('./golden/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.wgsl'));
    assert.ok(files.length >= 8);
    for (const f of files) {
      const source = readFileSync(new URL(f, dir), 'utf8');
      const inputs = (source.match(/var<storage, read> in\d+:/g) ?? []).length;
      const outputs = (source.match(/var<storage, read_write> out\d+:/g) ?? []).length;
      const aliases = (source.match(/var<storage, read> in\d+v:/g) ?? []).length;
      const r = backend.session.compile(`golden-${f}`, f, source, inputs, outputs, WGSL_ENTRY, aliases);
      assert.deepEqual(r.messages, [], `${f}: ${JSON.stringify(r.messages)}`);
      assert.equal(r.error, undefined, f);
    }
    const broken = backend.session.compile('broken', 'broken', 'fn nope( {', 0, 0, WGSL_ENTRY);
    assert.ok(broken.messages.length > 0 && broken.messages[0].line === 1, 'a WGSL error reports its line');
  });

});
