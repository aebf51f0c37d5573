/**
 * The GPU strategies (strategy.ts) and their tuner (tuner.ts): keys, applicability, the first-call
 * heuristic, the candidate space, shared-memory tile plans, forced options and tuning records;
 * and on every required GPU backend, random kernels under random strategies against pure mode.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { BOUNDARY_MODES, DTYPES, Grid, KernelArgumentError, createCudaBackend, createOpenCLBackend, runPipeline, stencil, type Backend, type KernelStrategy } from '../src/index.js';
import { candidateStrategies, heuristicStrategy, inapplicable, parseStrategyKey, shapeClass, strategyKey } from '../src/backends/gpu/strategy.js';
import { StrategyChooser, type TuneTarget } from '../src/backends/gpu/tuner.js';
import { planTiles } from '../src/backends/gpu/tiling.js';
import { binary, constant, coord, inputRef, load, type Expr, type Stmt } from '../src/ir/nodes.js';
import type { LoopProgram } from '../src/ir/kernel.js';
import { fastCheckRuns, requiredBackends } from './conformance/backends.js';
import { buildFunctional, kernelSpecArb, magnitude } from './conformance/kernels.js';
import { maxAbs, poison, randomGrid, rng } from './conformance/random-data.js';
import { compareGrids } from './conformance/tolerance.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'sejits-tuning-'));
process.env.SEJITS_CACHE_DIR = cacheDir;
after(() => rmSync(cacheDir, { recursive: true, force: true }));

const LIMITS = { maxGroupSize: 1024, sharedMemBytes: 48 * 1024 };

/** The specialized program of a functional kernel on grids of a dtype. */
function programOf(fn: (...a: never[]) => number, ndim: number, dtype: 'float32' | 'float64' = 'float32', generic = false): LoopProgram {
  const k = stencil(fn as never, { name: 'probe' });
  const kernel = k.specializer.frontend.lower(1, ndim);
  return runPipeline({ ...kernel, ndim }, { inputDtypes: [dtype], outputDtypes: [dtype], generic, dump: false }).program;
}

const jacobi2d = programOf(((a: (...o: number[]) => number) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0))) as never, 2);

describe('gpu strategies', () => {
  it('keys round-trip and garbage is rejected', () => {
    const s: KernelStrategy = { group: [1, 128], points: [8, 4], vector: true, tiles: false };
    assert.equal(strategyKey(s), 'vector g1x128 p8x4');
    assert.deepEqual(parseStrategyKey(strategyKey(s)), s);
    for (const bad of ['', 'vector g1x128', 'fast g1 p1', 'scalar g0 p1', 'scalar g1x2 p1', 'scalar g1x2 p1x1 folded']) assert.equal(parseStrategyKey(bad), undefined, bad);
    assert.deepEqual(parseStrategyKey('scalar g1x4x32 p4x4x1 fold'), { group: [1, 4, 32], points: [4, 4, 1], vector: false, tiles: false, foldLast: true });
    assert.equal(strategyKey(parseStrategyKey('vector g1x4x32 p2x2x2 fold')!), 'vector g1x4x32 p2x2x2 fold');
  });

  it('says why a strategy cannot run', () => {
    const vec: KernelStrategy = { group: [1, 128], points: [8, 4], vector: true, tiles: false };
    assert.equal(inapplicable(vec, jacobi2d, [64, 64], LIMITS), undefined);
    assert.match(inapplicable(vec, jacobi2d, [64, 66], LIMITS) ?? '', /not a multiple of 4/);
    assert.match(inapplicable({ ...vec, group: [8, 256] }, jacobi2d, [64, 64], LIMITS) ?? '', /exceed the device's 1024/);
    assert.match(inapplicable({ ...vec, tiles: true }, jacobi2d, [64, 64], LIMITS) ?? '', /one point per thread/);
    const generic = programOf(((a: (...o: number[]) => number) => a(0, 1) - a(0, -1)) as never, 2, 'float32', true);
    assert.match(inapplicable(vec, generic, [64, 64], LIMITS) ?? '', /generic mode/);
    assert.match(inapplicable({ group: [256], points: [1], vector: false, tiles: false }, jacobi2d, [64, 64], LIMITS) ?? '', /1-D grids/);
  });

  it('the first-call heuristic streams rows with vectors where it can, and falls back where it cannot', () => {
    assert.equal(strategyKey(heuristicStrategy(jacobi2d, [8192, 8192], LIMITS)), 'vector g2x64 p2x2');
    assert.equal(strategyKey(heuristicStrategy(jacobi2d, [8191, 8191], LIMITS)), 'scalar g2x64 p2x1');
    const generic = programOf(((a: (...o: number[]) => number) => a(0, 1) - a(0, -1)) as never, 2, 'float32', true);
    assert.equal(strategyKey(heuristicStrategy(generic, [8192, 8192], LIMITS)), 'scalar g8x32 p1x1');
    const wide = programOf(((a: (...o: number[]) => number) => a(-6, 0) + a(6, 0) + a(0, -6) + a(0, 6) + a(3, 3) + a(-3, -3) + a(3, -3) + a(-3, 3) + a(1, 1) + a(2, 2) + a(0, 0)) as never, 2);
    assert.equal(strategyKey(heuristicStrategy(wide, [64, 64], LIMITS)), 'vector g4x32 p4x4', 'wider windows take more points per thread');
    assert.deepEqual(heuristicStrategy(jacobi2d, [64, 64], { maxGroupSize: 64, sharedMemBytes: 0 }).group, [2, 32], 'shrunk to the device');
  });

  it('the candidate space is unique, applicable and includes every kind', () => {
    const c = candidateStrategies(jacobi2d, [4096, 4096], LIMITS);
    assert.equal(new Set(c.map(strategyKey)).size, c.length);
    for (const s of c) assert.equal(inapplicable(s, jacobi2d, [4096, 4096], LIMITS), undefined, strategyKey(s));
    for (const kind of ['scalar', 'tiles', 'vector']) assert.ok(c.some((s) => strategyKey(s).startsWith(kind)), kind);
    assert.ok(c.some((s) => s.points[0] === 8 && s.vector));
    assert.ok(!candidateStrategies(jacobi2d, [4096, 4095], LIMITS).some((s) => s.vector), 'no vectors on an odd last extent');
  });

  it('shape classes bucket extents by powers of two and vector alignment', () => {
    assert.equal(shapeClass([8192, 8192]), '2d:13x13:v4');
    assert.equal(shapeClass([8000, 8190]), '2d:13x13:v2');
    assert.equal(shapeClass([1, 7]), '2d:0x3:v1');
  });

  it('tiles stage inputs read at neighbours, with their halos, within the shared-memory budget', () => {
    const program = (taps: number[][]) => {
      const tap = (t: number[]) => load(inputRef(0), t.map((c, a) => (c === 0 ? coord(a) : binary('+', coord(a), constant(c)))));
      const value = taps.map((t): Expr => tap(t)).reduce((x, y) => binary('+', x, y));
      const body: Stmt[] = [{ kind: 'store', output: 0, op: '=', value }];
      return { ndim: taps[0].length, split: true, inputs: [{ name: 'a', dtype: 'float32' }], outputs: [{ name: 'o', dtype: 'float32' }], regions: [{ variant: taps[0].map(() => 'none'), body }] } as never;
    };
    const plan = planTiles(program([[0, 1], [0, -2], [3, 0]]), [8, 32], 1 << 16);
    assert.deepEqual(plan.map((s) => [s.haloLo, s.haloHi, s.extents]), [[[0, 2], [3, 1], [11, 35]]]);
    assert.equal(planTiles(program([[0, 0]]), [8, 32], 1 << 16).length, 0, 'pointwise inputs stay global');
    assert.equal(planTiles(program([[0, 1], [0, -1]]), [8, 32], 512).length, 0, 'over budget');
  });

  it('forced options win; a forced strategy that cannot run says why', () => {
    const forced = new StrategyChooser('test', 'dev', LIMITS, { strategy: { group: [1, 64], points: [2, 2], vector: true, tiles: false } });
    assert.deepEqual(forced.choose(jacobi2d, [64, 64]), { strategy: { group: [1, 64], points: [2, 2], vector: true, tiles: false }, origin: 'forced' });
    assert.throws(() => forced.choose(jacobi2d, [64, 63]), (e: unknown) => e instanceof KernelArgumentError && /not a multiple of 2/.test(e.message));
    const tiles = new StrategyChooser('test', 'dev', LIMITS, { tiles: 'local', group: [4, 64] });
    assert.equal(strategyKey(tiles.choose(jacobi2d, [64, 64]).strategy), 'tiles g4x64 p1x1');
    assert.throws(() => new StrategyChooser('test', 'dev', LIMITS, { tiles: 'shared' as never }), /tiles must be/);
  });

  it('tuning times the finalists again, so a strategy fast only once does not win', () => {
    const chooser = new StrategyChooser('test', 'device-lucky', LIMITS, {});
    const lucky = 'scalar g4x64 p1x1';
    const steady = strategyKey(heuristicStrategy(jacobi2d, [300, 300], LIMITS));
    let luckyRuns = 0;
    const wait = (ms: number) => {
      for (const end = performance.now() + ms; performance.now() < end; );
    };
    const target: TuneTarget = {
      run(s) {
        const key = strategyKey(s);
        // The lucky strategy costs nothing through its first measurement, then the most.
        if (key === lucky) wait(++luckyRuns > 602 ? 0.08 : 0);
        else wait(key === steady ? 0.01 : 0.05);
      },
      synchronize() {},
    };
    const report = chooser.tune(jacobi2d, [300, 300], target, 'fake device', { budgetMs: 2 });
    assert.equal(report.winner, steady, JSON.stringify(report.results.slice(0, 4)));
    assert.equal(report.results[0].strategy, steady);
    assert.ok(report.results.every((r) => r.ms === undefined || r.ms >= report.winnerMs));
  });

  it('tuning keeps the fastest strategy, and a new process (a new chooser) starts with it from the disk cache', () => {
    const chooser = new StrategyChooser('test', 'device-A', LIMITS, {});
    const runs = new Map<string, number>();
    const winner = 'scalar g4x64 p1x1';
    const target: TuneTarget = {
      run(s) {
        runs.set(strategyKey(s), (runs.get(strategyKey(s)) ?? 0) + 1);
        // Every strategy but one costs a busy wait.
        if (strategyKey(s) !== winner) for (const end = performance.now() + 0.05; performance.now() < end; );
      },
      synchronize() {},
    };
    const report = chooser.tune(jacobi2d, [300, 300], target, 'fake device', { budgetMs: 2 });
    assert.equal(report.winner, winner);
    assert.equal(report.results[0].strategy, winner);
    assert.equal(report.heuristic, strategyKey(heuristicStrategy(jacobi2d, [300, 300], LIMITS)));
    assert.ok(report.results.length > 20 && [...runs.values()].every((n) => n >= 4));
    const later = new StrategyChooser('test', 'device-A', LIMITS, {});
    assert.deepEqual(later.choose(jacobi2d, [290, 312]), { strategy: parseStrategyKey(winner), origin: 'tuned' }, 'same shape class');
    assert.equal(later.choose(jacobi2d, [30, 30]).origin, 'heuristic', 'another shape class');
    assert.equal(new StrategyChooser('test', 'device-B', LIMITS, {}).choose(jacobi2d, [300, 300]).origin, 'heuristic', 'another device');
  });
});

/** GPU backends under test, with a constructor for a backend forced to one strategy. */
const GPU_BACKENDS: Record<string, (name: string, strategy: KernelStrategy) => Backend> = {
  opencl: (name, strategy) => createOpenCLBackend({ name, strategy }) as Backend,
  cuda: (name, strategy) => createCudaBackend({ name, strategy }) as Backend,
};

const strategyArb = (ndim: number) =>
  fc.record({
    group: fc.constantFrom(...({ 1: [[64], [128], [256]], 2: [[1, 64], [2, 32], [4, 64], [8, 32], [1, 128]], 3: [[1, 4, 32], [2, 4, 32], [1, 2, 64]] } as Record<number, number[][]>)[ndim]),
    rows: fc.constantFrom(1, 2, 4, 8),
    last: fc.constantFrom(1, 2, 4),
    kind: fc.constantFrom('scalar', 'vector', 'tiles'),
    fold: fc.boolean(),
  });

for (const backend of requiredBackends().filter((b) => b in GPU_BACKENDS)) {
  describe(`gpu strategies on ${backend}`, () => {
    it('a window of more than 32 taps runs boundary points through the fully folded region, in every mode', () => {
      const box7 = (a: (...o: number[]) => number) => {
        let s = 0;
        for (let i = -3; i <= 3; i++) for (let j = -3; j <= 3; j++) s += (i + 4) * a(i, j) - j * a(j, i);
        return s;
      };
      const b = GPU_BACKENDS[backend](`${backend}-wide-window`, { group: [8, 32], points: [1, 1], vector: false, tiles: false });
      for (const boundary of ['nearest', 'reflect', 'mirror', 'wrap', 'constant'] as const) {
        const k = stencil(box7, { name: 'box7', boundary, cval: 0.5, backend: b });
        assert.equal(k.show({ dtype: 'float32' }).source.match(/case \d+: \{/g)?.length, 2, 'the interior and the fully folded region');
        for (const shape of [[40, 52], [5, 4], [9, 70]]) {
          const x = randomGrid(shape, 'float32', rng(shape[0]));
          const got = (k(x) as Grid).data;
          const want = (k.with({ mode: 'pure' })(x) as Grid).data;
          for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-4 * (1 + Math.abs(want[i])), `${boundary} [${shape}] point ${i}: ${got[i]} vs ${want[i]}`);
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
              shape: fc.array(fc.integer({ min: 1, max: ndim === 3 ? 20 : 70 }), { minLength: ndim, maxLength: ndim }),
              strategy: strategyArb(ndim),
              boundary: fc.constantFrom(...BOUNDARY_MODES.filter((m) => m !== 'interior')),
              dtype: fc.constantFrom(...DTYPES),
              seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
            }),
          ),
          ({ spec, shape, strategy: s, boundary, dtype, seed }) => {
            const d = spec.ndim;
            const tiles = s.kind === 'tiles';
            const points = new Array<number>(d).fill(1);
            if (!tiles) {
              points[0] = s.rows;
              points[d - 1] = d === 1 ? Math.max(s.last, s.rows) : s.last;
            }
            const vector = s.kind === 'vector' && points[d - 1] > 1;
            const fold = s.fold && !tiles && d >= 2;
            const strategy: KernelStrategy = { group: s.group, points, vector, tiles, ...(fold ? { foldLast: true } : {}) };
            // Vectors need the last extent to be a multiple of the points per thread.
            const grid = [...shape];
            if (vector) grid[d - 1] = Math.ceil(grid[d - 1] / points[d - 1]) * points[d - 1];
            const key = `${backend}-${strategyKey(strategy).replace(/ /g, '-')}`;
            let b = made.get(key);
            if (!b) made.set(key, (b = GPU_BACKENDS[backend](key, strategy)));
            const random = rng(seed);
            const inputs = Array.from({ length: spec.inputs }, () => randomGrid(grid, dtype, random));
            const kernel = buildFunctional(spec, boundary, 1.5, dtype);
            const want = kernel.run('pure', 'js', inputs, {});
            const out = Array.from({ length: spec.outputs }, () => Grid.fromFunction(grid, dtype, () => poison(dtype)));
            let got: Grid[];
            try {
              got = kernel.run('specialized', b as never, inputs, { out: spec.outputs === 1 ? out[0] : out });
            } catch (e) {
              // A kernel that reads its last axis at offset 0 only has no row to fold.
              if (fold && /no row variant/.test(String(e))) return;
              throw e;
            }
            const scale = magnitude(spec, maxAbs(inputs)) + maxAbs(want);
            for (let k = 0; k < want.length; k++) {
              const problem = compareGrids(got[k], want[k], scale);
              assert.equal(problem, undefined, `${strategyKey(strategy)} on [${grid}] ${boundary} ${dtype}: output ${k}: ${problem}\n${kernel.source}`);
            }
          },
        ),
        { numRuns: fastCheckRuns(`${backend}_strategies`), seed: Number(process.env.SEJITS_SEED ?? Date.now() % 2 ** 31) },
      );
    });
  });
}
