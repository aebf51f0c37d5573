/**
 * The scipy.ndimage.correlate reference: one python3 process per case reads the same input bytes,
 * times correlate() into a preallocated output with the same timing rule as the rest of the bench,
 * and writes its result back so the harness can check that both computed the same thing.
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
t0 = time.perf_counter(); call(); first = (time.perf_counter() - t0) * 1e3
samples = []
if first >= spec["budget_ms"]:
    samples.append(first)
else:
    reps = min(spec["max_reps"], max(1, int(spec["budget_ms"] // max(first, 1e-3))))
    if reps < spec["min_reps"] and first * spec["min_reps"] <= 3 * spec["budget_ms"]:
        reps = spec["min_reps"]
    for _ in range(reps):
        t0 = time.perf_counter(); call(); samples.append((time.perf_counter() - t0) * 1e3)
out.tofile(spec["output"])
print(json.dumps({"samples": samples, "first": first}))
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
