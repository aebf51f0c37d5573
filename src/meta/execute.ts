/**
 * Runs a planned trace on real grids. Blocks run copy after copy with their one plan; fused groups
 * launch their program, single calls replay the user's call with real grids. Liveness decides
 * memory: a meta-owned buffer is released right after its last use (by execution position) into
 * a pool that later results of the same shape and dtype reuse (ping-pong in a loop), only
 * live-out values are returned, and on device backends intermediates never leave the device
 * (residency keeps them there; nothing reads them on the host).
 */
import type { Backend } from '../backends/types.js';
import type { Dtype } from '../dtype.js';
import { Grid, isGrid } from '../grid.js';
import { map } from '../ops/map.js';
import type { ElementwiseFunction } from '../ops/elementwise.js';
import { Specializer, type SpecializerOptions } from '../framework/specializer.js';
import { flattenResult, isPlaceholder, shapeResult } from '../framework/trace.js';
import type { LoopProgram } from '../ir/kernel.js';
import type { LaunchBox } from '../backends/types.js';
import type { TuneOptions, TuneReport } from '../backends/gpu/tuner.js';
import { planRegions, variantKey } from '../stencil/regions.js';
import type { Trace } from './dataflow.js';
import type { Segment } from './blocks.js';
import type { BlockPlan, FusedStep } from './block-plan.js';

/** Launches fused programs through the framework (compile cache, residency, host or device). */
export class MetaRunner extends Specializer {
  private readonly boxes = new WeakMap<LoopProgram, LaunchBox[]>();
  constructor(options: SpecializerOptions) {
    super(options);
  }
  get name(): string {
    return 'meta';
  }
  run(program: LoopProgram, inputs: readonly Grid[], outputs: readonly Grid[], params: readonly number[]): void {
    const shape = (inputs[0] ?? outputs[0]).shape;
    this.launch(program, { inputs, outputs, params, shape, boxes: this.boxesFor(program, shape) });
  }
  /** Times the backend's strategies for a fused program (GPU backends) and keeps the winner, as stencil tune() does. */
  tune(program: LoopProgram, inputs: readonly Grid[], outputs: readonly Grid[], params: readonly number[], options: TuneOptions): TuneReport {
    const shape = (inputs[0] ?? outputs[0]).shape;
    return this.tuneLaunch(program, { inputs, outputs, params, shape, boxes: this.boxesFor(program, shape) }, options);
  }
  private boxesFor(program: LoopProgram, shape: readonly number[]): LaunchBox[] {
    let boxes = this.boxes.get(program);
    if (!boxes && program.staged) {
      // A staged program's tiles cover the grid: one box, which the renderers ignore.
      boxes = [{ region: 0, lo: shape.map(() => 0), hi: [...shape] }];
      this.boxes.set(program, boxes);
    }
    if (!boxes) {
      const index = new Map(program.regions.map((r, i) => [variantKey(r.variant), i]));
      boxes = planRegions(shape, program.reach, program.boundary, program.split).map((b) => ({ region: index.get(variantKey(b.variant))!, lo: b.lo, hi: b.hi }));
      this.boxes.set(program, boxes);
    }
    return boxes;
  }
}

const runners = new WeakMap<Backend, Map<string, MetaRunner>>();
const copies = new WeakMap<MetaRunner, ElementwiseFunction>();

/** The identity map on a runner's backend: copies a renamed output's scratch grid over the output. */
function copyFor(runner: MetaRunner): ElementwiseFunction {
  let f = copies.get(runner);
  if (!f) copies.set(runner, (f = map((v: number) => v, { name: 'meta_copy', backend: runner.backend, threads: runner.options.threads })));
  return f;
}

export function runnerFor(specializer: Specializer): MetaRunner {
  const backend = specializer.backend;
  let byThreads = runners.get(backend);
  if (!byThreads) runners.set(backend, (byThreads = new Map()));
  const key = String(specializer.options.threads ?? '');
  let r = byThreads.get(key);
  if (!r) byThreads.set(key, (r = new MetaRunner({ backend, threads: specializer.options.threads })));
  return r;
}

export interface ExecutionPlan {
  readonly trace: Trace;
  readonly segments: readonly Segment[];
  readonly plans: readonly BlockPlan[];
  /** Per buffer, the global execution position of its last use (Infinity: never released). */
  readonly lastUse: readonly number[];
  /** Buffers released after the step executing at each global position. */
  readonly releaseAt: ReadonlyMap<number, readonly number[]>;
}

export interface RunStats {
  launches: number;
  calls: number;
  allocated: number;
  reused: number;
}

export function prepareExecution(trace: Trace, segments: readonly Segment[], plans: readonly BlockPlan[]): ExecutionPlan {
  const lastUse = trace.buffers.map((b) => (b.kind === 'fresh' ? -1 : Infinity));
  for (const v of trace.liveOut) lastUse[trace.values[v].buffer] = Infinity;
  segments.forEach((seg, s) => {
    const plan = plans[s];
    for (let t = 0; t < seg.count; t++) {
      const base = seg.start + t * seg.length;
      for (let j = 0; j < seg.length; j++) {
        const op = trace.ops[base + j];
        const at = base + plan.execAt[j];
        for (const v of [...op.inputs, ...op.outputs]) {
          const b = trace.values[v].buffer;
          if (lastUse[b] < at) lastUse[b] = at;
        }
      }
    }
  });
  const releaseAt = new Map<number, number[]>();
  lastUse.forEach((at, b) => {
    if (!Number.isFinite(at) || at < 0) return;
    let list = releaseAt.get(at);
    if (!list) releaseAt.set(at, (list = []));
    list.push(b);
  });
  return { trace, segments, plans, lastUse, releaseAt };
}

export function execute(plan: ExecutionPlan, args: readonly unknown[], stats: RunStats): unknown {
  const { trace } = plan;
  const grids: (Grid | undefined)[] = trace.buffers.map((b) => (b.kind === 'arg' ? (args[b.argIndex!] as Grid) : b.kind === 'const' ? b.grid : undefined));
  const pool = new Map<string, Grid[]>();
  const poolKey = (shape: readonly number[], dtype: Dtype) => `${dtype}:${shape.join('x')}`;
  const acquire = (b: number, reuse: boolean): Grid => {
    const existing = grids[b];
    if (existing) return existing;
    const buf = trace.buffers[b];
    const free = reuse ? pool.get(poolKey(buf.shape, buf.dtype))?.pop() : undefined;
    if (free) stats.reused++;
    else stats.allocated++;
    const g = free ?? Grid.zeros(buf.shape, buf.dtype);
    grids[b] = g;
    return g;
  };
  const gridOf = (v: number): Grid => {
    const g = grids[trace.values[v].buffer];
    if (!g) throw new Error(`internal: meta: value ${v} (${trace.buffers[trace.values[v].buffer].label}) was never computed`);
    return g;
  };
  const release = (at: number) => {
    for (const b of plan.releaseAt.get(at) ?? []) {
      const g = grids[b];
      if (!g) continue;
      grids[b] = undefined;
      const buf = trace.buffers[b];
      const key = poolKey(buf.shape, buf.dtype);
      let list = pool.get(key);
      if (!list) pool.set(key, (list = []));
      list.push(g);
    }
  };
  const substitute = (a: unknown, depth = 0): unknown => {
    if (isGrid(a)) {
      const b = trace.bufferOfGrid.get(a);
      if (b === undefined) return a;
      const g = grids[b];
      if (!g) throw new Error(`internal: meta: ${trace.buffers[b].label} has no grid`);
      return g;
    }
    if (depth > 2 || a === null || typeof a !== 'object' || ArrayBuffer.isView(a)) return a;
    if (Array.isArray(a)) return a.map((x) => substitute(x, depth + 1));
    if (Object.getPrototypeOf(a) !== Object.prototype) return a;
    return Object.fromEntries(Object.entries(a).map(([k, x]) => [k, substitute(x, depth + 1)]));
  };

  plan.segments.forEach((seg, s) => {
    const blockPlan = plan.plans[s];
    for (let t = 0; t < seg.count; t++) {
      const base = seg.start + t * seg.length;
      const steps = blockPlan.steps;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i];
        if (step.kind === 'fused') runFused(step, base);
        else if (step.kind === 'call') runCall(base + step.pos);
        // Several steps may share a position (a group and its skipped dead members): release after the last.
        if (i === steps.length - 1 || steps[i + 1].at !== step.at) release(base + step.at);
      }
    }
  });

  function runFused(step: FusedStep, base: number): void {
    const ops = trace.ops;
    const inputs = step.inputs.map((r) => gridOf(ops[base + r.pos].inputs[r.index]));
    const targets = step.outputs.map((r) => acquire(trace.values[ops[base + r.pos].outputs[r.index]].buffer, step.overwrites));
    // Outputs the launch also reads go to scratch grids first (block-plan.ts, `renamed`).
    const outputs = targets.map((g, k) => (step.renamed[k] ? scratch(g) : g));
    const params = step.params.map((r) => ops[base + r.pos].signature.params[r.index]);
    const runner = runnerFor(ops[base + step.members[0]].specializer as Specializer);
    runner.run(step.program, inputs, outputs, params);
    stats.launches++;
    outputs.forEach((g, k) => {
      if (g === targets[k]) return;
      copyFor(runner)(g, { out: targets[k] });
      stats.launches++;
      pool.get(poolKey(g.shape, g.dtype))!.push(g);
    });
  }

  /** A dead grid like `like` from the pool (or a new one), to write a renamed output into. */
  function scratch(like: Grid): Grid {
    const key = poolKey(like.shape, like.dtype);
    let list = pool.get(key);
    if (!list) pool.set(key, (list = []));
    const free = list.pop();
    if (free) stats.reused++;
    else stats.allocated++;
    return free ?? Grid.zeros(like.shape, like.dtype);
  }

  function runCall(index: number): void {
    const op = trace.ops[index];
    const sig = op.signature;
    let args = op.args.map((a) => substitute(a));
    const fresh = sig.written.every((w) => w === undefined);
    if (sig.acceptsOut && sig.overwrites && fresh) {
      const outs = op.outputs.map((v) => acquire(trace.values[v].buffer, true));
      const out = shapeResult(outs, sig.style, sig.names);
      const last = args[args.length - 1];
      const hasOptions = args.length > 0 && last !== null && typeof last === 'object' && !isGrid(last) && !Array.isArray(last) && !ArrayBuffer.isView(last);
      args = hasOptions ? [...args.slice(0, -1), { ...(last as object), out }] : [...args, { out }];
    }
    const result = op.replay(args);
    const outs = flattenResult(result, sig.style, sig.names);
    op.outputs.forEach((v, k) => {
      const b = trace.values[v].buffer;
      if (!grids[b]) stats.allocated++;
      grids[b] = outs[k];
    });
    stats.calls++;
  }

  const returned = substitute(trace.result);
  // Pooled buffers are dead: free them now rather than at garbage collection.
  for (const list of pool.values()) for (const g of list) if (!isPlaceholder(g)) g.dispose();
  return returned;
}
