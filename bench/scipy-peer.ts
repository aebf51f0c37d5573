/**
 * The scipy.ndimage.correlate reference: one python3 process per case reads the same input bytes,
 * times correlate() into a preallocated output with the timing rule of timing.ts (mirrored in
 * Python, so the two change together), and writes its result back so the harness can check that
 * both computed the same thing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dtype, TypedArray } from '../src/index.js';
import { probePython } from '../src/cli/python.js';
import { median } from './timing.js';

const SCRIPT = String.raw`
import json, sys, time
import numpy as np
from scipy import ndimage
spec = json.loads(sys.argv[1])
a = np.fromfile(spec["input"], dtype=spec["dtype"]).reshape(spec["shape"])
w = np.asarray(spec["weights"], dtype=np.float64)
out = np.empty_like(a)
def call():
    ndimage.correlate(a, w, output=out, mode=spec["mode"], cval=spec["cval"])
def once():
    t0 = time.perf_counter(); call(); return (time.perf_counter() - t0) * 1e3
# The rule of measure() in timing.ts, step for step.
def measure(budget, min_reps, max_reps):
    first = once()
    if first >= budget:
        return [first]
    estimate, warm, calls = first, first, 1
    while calls < 5 and warm < budget / 4:
        estimate = once(); warm += estimate; calls += 1
        if estimate >= budget:
            return [estimate]
    reps = min(max_reps, max(1, int(budget // max(estimate, 1e-3))))
    if reps < min_reps and estimate * min_reps <= 3 * budget:
        reps = min_reps
    samples, spent = [], 0.0
    for _ in range(reps):
        t = once(); samples.append(t); spent += t
        if len(samples) >= min_reps and spent >= 2 * budget:
            break
    return samples
samples = measure(spec["budget_ms"], spec["min_reps"], spec["max_reps"])
out.tofile(spec["output"])
print(json.dumps({"samples": samples}))
`;

export interface ScipyRun {
  readonly ms: number;
  readonly samples: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly output: TypedArray;
}

export interface ScipyRequest {
  readonly input: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly weights: unknown;
  readonly mode: string;
  readonly cval: number;
  readonly budgetMs: number;
  readonly minReps: number;
  readonly maxReps: number;
}

const NUMPY_DTYPE: Record<Dtype, string> = { float32: '<f4', float64: '<f8', int32: '<i4', uint8: 'u1' };

export function runScipy(request: ScipyRequest, makeOutput: () => TypedArray): ScipyRun {
  const python = probePython();
  if (!python.available) throw new Error(python.reason);
  const dir = mkdtempSync(join(tmpdir(), 'sejits-scipy-'));
  try {
    const input = join(dir, 'input.bin');
    const output = join(dir, 'output.bin');
    writeFileSync(input, new Uint8Array(request.input.buffer, request.input.byteOffset, request.input.byteLength));
    const spec = {
      input,
      output,
      shape: request.shape,
      dtype: NUMPY_DTYPE[request.dtype],
      weights: request.weights,
      mode: request.mode,
      cval: request.cval,
      budget_ms: request.budgetMs,
      min_reps: request.minReps,
      max_reps: request.maxReps,
    };
    const r = spawnSync(python.command, ['-c', SCRIPT, JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`scipy reference failed: ${(r.stderr || String(r.error)).trim().split('\n').pop()}`);
    const { samples } = JSON.parse(r.stdout) as { samples: number[] };
    const result = makeOutput();
    const bytes = readFileSync(output);
    new Uint8Array(result.buffer, result.byteOffset, result.byteLength).set(bytes);
    return {
      ms: median(samples),
      samples: samples.length,
      minMs: Math.min(...samples),
      maxMs: Math.max(...samples),
      output: result,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
