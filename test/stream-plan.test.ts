/**
 * Register streaming's plan, split and choice (backends/gpu/stream-plan.ts), without a GPU: each
 * stage's lag and each window's depth hold every row a stage reads (random chains, fast-check); the
 * host's split of the grid into strips and frame tiles matches a tile-by-tile classification, and
 * the kernel's numbering of frame blocks (mirrored here) visits each frame tile once; strategy keys
 * round-trip; devices with shuffles get both kinds of streaming candidates, opencl the loads kind,
 * webgpu none; and what cannot stream says why.
 * The kernels themselves compile in test/meta-cuda-ptx.test.ts and run in test/stream-gpu.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { add, Grid, meta, parseStrategyKey, stencil, strategyKey, type BoundaryMode } from '../src/index.js';
import type { LoopProgram } from '../src/ir/kernel.js';
import { forEachExpr } from '../src/ir/visitor.js';
import { constantShifts } from '../src/backends/tap-offsets.js';
import { ownWidth, streamInapplicable, streamPartition, streamPlan, type StreamPlan, type StreamShape } from '../src/backends/gpu/stream-plan.js';
import { candidateStrategies, heuristicStrategy, inapplicable } from '../src/backends/gpu/strategy.js';
import { functionalStencil, kernelSpecArb } from './conformance/kernels.js';

type Tap = (...offsets: number[]) => number;
const lap = (a: Tap) => a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0);
const CUDA_LIMITS = { maxGroupSize: 1024, sharedMemBytes: 48 * 1024, shuffles: true, streaming: true };
const OPENCL_LIMITS = { maxGroupSize: 1024, sharedMemBytes: 48 * 1024, streaming: true };
/** A backend that renders no streaming (webgpu's WGSL). */
const WGSL_LIMITS = { maxGroupSize: 256, sharedMemBytes: 16384, fieldBytes: 4 };

function stagedProgram(f: { plan(...a: never[]): { fusedPrograms: readonly { program: LoopProgram }[] } }, ...args: unknown[]): LoopProgram {
  const plan = (f.plan as (...a: unknown[]) => { fusedPrograms: readonly { program: LoopProgram }[] })(...args);
  const program = plan.fusedPrograms[0]?.program;
  assert.ok(program?.staged, 'the plan has no staged program');
  return program;
}

function lapChain(k: number, boundary: BoundaryMode = 'nearest'): LoopProgram {
  const l = stencil(lap, { backend: 'c', boundary, name: 'lap' });
  const f = meta((u: Grid) => {
    for (let i = 0; i < k; i++) u = l(u) as Grid;
    return u;
  }, { depth: k });
  return stagedProgram(f, Grid.zeros([64, 64], 'float32'));
}

/** Every read of every stage lands inside its window, at or before the window's newest row. */
function assertWindowsHold(program: LoopProgram, plan: StreamPlan): void {
  const nExt = program.inputs.length;
  program.staged!.stages.forEach((stage, s) => {
    const { lag, windowOf } = plan.stages[s];
    forEachExpr(stage.interior, (e) => {
      if (e.kind !== 'load' || e.grid.role !== 'input') return;
      const shifts = constantShifts(e.coords)!;
      const x = plan.windows.find((w) => w.key === windowOf.get(e.grid.index))!;
      assert.ok(x, `stage ${s} reads grid ${e.grid.index} (${e.grid.index < nExt ? 'input' : 'field'}) from no window`);
      const back = lag - x.lag - shifts[0];
      assert.ok(back >= 0 && back < x.depth, `stage ${s} reads ${x.key} ${back} rows back, its window holds ${x.depth}`);
      // Under loads streaming the stage computes columns [-lo, V + hi) and reads them shifted by dx.
      const cols = plan.stages[s].cols;
      assert.ok(x.cols.lo >= cols.lo - shifts[1] && x.cols.hi >= cols.hi + shifts[1], `stage ${s} (columns ${cols.lo}/${cols.hi}) reads ${x.key} at dx ${shifts[1]}, which holds ${x.cols.lo}/${x.cols.hi} beside`);
    });
    // It computes every column its results' windows hold.
    stage.results.forEach((_, k) => {
      const x = plan.windows.find((w) => w.key === `r${s}_${k}`);
      if (x) assert.ok(plan.stages[s].cols.lo >= x.cols.lo && plan.stages[s].cols.hi >= x.cols.hi, `stage ${s} computes fewer columns than ${x.key} holds`);
    });
  });
}

describe('register streaming: plan', () => {
  it('4 Laplacians: each stage one row behind the last, windows of three rows', () => {
    const program = lapChain(4);
    const plan = streamPlan(program);
    assert.ok(typeof plan !== 'string', String(plan));
    assert.deepEqual(plan.stages.map((s) => s.lag), [1, 2, 3, 4]);
    assert.deepEqual(plan.windows.map((w) => [w.key, w.lag, w.depth]), [['in0', 0, 3], ['r0_0', 1, 3], ['r1_0', 2, 3], ['r2_0', 3, 3]]);
    // Lanes loading their own neighbours: each stage one column narrower a side than the one it reads.
    assert.deepEqual(plan.windows.map((w) => [w.cols.lo, w.cols.hi]), [[4, 4], [3, 3], [2, 2], [1, 1]]);
    assert.deepEqual(plan.stages.map((x) => [x.cols.lo, x.cols.hi]), [[3, 3], [2, 2], [1, 1], [0, 0]]);
    assert.equal(plan.above, 4);
    assert.equal(plan.outputLag, 4);
    assertWindowsHold(program, plan);
  });

  it('an input read again by the last stage keeps its rows until then', () => {
    const l = stencil(lap, { backend: 'c', boundary: 'reflect', name: 'lap' });
    const f = meta((u: Grid) => add(l(l(u)) as Grid, u), { depth: 3 });
    const program = stagedProgram(f, Grid.zeros([64, 64], 'float32'));
    const plan = streamPlan(program);
    assert.ok(typeof plan !== 'string', String(plan));
    const input = plan.windows.find((w) => w.key === 'in0')!;
    assert.equal(input.depth, plan.stages[plan.stages.length - 1].lag + 1, 'the input window reaches back to the last stage');
    assertWindowsHold(program, plan);
  });

  it('random chains of random stencils: windows hold every read (fast-check)', () => {
    let planned = 0;
    fc.assert(
      fc.property(fc.array(kernelSpecArb(2, 3), { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom<BoundaryMode>('nearest', 'reflect', 'mirror', 'constant'), { minLength: 4, maxLength: 4 }), (specs, modes) => {
        const ks = specs.map((spec, i) => functionalStencil(spec, modes[i], 0.5, undefined).with({ backend: 'c' }));
        const f = meta((u: Grid, v: Grid) => {
          let x = u;
          ks.forEach((k, i) => {
            const out = k(...(specs[i].inputs === 2 ? [x, v] : [x]), specs[i].param !== undefined ? { params: { k: specs[i].param } } : {});
            x = Array.isArray(out) ? (out[0] as Grid) : (out as Grid);
          });
          return x;
        }, { depth: specs.length });
        const g = Grid.zeros([40, 40], 'float32');
        const program = f.plan(g, g).fusedPrograms[0]?.program;
        if (!program?.staged) return;
        const plan = streamPlan(program);
        if (typeof plan === 'string') {
          assert.match(plan, /computed coordinates/);
          return;
        }
        planned++;
        assertWindowsHold(program, plan);
      }),
      { numRuns: 60, seed: 20261123 },
    );
    assert.ok(planned >= 15, `only ${planned} chains planned`);
  });

  it('what cannot stream says why', () => {
    const g = stencil((a: Tap) => a(-1, 0, 0) + a(1, 0, 0) + a(0, 0, 1), { backend: 'c', boundary: 'nearest', name: 'g3' });
    const p3 = stagedProgram(meta((u: Grid) => g(g(u)) as Grid, { depth: 2 }), Grid.zeros([16, 16, 16], 'float32'));
    assert.equal(streamPlan(p3), 'register streaming is for 2-D grids');
    const p2 = lapChain(2);
    const shape: StreamShape = { lanes: 4, rows: 64, ahead: 4, halo: 4 };
    assert.equal(streamInapplicable(p2, [16, 32], shape, 256, [100, 102]), 'the last extent 102 is not a multiple of 4 columns a lane');
    assert.match(streamInapplicable(p2, [16, 32], { ...shape, halo: 1 }, 256) ?? '', /halo of 1 columns/);
    assert.match(streamInapplicable(p2, [16, 32], { ...shape, lanes: 3, halo: 3 }, 256) ?? '', /1, 2, 4 or 8 columns/);
    const s = { group: [8, 32], points: [2, 1], vector: false, tiles: false, stream: shape };
    assert.match(inapplicable(s, p2, [128, 128], OPENCL_LIMITS) ?? '', /warp shuffles/);
    assert.equal(inapplicable(s, p2, [128, 128], CUDA_LIMITS), undefined);
    const loads = { ...s, stream: { lanes: 4, rows: 64, ahead: 4, halo: 0, loads: true } };
    assert.equal(inapplicable(loads, p2, [128, 128], OPENCL_LIMITS), undefined, 'loads streaming needs no shuffles');
    assert.equal(inapplicable(loads, p2, [128, 128], CUDA_LIMITS), undefined);
    assert.match(inapplicable(loads, p2, [128, 128], WGSL_LIMITS) ?? '', /does not render register streaming/);
    assert.match(streamInapplicable(p2, [16, 32], { ...loads.stream, halo: 4 }, 256) ?? '', /halo 0/);
    // Eight columns a lane of eight float64 Laplacians: the windows' columns beside overflow the registers.
    const deep = stagedProgram(meta((u: Grid) => {
      const l = stencil(lap, { backend: 'c', boundary: 'nearest', name: 'lap' });
      for (let i = 0; i < 8; i++) u = l(u) as Grid;
      return u;
    }, { depth: 8 }), Grid.zeros([64, 64], 'float64'));
    assert.match(streamInapplicable(deep, [16, 32], { lanes: 8, rows: 64, ahead: 4, halo: 0, loads: true }, 256) ?? '', /registers a thread/);
  });
});

describe('register streaming: split and choice', () => {
  it('the split matches the tiles whose chain stays inside, and frame blocks visit each frame tile once (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.record({
          shape: fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 })),
          tile: fc.tuple(fc.constantFrom(8, 16, 32), fc.constantFrom(32, 64)),
          lo: fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })),
          hi: fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })),
          rows: fc.integer({ min: 1, max: 64 }),
          lanes: fc.constantFrom(1, 2, 4),
        }),
        ({ shape, tile, lo, hi, rows, lanes }) => {
          const reach = { lo: [...lo], hi: [...hi] };
          const halo = Math.ceil(Math.max(...lo, ...hi, 1) / lanes) * lanes;
          const stream = { lanes, rows, ahead: 2, halo };
          const p = streamPartition(shape, tile, reach, stream, 256);
          const nb = shape.map((n, a) => Math.ceil(n / tile[a]));
          const inside = (t: number, a: number) => t * tile[a] >= reach.lo[a] && (t + 1) * tile[a] + reach.hi[a] <= shape[a];
          const frame = new Set<string>();
          for (let t0 = 0; t0 < nb[0]; t0++) for (let t1 = 0; t1 < nb[1]; t1++) if (!(inside(t0, 0) && inside(t1, 1))) frame.add(`${t0},${t1}`);
          assert.equal(p.frameTiles, frame.size);
          // The kernel's numbering of frame blocks (render-streamed-gpu.ts), mirrored.
          const [sa0, sa1] = p.lo;
          const [sb0, sb1] = p.hi;
          const top = sa0 * nb[1];
          const side = nb[1] - (sb1 - sa1);
          const mid = (sb0 - sa0) * side;
          const seen = new Set<string>();
          for (let fq = 0; fq < p.frameTiles; fq++) {
            let tr: number, tc: number;
            if (fq < top) [tr, tc] = [Math.trunc(fq / nb[1]), fq % nb[1]];
            else if (fq - top < mid) {
              [tr, tc] = [sa0 + Math.trunc((fq - top) / side), (fq - top) % side];
              if (tc >= sa1) tc += sb1 - sa1;
            } else [tr, tc] = [sb0 + Math.trunc((fq - top - mid) / nb[1]), (fq - top - mid) % nb[1]];
            const key = `${tr},${tc}`;
            assert.ok(frame.has(key) && !seen.has(key), `frame block ${fq} takes tile ${key}`);
            seen.add(key);
          }
          // Strips cover the inner tiles' rows and columns, none of them empty.
          const innerRows = (sb0 - sa0) * tile[0];
          const innerCols = (sb1 - sa1) * tile[1];
          if (innerRows && innerCols) {
            assert.ok(p.strips[0] * rows >= innerRows && (p.strips[0] - 1) * rows < innerRows);
            assert.ok(p.strips[1] * ownWidth(stream) >= innerCols && (p.strips[1] - 1) * ownWidth(stream) < innerCols);
          } else assert.deepEqual(p.strips, [0, 0]);
          assert.equal(p.blocks, p.frameTiles + Math.ceil((p.strips[0] * p.strips[1]) / 8));
        },
      ),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('strategy keys with a stream round-trip; shuffles where the device has them, loads on every C-like backend, and the first call streams on cuda', () => {
    const p = lapChain(3, 'reflect');
    const shape = [512, 512];
    const cuda = candidateStrategies(p, shape, CUDA_LIMITS);
    const streams = cuda.filter((s) => s.stream);
    assert.ok(streams.length >= 5, `${streams.length} streaming candidates`);
    for (const s of cuda) assert.deepEqual(parseStrategyKey(strategyKey(s)), s);
    assert.ok(streams.some((s) => s.stream!.loads) && streams.some((s) => !s.stream!.loads), 'cuda tries both kinds');
    const opencl = candidateStrategies(p, shape, OPENCL_LIMITS).filter((s) => s.stream);
    assert.ok(opencl.length >= 3 && opencl.every((s) => s.stream!.loads), 'opencl tries loads streaming only');
    for (const s of opencl) assert.deepEqual(parseStrategyKey(strategyKey(s)), s);
    assert.equal(candidateStrategies(p, shape, WGSL_LIMITS).filter((s) => s.stream).length, 0);
    assert.ok(heuristicStrategy(p, shape, CUDA_LIMITS).stream, 'the first call streams on cuda');
    assert.equal(heuristicStrategy(p, shape, OPENCL_LIMITS).stream, undefined, 'not measured on an OpenCL GPU: the first call keeps tiles');
    // Where the SM count is known, strips grow until they all fit one wave: 384 rows and halos of 8 at 8192² on an H100's 132 SMs.
    const h100 = { ...CUDA_LIMITS, multiprocessors: 132 };
    for (const k of [2, 3, 4]) assert.deepEqual(heuristicStrategy(lapChain(k), [8192, 8192], h100).stream, { lanes: 4, rows: 384, ahead: 4, halo: 8 });
    assert.deepEqual(heuristicStrategy(p, [4096, 4096], h100).stream, { lanes: 4, rows: 128, ahead: 4, halo: 4 });
    assert.equal(heuristicStrategy(p, [8192, 8192], CUDA_LIMITS).stream?.rows, 128, 'no SM count: 128 rows');
    assert.equal(heuristicStrategy(p, [32768, 8192], h100).stream?.rows, 1536);
    // Rows of an odd length: one column a lane.
    assert.equal(heuristicStrategy(p, [512, 511], CUDA_LIMITS).stream?.lanes, 1);
    assert.equal(parseStrategyKey('scalar g8x32 p2x1 stream l4 r128 a4'), undefined, 'a stream without its halo');
  });
});
