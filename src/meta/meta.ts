/**
 * meta(fn): a plain TypeScript function of specialized calls, run as one optimized program (paper
 * 000, section 4). The first call with given argument shapes, dtypes and scalar values traces the
 * function with placeholder grids, splits the trace into repeating blocks, plans fusion and
 * liveness per block and compiles each fused group once; later calls with the same key reuse the
 * plan and only launch.
 */
import { KernelArgumentError } from '../errors.js';
import { dumpEnabled } from '../runtime/settings.js';
import { execute, runnerFor, type ExecutionPlan, type RunStats } from './execute.js';
import { chooseDepth, measureDepths, type DepthChoice } from './depth-tuner.js';
import type { PlanContext } from './depth.js';
import { Grid, isGrid } from '../grid.js';
import type { Specializer } from '../framework/specializer.js';
import type { TuneOptions, TuneReport } from '../backends/gpu/tuner.js';
import { explainPlan } from './explain.js';
import { traceFunction } from './trace.js';
import { activeTracer } from '../framework/trace.js';
import type { LoopProgram } from '../ir/kernel.js';
import type { PassDump } from '../passes/pipeline.js';

export interface MetaOptions {
  /** Fuse elementwise chains and pointwise ops after stencils (default true); false keeps every call separate but still plans liveness. */
  readonly fuse?: boolean;
  /** A name for explain() and generated kernels; default: the function's name or 'meta'. */
  readonly name?: string;
  /** Print each fused kernel's IR after every pass (also SEJITS_DUMP=ir). */
  readonly dump?: boolean;
  /** Sample arguments for `sejits show --meta` and explain() with no arguments. */
  readonly exampleArgs?: () => readonly unknown[];
  /**
   * Fusion depth: the most stencil stages one staged kernel chains (block fusion, and k of temporal
   * blocking in time loops). Default: what tune() measured for these arguments, else a heuristic
   * (4, or less where the backend cannot hold it on chip). 1 keeps stencils after computed values
   * unfused.
   */
  readonly depth?: number;
}

export interface MetaFunction<F extends (...args: any[]) => any> {
  (...args: Parameters<F>): ReturnType<F>;
  run(...args: Parameters<F>): ReturnType<F>;
  /**
   * The plan for these arguments (traced if needed, not run): blocks, what fused and why, what did
   * not and why, the copies removed. With no arguments: the last plan, or exampleArgs' plan.
   */
  explain(...args: Parameters<F> | []): string;
  /** The fused kernels of the plan for these arguments (traced if needed, not run), for inspection. */
  plan(...args: Parameters<F>): MetaPlanInfo;
  /**
   * GPU backends: times the strategies of every fused kernel of the plan for these arguments, on
   * zero-filled grids of the right shapes, and keeps each winner for the kernel, device and shape
   * class (in the disk cache too), as a stencil's tune() does. Kernels on host backends are skipped.
   * Before that, where block fusion applies, it runs the whole function at each candidate fusion
   * depth (on copies of the arguments) and keeps the fastest for these arguments; explain() shows
   * the measurements.
   */
  tune(args: Parameters<F>, options?: TuneOptions): TuneReport[];
  /** The traced function's parameter count. */
  readonly arity: number;
  /** Counts of the last run: launches of fused kernels, single calls, buffers allocated and reused. */
  readonly lastRun: Readonly<RunStats> | undefined;
  readonly options: MetaOptions;
}

export interface MetaPlanInfo {
  readonly blocks: number;
  readonly tracedCalls: number;
  readonly fusedPrograms: readonly { readonly program: LoopProgram; readonly dumps: readonly PassDump[] }[];
}

const MAX_PLANS = 16;

export function meta<F extends (...args: any[]) => any>(fn: F, options: MetaOptions = {}): MetaFunction<F> {
  if (typeof fn !== 'function') throw new KernelArgumentError('meta(fn): fn must be a function');
  const known = ['fuse', 'name', 'dump', 'exampleArgs', 'depth'];
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length) throw new KernelArgumentError(`meta: unknown option(s) ${unknown.join(', ')}; it takes ${known.join(', ')}`);
  const name = options.name ?? (fn.name || 'meta');
  const fuse = options.fuse ?? true;
  if (options.depth !== undefined && !(Number.isInteger(options.depth) && options.depth >= 1)) throw new KernelArgumentError(`meta: depth must be an integer of at least 1, not ${String(options.depth)}`);
  const plans = new Map<string, ExecutionPlan>();
  /** Per argument key, the fusion depth measured by tune(). */
  const measured = new Map<string, DepthChoice>();
  const choices = new WeakMap<ExecutionPlan, DepthChoice>();
  let last: ExecutionPlan | undefined;
  let lastRun: RunStats | undefined;

  const planFor = (args: readonly unknown[]): ExecutionPlan => {
    const key = argumentKey(name, args);
    let plan = plans.get(key);
    if (!plan) {
      const { trace } = traceFunction(fn, args);
      const chosen = chooseDepth(trace, planContext(), options.depth, measured.get(key));
      plan = chosen.plan;
      choices.set(plan, chosen.choice);
      if (plans.size >= MAX_PLANS) plans.clear();
      plans.set(key, plan);
    }
    last = plan;
    return plan;
  };

  const call = (...args: unknown[]) => {
    // Called while another meta function traces: inline, so the outer trace sees these calls.
    if (activeTracer()) return fn(...args);
    const plan = planFor(args);
    const stats: RunStats = { launches: 0, calls: 0, allocated: 0, reused: 0 };
    const result = execute(plan, args, stats);
    lastRun = stats;
    return result;
  };
  const explain = (...args: unknown[]): string => {
    let plan: ExecutionPlan | undefined;
    if (args.length) plan = planFor(args);
    else if (last) plan = last;
    else if (options.exampleArgs) plan = planFor(options.exampleArgs());
    if (!plan) throw new KernelArgumentError(`${name}.explain(): no plan yet; pass sample arguments, call the function first, or give meta(fn, { exampleArgs })`);
    return explainPlan(name, plan, fuse, choices.get(plan));
  };
  const planContext = (): PlanContext => ({ fuse, name: safeName(name), dump: options.dump ?? dumpEnabled() });
  const plan = (...args: unknown[]): MetaPlanInfo => {
    const p = planFor(args);
    const fusedPrograms = [...new Set(p.plans)].flatMap((bp) => bp.steps.flatMap((s) => (s.kind === 'fused' ? [{ program: s.program, dumps: s.dumps }] : [])));
    return { blocks: p.segments.length, tracedCalls: p.trace.ops.length, fusedPrograms };
  };
  const tune = (args: unknown[], tuneOptions: TuneOptions = {}): TuneReport[] => {
    if (fuse && options.depth === undefined) {
      const key = argumentKey(name, args);
      const { trace } = traceFunction(fn, args);
      const choice = measureDepths(trace, planContext(), args, tuneOptions.onProgress);
      if (choice) {
        measured.set(key, choice);
        plans.delete(key);
      }
    }
    const p = planFor(args);
    const reports: TuneReport[] = [];
    for (const bp of new Set(p.plans)) {
      const seg = p.segments[p.plans.indexOf(bp)];
      for (const step of bp.steps) {
        if (step.kind !== 'fused') continue;
        const runner = runnerFor(p.trace.ops[seg.start + step.members[0]].specializer as Specializer);
        if (runner.backend.kind !== 'device') continue;
        const grid = (v: number) => {
          const b = p.trace.buffers[p.trace.values[v].buffer];
          return Grid.zeros(b.shape, b.dtype);
        };
        const ops = p.trace.ops;
        const inputs = step.inputs.map((r) => grid(ops[seg.start + r.pos].inputs[r.index]));
        const outputs = step.outputs.map((r) => grid(ops[seg.start + r.pos].outputs[r.index]));
        const params = step.params.map((r) => ops[seg.start + r.pos].signature.params[r.index]);
        reports.push(runner.tune(step.program, inputs, outputs, params, tuneOptions));
        for (const g of [...inputs, ...outputs]) g.dispose();
      }
    }
    return reports;
  };
  const f = Object.assign(call, { run: call, explain, plan, tune, options, arity: fn.length });
  Object.defineProperty(f, 'lastRun', { get: () => lastRun, enumerable: true });
  return f as unknown as MetaFunction<F>;
}

/**
 * Plans are cached per argument shapes, dtypes and scalar values (the trace may depend on any of
 * them), and per which arguments are the same grid (aliasing changes the dataflow).
 */
function argumentKey(name: string, args: readonly unknown[]): string {
  return args
    .map((a, i) => {
      if (isGrid(a)) {
        const first = args.indexOf(a);
        return first < i ? `same:${first}` : `g:${a.dtype}[${a.shape.join('x')}]`;
      }
      if (typeof a === 'number' || typeof a === 'boolean' || typeof a === 'string' || a === undefined || a === null) return `${typeof a}:${String(a)}`;
      try {
        return `json:${JSON.stringify(a)}`;
      } catch {
        throw new KernelArgumentError(`${name}: argument ${i} is neither a grid nor a plain value; meta keys its plans on argument values`);
      }
    })
    .join('|');
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_') || 'meta';
}
