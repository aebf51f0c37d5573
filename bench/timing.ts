/**
 * Wall-clock timing with a budget: medians of repeated calls, as many as fit in the budget (at
 * least one, at most maxReps). Calls that compile on first use get an untimed warm-up call.
 */
export interface Timing {
  /** Median ms per call. */
  readonly ms: number;
  readonly samples: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** The first call, which includes specialization and compilation for sejits kernels. */
  readonly firstMs: number;
}

export interface TimingOptions {
  /** Time to spend on the timed calls, in ms. */
  readonly budgetMs: number;
  readonly minReps?: number;
  readonly maxReps?: number;
  /** The first call compiles (sejits kernels): never count it as a sample. */
  readonly firstCallCompiles?: boolean;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function once(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function measure(fn: () => void, options: TimingOptions): Timing {
  const minReps = options.minReps ?? 3;
  const maxReps = options.maxReps ?? 30;
  const firstMs = once(fn);
  const samples: number[] = [];
  // A call longer than the budget that compiled nothing is already a fair sample: do not repeat it.
  if (!options.firstCallCompiles && firstMs >= options.budgetMs) samples.push(firstMs);
  else {
    const estimate = Math.max(firstMs, 1e-3);
    let reps = Math.min(maxReps, Math.max(1, Math.floor(options.budgetMs / estimate)));
    // Take the minimum number of samples when it costs at most three budgets.
    if (reps < minReps && estimate * minReps <= 3 * options.budgetMs) reps = minReps;
    let spent = 0;
    for (let r = 0; r < reps; r++) {
      const t = once(fn);
      samples.push(t);
      spent += t;
      if (samples.length >= minReps && spent >= 2 * options.budgetMs) break;
    }
  }
  return { ms: median(samples), samples: samples.length, minMs: Math.min(...samples), maxMs: Math.max(...samples), firstMs };
}
