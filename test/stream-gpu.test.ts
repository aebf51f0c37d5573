/**
 * Register streaming of 2-D staged programs (backends/gpu/stream-plan.ts), forced on through
 * backends built with one streaming strategy for staged programs each: fused chains must match the
 * js backend run unfused, on grids whose edge tiles (the frame) and streamed strips both run, and
 * on grids too small for any strip. Deterministic cases cover the boundary-mode pairs, float32,
 * float64 and int32, a program input read again by the last stage, two inputs, every lane width and
 * strips shorter than the chain's reach; fast-check draws random chains of random stencils.
 *
 * Both kinds run on cuda where it is required (scripts/gpu-run.sh meta; CI has no GPU): lanes
 * exchanging neighbours by shuffles, and lanes loading their own (`loads`). The loads kind also
 * runs on opencl where it is required (CI: PoCL), with fewer random chains (SEJITS_STREAM_RUNS_OPENCL).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { add, createCudaBackend, createOpenCLBackend, Grid, meta, stencil, strategyKey, type Backend, type BoundaryMode, type Dtype, type KernelStrategy } from '../src/index.js';
import { assertAvailable, requiredBackends } from './conformance/backends.js';
import { functionalStencil, kernelSpecArb, magnitude, type KernelSpec } from './conformance/kernels.js';
import { maxAbs, randomGrid, rng } from './conformance/random-data.js';
import { compareGrids } from './conformance/tolerance.js';
import { inapplicable } from '../src/backends/gpu/strategy.js';
import type { LoopProgram } from '../src/ir/kernel.js';

type Tap = (...offsets: number[]) => number;
const lap = (a: Tap) => a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0);
const MODES: readonly BoundaryMode[] = ['nearest', 'reflect', 'mirror', 'constant'];
const PAIRS = [['nearest', 'reflect'], ['constant', 'mirror'], ['reflect', 'nearest'], ['mirror', 'constant']] as const;

interface Target {
  readonly backend: 'cuda' | 'opencl';
  /** Lanes load their own neighbours (else shuffles, halos of 8 columns: reach up to 8). */
  readonly loads: boolean;
  readonly runs: number;
}

const TARGETS: readonly Target[] = [
  ...(requiredBackends().includes('cuda') ? [false, true].map((loads) => ({ backend: 'cuda' as const, loads, runs: Number(process.env.SEJITS_STREAM_RUNS ?? 40) })) : []),
  ...(requiredBackends().includes('opencl') ? [{ backend: 'opencl' as const, loads: true, runs: Number(process.env.SEJITS_STREAM_RUNS_OPENCL ?? process.env.SEJITS_STREAM_RUNS ?? 40) }] : []),
];

/** A streaming strategy: frame tiles of 8×32 points (small grids then have strips). */
function streaming(target: Target, lanes: number, rows: number, ahead: number): KernelStrategy {
  const stream = target.loads ? { lanes, rows, ahead, halo: 0, loads: true } : { lanes, rows, ahead, halo: 8 };
  return { group: [8, 32], points: [1, 1], vector: false, tiles: false, stream };
}

const backends = new Map<string, Backend>();
function backendFor(target: Target, s: KernelStrategy): Backend {
  const key = `${target.backend} ${strategyKey(s)}`;
  let b = backends.get(key);
  const name = key.replace(/ /g, '-');
  if (!b) backends.set(key, (b = (target.backend === 'cuda' ? createCudaBackend({ name, staged: s }) : createOpenCLBackend({ name, staged: s })) as Backend));
  return b;
}

/** The widest lane up to four columns that divides the rows' length (eight take too many registers for 4 float64 stages). */
const lanesFor = (n1: number) => [4, 2, 1].find((l) => n1 % l === 0)!;

/** Why the strategy cannot stream the one staged program meta plans for the call, or undefined when it can. */
function whyNotStreamed(s: KernelStrategy, f: { plan(...a: never[]): { fusedPrograms: readonly { program: LoopProgram }[] } }, u: Grid, ...rest: unknown[]): string | undefined {
  const plan = (f.plan as (...a: unknown[]) => { fusedPrograms: readonly { program: LoopProgram }[] })(u, ...rest);
  if (plan.fusedPrograms.length !== 1 || !plan.fusedPrograms[0].program.staged) return 'meta planned no single staged program';
  return inapplicable(s, plan.fusedPrograms[0].program, u.shape, { maxGroupSize: 1024, sharedMemBytes: 48 * 1024, shuffles: !s.stream?.loads, streaming: true });
}

function check(got: Grid, want: Grid, magnitudeOf: number, what: string): void {
  const problem = compareGrids(got, want, magnitudeOf);
  assert.equal(problem, undefined, `${what}: ${problem}`);
}

for (const target of TARGETS) {
  describe(`register streaming on ${target.backend}, ${target.loads ? 'lanes loading their neighbours' : 'neighbours by shuffles'}`, () => {
    assertAvailable(target.backend);
    // 1×1 and grids under one frame tile (no strips), primes, and grids of several strips.
    const SHAPES = [[1, 1], [2, 3], [37, 61], [97, 301], [131, 264], [203, 520]];

    it('chains of 2 to 4 Laplacians in every boundary-mode pair, float32, float64 and int32', () => {
      const random = rng(31);
      for (const [m1, m2] of PAIRS) {
        for (const k of [2, 3, 4]) {
          for (const shape of SHAPES) {
            for (const dtype of (m1 === 'nearest' ? ['float32', 'float64', 'int32'] : ['float32']) as Dtype[]) {
              const u = randomGrid(shape, dtype, random);
              const j1 = stencil(lap, { backend: 'js', boundary: m1, name: 'lapA' });
              const j2 = stencil(lap, { backend: 'js', boundary: m2, name: 'lapB' });
              const chain = (s1: typeof j1, s2: typeof j1) => (x: Grid) => {
                let v = s1(x) as Grid;
                for (let i = 1; i < k; i++) v = s2(v) as Grid;
                return v;
              };
              const on = (strategy: KernelStrategy) => {
                const b = backendFor(target, strategy);
                const first = stencil(lap, { backend: b, boundary: m1, name: 'lapA' });
                const rest = stencil(lap, { backend: b, boundary: m2, name: 'lapB' });
                return meta(chain(first, rest), { name: `lap${k}_${m1}_${m2}`, depth: k });
              };
              // The widest lane that divides the rows and fits the registers (loads streaming widens
              // every window by the columns beside a lane: 4 float64 stages take two or one).
              const lanesTried = [4, 2, 1].filter((l) => l <= lanesFor(shape[1]));
              const lanes = lanesTried.find((l) => whyNotStreamed(streaming(target, l, k === 3 ? 8 : 32, 4), on(streaming(target, l, k === 3 ? 8 : 32, 4)), u) === undefined) ?? 1;
              const strategy = streaming(target, lanes, k === 3 ? 8 : 32, 4);
              const f = on(strategy);
              assert.equal(whyNotStreamed(strategy, f, u), undefined, `${k} ${m1}→${m2} ${dtype} [${shape}]`);
              check(f(u) as Grid, chain(j1, j2)(u), 8 ** k * maxAbs([u]), `${k} Laplacians ${m1}→${m2} ${dtype} [${shape}] lanes ${lanes}`);
            }
          }
        }
      }
    });

    it('the program input read again by the last stage, and a second input', () => {
      const random = rng(32);
      const mix = (a: Tap, b: Tap) => a(0, -1) + 0.5 * a(1, 1) - b(-1, 0) + 0.25 * b(0, 2);
      for (const shape of SHAPES) {
        const strategy = streaming(target, lanesFor(shape[1]), 16, 2);
        const b = backendFor(target, strategy);
        const l = stencil(lap, { backend: b, boundary: 'reflect', name: 'lapR' });
        const m = stencil(mix, { backend: b, boundary: 'nearest', name: 'mix' });
        const lj = stencil(lap, { backend: 'js', boundary: 'reflect', name: 'lapR' });
        const mj = stencil(mix, { backend: 'js', boundary: 'nearest', name: 'mix' });
        const f = meta((u: Grid, v: Grid) => add.with({ backend: b })(m(l(u), v) as Grid, u), { name: 'mixed', depth: 3 });
        const u = randomGrid(shape, 'float32', random);
        const v = randomGrid(shape, 'float32', random);
        assert.equal(whyNotStreamed(strategy, f, u, v), undefined, `lap, mix, add [${shape}]`);
        check(f(u, v) as Grid, add.with({ backend: 'js' })(mj(lj(u), v) as Grid, u), 64 * maxAbs([u, v]), `lap, mix, add [${shape}]`);
      }
    });

    it('random chains of random stencils under random stream shapes (fast-check)', () => {
      const arb = fc.record({
        specs: fc.array(kernelSpecArb(2, 2), { minLength: 2, maxLength: 3 }),
        modes: fc.array(fc.constantFrom(...MODES), { minLength: 3, maxLength: 3 }),
        rows: fc.integer({ min: 1, max: 140 }),
        cols: fc.integer({ min: 1, max: 70 }),
        lanes: fc.constantFrom(1, 2, 4, 8),
        stripRows: fc.constantFrom(4, 16, 64),
        ahead: fc.constantFrom(1, 3, 4),
        dtype: fc.constantFrom('float32' as const, 'float64' as const),
        seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      });
      let streamed = 0;
      fc.assert(
        fc.property(arb, (c) => {
          const shape = [c.rows, c.cols * c.lanes];
          const strategy = streaming(target, c.lanes, c.stripRows, c.ahead);
          const b = backendFor(target, strategy);
          const on = (backend: Backend | string) => c.specs.map((spec, i) => functionalStencil(spec, c.modes[i], 0.5, undefined).with({ backend }));
          const run = (ks: ReturnType<typeof on>) => (u: Grid, v: Grid) => {
            let x = u;
            ks.forEach((k, i) => {
              const args = c.specs[i].inputs === 2 ? [x, v] : [x];
              const params = c.specs[i].param !== undefined ? { params: { k: c.specs[i].param } } : {};
              const out = k(...args, params);
              x = Array.isArray(out) ? (out[0] as Grid) : (out as Grid);
            });
            return x;
          };
          const f = meta(run(on(b)), { name: 'random_chain', depth: c.specs.length });
          const random = rng(c.seed);
          const u = randomGrid(shape, c.dtype, random);
          const v = randomGrid(shape, c.dtype, random);
          // A chain the strategy cannot stream (a stencil reading through a static table at computed
          // coordinates, windows beyond the registers) cannot run on a backend forced to stream: skipped.
          if (whyNotStreamed(strategy, f, u, v) !== undefined) return true;
          streamed++;
          const bound = c.specs.reduce((m, spec: KernelSpec) => magnitude(spec, m), maxAbs([u, v]));
          check(f(u, v) as Grid, run(on('js'))(u, v), bound, `chain ${JSON.stringify(c)}`);
          return true;
        }),
        { numRuns: target.runs, seed: Number(process.env.SEJITS_SEED ?? 20261123) },
      );
      assert.ok(streamed >= target.runs / 4, `only ${streamed} of ${target.runs} random chains were staged`);
    });
  });
}
