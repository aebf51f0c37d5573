/**
 * Wall-clock timing with a budget: a warm-up, then the median of as many calls as fit in the
 * budget (at least one, at most maxReps). The first call, which compiles sejits kernels, is
 * reported on its own and never counted as a sample.
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

/** scipy-peer.ts mirrors this rule in Python: change both together. */
export function measure(fn: () => void, options: TimingOptions): Timing {
  const minReps = options.minReps ?? 3;
  const maxReps = options.maxReps ?? 30;
  const budget = options.budgetMs;
  const firstMs = once(fn);
  const done = (samples: number[]): Timing => ({ ms: median(samples), samples: samples.length, minMs: Math.min(...samples), maxMs: Math.max(...samples), firstMs });
  // A call longer than the budget that compiled nothing is already a fair sample: do not repeat it.
  if (!options.firstCallCompiles && firstMs >= budget) return done([firstMs]);
  // Warm up until the engine's tiers settle (a quarter of the budget, at most 5 calls); a warm
  // call that alone exceeds the budget is the sample.
  let estimate = firstMs;
  let warm = options.firstCallCompiles ? 0 : firstMs;
  for (let calls = 1; calls < 5 && warm < budget / 4; calls++) {
    estimate = once(fn);
    warm += estimate;
    if (estimate >= budget) return done([estimate]);
  }
  let reps = Math.min(maxReps, Math.max(1, Math.floor(budget / Math.max(estimate, 1e-3))));
  // Take the minimum number of samples when it costs at most three budgets.
  if (reps < minReps && estimate * minReps <= 3 * budget) reps = minReps;
  const samples: number[] = [];
  let spent = 0;
  for (let r = 0; r < reps; r++) {
    const t = once(fn);
    samples.push(t);
    spent += t;
    if (samples.length >= minReps && spent >= 2 * budget) break;
  }
  return done(samples);
}

/**
 * Times several functions side by side: after one warm-up call each (the first compiles sejits
 * kernels and is reported on its own), they run in turn, A B C A B C ..., until the budget is spent,
 * and each gets the median of its own samples. On a shared machine whose bandwidth drifts within
 * seconds, ratios of interleaved medians compare like with like; sequential measurements do not.
 */
export function measureInterleaved(fns: readonly (() => void)[], options: TimingOptions): Timing[] {
  const minReps = options.minReps ?? 3;
  const maxReps = options.maxReps ?? 30;
  const firsts = fns.map((f) => once(f));
  const warm = fns.map((f) => once(f));
  const round = warm.reduce((a, b) => a + b, 0);
  let reps = Math.min(maxReps, Math.max(1, Math.floor((options.budgetMs * fns.length) / Math.max(round, 1e-3))));
  if (reps < minReps && round * minReps <= 3 * options.budgetMs * fns.length) reps = minReps;
  const samples: number[][] = fns.map(() => []);
  for (let r = 0; r < reps; r++) fns.forEach((f, k) => samples[k].push(once(f)));
  return samples.map((s, k) => ({ ms: median(s), samples: s.length, minMs: Math.min(...s), maxMs: Math.max(...s), firstMs: firsts[k] }));
}
