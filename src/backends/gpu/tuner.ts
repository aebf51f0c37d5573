/**
 * Strategy choice and autotuning for the GPU backends (OpenCL and CUDA alike).
 *
 * A launch's strategy comes from, in order: the backend's options (a forced strategy, tiles or
 * block shape); a tuning record for (kernel, device, shape class) in this process or in the disk
 * cache, so a later process starts tuned; else heuristicStrategy(). `tune()` times the candidates
 * of candidateStrategies() on the real operands and records the winner.
 */
import { KernelArgumentError } from '../../errors.js';
import type { LoopProgram } from '../../ir/kernel.js';
import { hashKey, readRecord, writeRecord } from '../../runtime/disk-cache.js';
import { candidateStrategies, directStrategy, heuristicStrategy, inapplicable, parseStrategyKey, shapeClass, strategyKey, type DeviceLimits, type KernelStrategy } from './strategy.js';

export interface StrategyOptions {
  /** One strategy for every launch (it must apply to the program and shape). */
  readonly strategy?: KernelStrategy;
  /** Block shape of the one-point strategy, in grid axis order (axis 0 slowest). */
  readonly group?: readonly number[];
  /**
   * One strategy for every staged program (meta's fused chains and time loops), which then must
   * apply to each; other kernels keep their usual choice. How to pin, say, register streaming.
   */
  readonly staged?: KernelStrategy;
  /** 'local' forces paper 000's shared-memory tiles, 'none' rules them out; 'auto' (default) lets the tuner decide. */
  readonly tiles?: 'auto' | 'local' | 'none';
}

export type ChoiceOrigin = 'forced' | 'tuned' | 'heuristic';

export interface StrategyChoice {
  readonly strategy: KernelStrategy;
  readonly origin: ChoiceOrigin;
}

interface TuningRecord {
  readonly strategy: string;
  readonly ms: number;
  readonly heuristicMs: number | undefined;
  readonly shape: readonly number[];
  readonly measured: string;
}

export interface TuneOptions {
  /** Stop after this many candidates (default: all). */
  readonly maxCandidates?: number;
  /** Time spent measuring each candidate, in ms (default 40). */
  readonly budgetMs?: number;
  /** Called before each candidate is measured. */
  readonly onProgress?: (done: number, total: number, candidate: string) => void;
}

export interface TuneResult {
  readonly strategy: string;
  readonly ms?: number;
  readonly error?: string;
}

export interface TuneReport {
  readonly kernel: string;
  readonly backend: string;
  readonly device: string;
  readonly shape: readonly number[];
  readonly shapeClass: string;
  readonly heuristic: string;
  readonly heuristicMs: number | undefined;
  readonly winner: string;
  readonly winnerMs: number;
  /** Every candidate, fastest first; failures last with their reason. */
  readonly results: readonly TuneResult[];
}

/** What the tuner drives: a backend that can launch a program under any strategy. */
export interface TuneTarget {
  /** Compiles the strategy's kernel on first use and queues one launch on the tuned operands. */
  run(strategy: KernelStrategy): void;
  synchronize(): void;
}

const programKeys = new WeakMap<LoopProgram, string>();

/** A stable key of a program's code (not its source location), for tuning records. */
export function programKey(program: LoopProgram): string {
  let key = programKeys.get(program);
  if (!key) {
    key = hashKey(JSON.stringify(program, (k, v: unknown) => (k === 'origin' || k === 'loc' ? undefined : v)));
    programKeys.set(program, key);
  }
  return key;
}

export class StrategyChooser {
  private readonly tuned = new Map<string, KernelStrategy>();

  constructor(
    private readonly backend: string,
    /** The device and driver: records from another device never apply. */
    private readonly deviceKey: string,
    readonly limits: DeviceLimits,
    private readonly options: StrategyOptions,
  ) {
    if (options.tiles !== undefined && !['auto', 'local', 'none'].includes(options.tiles)) throw new TypeError(`tiles must be 'auto', 'local' or 'none', not '${String(options.tiles)}'`);
  }

  /** Whether the options fix the strategy (tune() then has nothing to choose). */
  get forced(): boolean {
    return this.options.strategy !== undefined || this.options.group !== undefined || this.options.tiles === 'local';
  }

  /** `useRecords: false` leaves tuning out (what `sejits show` prints does not depend on the cache). */
  choose(program: LoopProgram, shape: readonly number[], useRecords = true): StrategyChoice {
    const forced = this.forcedStrategy(program, shape);
    if (forced) return { strategy: forced, origin: 'forced' };
    if (!useRecords) return { strategy: heuristicStrategy(program, shape, this.limits), origin: 'heuristic' };
    const key = this.recordKey(program, shape);
    let strategy = this.tuned.get(key);
    if (!strategy) {
      const record = readRecord<TuningRecord>('tuning', key);
      const parsed = record && parseStrategyKey(record.strategy);
      if (parsed) this.tuned.set(key, (strategy = parsed));
    }
    const allowed = strategy && !(strategy.tiles && this.options.tiles === 'none');
    if (strategy && allowed && inapplicable(strategy, program, shape, this.limits) === undefined) return { strategy, origin: 'tuned' };
    return { strategy: heuristicStrategy(program, shape, this.limits), origin: 'heuristic' };
  }

  /** The strategy `sejits show` prints: for a 1024-point edge, with neither records nor device. */
  forShow(program: LoopProgram): KernelStrategy {
    return this.choose(program, new Array<number>(program.ndim).fill(1024), false).strategy;
  }

  /** Times every candidate on the launch `target` drives, keeps the fastest and records it. */
  tune(program: LoopProgram, shape: readonly number[], target: TuneTarget, device: string, options: TuneOptions = {}): TuneReport {
    if (this.forced || (program.staged && this.options.staged)) throw new KernelArgumentError(`${program.name}: the ${this.backend} backend was built with a fixed strategy, block shape or tiles; tune a backend built without them`);
    const heuristic = heuristicStrategy(program, shape, this.limits);
    let candidates = candidateStrategies(program, shape, this.limits).filter((c) => !(c.tiles && this.options.tiles === 'none'));
    // The heuristic first: the report compares against it, and a short search still includes it.
    candidates = [heuristic, ...candidates.filter((c) => strategyKey(c) !== strategyKey(heuristic))];
    if (options.maxCandidates !== undefined) candidates = candidates.slice(0, Math.max(1, options.maxCandidates));
    const budget = options.budgetMs ?? 40;
    const results: TuneResult[] = [];
    candidates.forEach((c, i) => {
      options.onProgress?.(i, candidates.length, strategyKey(c));
      try {
        results.push({ strategy: strategyKey(c), ms: timeStrategy(target, c, budget) });
      } catch (e) {
        if (e instanceof KernelArgumentError || !(e instanceof Error)) throw e;
        results.push({ strategy: strategyKey(c), error: e.message.split('\n')[0] });
      }
    });
    const firstRound = results.filter((r): r is TuneResult & { ms: number } => r.ms !== undefined).sort((a, b) => a.ms - b.ms);
    if (!firstRound.length) throw new Error(`${program.name}: no strategy ran on ${device}: ${results.map((r) => `${r.strategy}: ${r.error}`).join('; ')}`);
    const confirmed = confirmFinalists(results, firstRound, strategyKey(heuristic), target, budget);
    options.onProgress?.(candidates.length, candidates.length, 'done');
    const timed = confirmed.filter((r): r is TuneResult & { ms: number } => r.ms !== undefined).sort((a, b) => a.ms - b.ms);
    const winner = timed[0];
    const heuristicMs = confirmed.find((r) => r.strategy === strategyKey(heuristic))?.ms;
    const key = this.recordKey(program, shape);
    this.tuned.set(key, parseStrategyKey(winner.strategy)!);
    writeRecord('tuning', key, { strategy: winner.strategy, ms: winner.ms, heuristicMs, shape, measured: new Date().toISOString() } satisfies TuningRecord);
    return {
      kernel: program.name,
      backend: this.backend,
      device,
      shape: [...shape],
      shapeClass: shapeClass(shape),
      heuristic: strategyKey(heuristic),
      heuristicMs,
      winner: winner.strategy,
      winnerMs: winner.ms,
      results: [...timed, ...confirmed.filter((r) => r.ms === undefined)],
    };
  }

  private recordKey(program: LoopProgram, shape: readonly number[]): string {
    return hashKey({ backend: this.backend, device: this.deviceKey, program: programKey(program), shapeClass: shapeClass(shape) });
  }

  private forcedStrategy(program: LoopProgram, shape: readonly number[]): KernelStrategy | undefined {
    const { strategy, group, tiles, staged } = this.options;
    const d = program.ndim;
    if (staged && program.staged) {
      const why = inapplicable(staged, program, shape, this.limits);
      if (why) throw new KernelArgumentError(`${program.name}: the ${this.backend} backend's strategy for staged programs '${strategyKey(staged)}' cannot run this kernel on [${shape.join(', ')}]: ${why}`);
      return staged;
    }
    if (strategy) {
      const why = inapplicable(strategy, program, shape, this.limits);
      if (why) throw new KernelArgumentError(`${program.name}: the ${this.backend} backend's strategy '${strategyKey(strategy)}' cannot run this kernel on [${shape.join(', ')}]: ${why}`);
      return strategy;
    }
    if (group === undefined && tiles !== 'local') return undefined;
    if (group !== undefined && group.length !== d) throw new KernelArgumentError(`${program.name}: the ${this.backend} backend's block shape [${group.join(', ')}] is for ${group.length}-D grids, and this one is ${d}-D`);
    const s = directStrategy(d, group, tiles === 'local');
    if (inapplicable(s, program, shape, this.limits) === undefined) return s;
    // Generic programs have no tiled interior: the same block shape without tiles.
    const plain = directStrategy(d, group);
    const why = inapplicable(plain, program, shape, this.limits);
    if (why) throw new KernelArgumentError(`${program.name}: the ${this.backend} backend's block shape [${plain.group.join(', ')}] cannot run: ${why}`);
    return plain;
  }
}

/** Candidates timed again (besides the heuristic) before a winner is kept, and the rounds. */
const FINALISTS = 3;
const CONFIRM_ROUNDS = 3;

/**
 * The first round's fastest few and the heuristic, timed again in interleaved rounds; each keeps
 * the median of its times, so one lucky measurement no longer decides. One round alone let a
 * device whose speed drifts (Dawn's on the H100: the same kernel 12 % apart within a minute) crown
 * a strategy that then ran 1.6 times slower than the heuristic.
 */
function confirmFinalists(results: readonly TuneResult[], firstRound: readonly (TuneResult & { ms: number })[], heuristic: string, target: TuneTarget, budgetMs: number): TuneResult[] {
  const finalists = [...new Set([...firstRound.slice(0, FINALISTS).map((r) => r.strategy), ...(firstRound.some((r) => r.strategy === heuristic) ? [heuristic] : [])])];
  if (finalists.length < 2) return [...results];
  const samples = new Map(finalists.map((k) => [k, [firstRound.find((r) => r.strategy === k)!.ms]]));
  for (let round = 0; round < CONFIRM_ROUNDS; round++) for (const k of finalists) samples.get(k)!.push(timeStrategy(target, parseStrategyKey(k)!, budgetMs));
  return results.map((r) => {
    const s = samples.get(r.strategy);
    return s ? { ...r, ms: median(s) } : r;
  });
}

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/**
 * The time of one launch under a strategy: one untimed launch (compiling and warming), then
 * repeated batches sized to the budget; the fastest batch's mean, which is what a noisy shared
 * device lets through most reliably.
 */
function timeStrategy(target: TuneTarget, strategy: KernelStrategy, budgetMs: number): number {
  target.run(strategy);
  target.synchronize();
  let t0 = performance.now();
  target.run(strategy);
  target.synchronize();
  const once = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(1, Math.min(200, Math.floor(budgetMs / 3 / once)));
  let best = Infinity;
  for (let batch = 0; batch < 3; batch++) {
    t0 = performance.now();
    for (let r = 0; r < reps; r++) target.run(strategy);
    target.synchronize();
    best = Math.min(best, (performance.now() - t0) / reps);
  }
  return best;
}
