/**
 * The meta-specializer's GPU bench (issue 8): paper 000's Figure 4 solver, x ← D·(b − J(x)), 1000
 * iterations at 4096² float32, on the cuda backend (and opencl if asked), showing each gain apart:
 *   1. plain calls with copyMode 'always' (paper 000's baseline: every call copies its operands in
 *      and its result out; timed on fewer iterations and reported per iteration too);
 *   2. plain calls with lazy residency (three kernels per iteration, intermediates on the device,
 *      each disposed as soon as it is dead);
 *   3. meta with fusion off (three kernels per iteration, dead buffers reused);
 *   4. meta fused (one kernel per iteration reading x, D and b, writing x'), with the backend's
 *      first-call heuristic, then after meta's tune() chose the fused kernel's strategy.
 * and against JAX (jit of lax.fori_loop) and CuPy (cupyx.scipy.ndimage.correlate plus a cupy.fuse
 * elementwise part) from bench/gpu/meta_peers.py, in the same run.
 *
 *   node dist/gpu/bench/gpu/meta-bench.js --json out.json [--size 4096] [--iterations 1000]
 *        [--always-iterations 20] [--reps 5] [--backends cuda] [--no-peers] [--tune-candidates N]
 *
 * Every variant is first checked against the resident plain calls (10 iterations, full size, max
 * abs difference printed and required under 1e-4); the fused result is also read back and checked
 * after the timed runs. Ratios are t_reference / t_sejits (above 1: sejits faster).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Grid, meta, mul, resolveBackend, stencil, sub, type DeviceBackend, type TransferStats } from '../../src/index.js';
import { median } from '../timing.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '4096' },
    iterations: { type: 'string', default: '1000' },
    'always-iterations': { type: 'string', default: '20' },
    reps: { type: 'string', default: '5' },
    backends: { type: 'string', default: 'cuda' },
    'no-peers': { type: 'boolean', default: false },
    'tune-candidates': { type: 'string' },
    json: { type: 'string' },
  },
});
const n = Number(values.size);
const iterations = Number(values.iterations);
const alwaysIterations = Number(values['always-iterations']);
const reps = Number(values.reps);
const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

function randomGrid(seed: number, lo: number, hi: number): Grid {
  let s = seed >>> 0;
  const data = new Float32Array(n * n);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = lo + ((hi - lo) * s) / 4294967296;
  }
  return Grid.from(data, [n, n]);
}

interface Row {
  backend: string;
  variant: string;
  iterations: number;
  ms: number;
  msPerIteration: number;
  samplesMs: number[];
  firstMs: number;
  maxDiff: number;
  transfers: Partial<TransferStats>;
}

function solvers(backend: string, copyMode: 'lazy' | 'always') {
  const jacobi = stencil((a) => 0.1 * (a(0, -1) + a(0, 1)) + 0.3 * (a(-1, 0) + a(1, 0)), { name: 'jacobi', backend, copyMode });
  const m = mul.with({ backend, copyMode });
  const s = sub.with({ backend, copyMode });
  const figure4 = (D: Grid, b: Grid, x: Grid, k: number): Grid => {
    for (let i = 0; i < k; i++) x = m(D, s(b, jacobi(x)));
    return x;
  };
  // Plain calls free each dead intermediate at once: left to the garbage collector, 3000 results
  // of 64 MiB would outrun the device's memory long before V8 noticed them.
  const plain = (D: Grid, b: Grid, x: Grid, k: number): Grid => {
    let cur = x;
    for (let i = 0; i < k; i++) {
      const j = jacobi(cur);
      const u = s(b, j);
      j.dispose();
      const next = m(D, u);
      u.dispose();
      if (cur !== x) cur.dispose();
      cur = next;
    }
    return cur;
  };
  return { plain, unfused: meta(figure4, { name: 'solve', fuse: false }), fused: meta(figure4, { name: 'solve' }) };
}

function maxDiff(a: Grid, b: Grid): number {
  const x = a.data;
  const y = b.data;
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
}

function diffStats(a: TransferStats, b: TransferStats): Partial<TransferStats> {
  return { uploads: b.uploads - a.uploads, uploadBytes: b.uploadBytes - a.uploadBytes, downloads: b.downloads - a.downloads, downloadBytes: b.downloadBytes - a.downloadBytes };
}

const rows: Row[] = [];
for (const backendName of values.backends!.split(',').filter(Boolean)) {
  log(`== ${backendName}: Figure 4 solver at ${n}² float32`);
  const backend = resolveBackend(backendName) as DeviceBackend;
  const D = randomGrid(1, 0.5, 1.0);
  const b = randomGrid(2, -1, 1);
  const x0 = randomGrid(3, -1, 1);
  const lazy = solvers(backendName, 'lazy');
  const always = solvers(backendName, 'always');
  const reference = lazy.plain(D, b, x0, 10);
  void reference.data;
  const variants: [string, (k: number) => Grid, number][] = [
    [`plain calls, copyMode 'always' (3 kernels/iteration, operands copied in and out)`, (k) => always.plain(D, b, x0, k), alwaysIterations],
    ['plain calls, resident (3 kernels/iteration)', (k) => lazy.plain(D, b, x0, k), iterations],
    ['meta, fusion off (3 kernels/iteration, buffers reused)', (k) => lazy.unfused(D, b, x0, k), iterations],
    ['meta, fused (1 kernel/iteration)', (k) => lazy.fused(D, b, x0, k), iterations],
    ['meta, fused, tuned (1 kernel/iteration, strategy from tune())', (k) => lazy.fused(D, b, x0, k), iterations],
  ];
  for (const [variant, run, k] of variants) {
    if (variant.includes('tuned')) {
      log(`${variant}: tuning the fused kernel's strategies`);
      for (const r of lazy.fused.tune([D, b, x0, iterations], { maxCandidates: values['tune-candidates'] ? Number(values['tune-candidates']) : undefined })) {
        log(`  ${r.kernel}: heuristic ${r.heuristic} ${r.heuristicMs?.toFixed(4)} ms, winner ${r.winner} ${r.winnerMs.toFixed(4)} ms`);
      }
    }
    log(`${variant}: check (10 iterations)`);
    const t0 = performance.now();
    const check = run(10);
    backend.synchronize();
    const firstMs = performance.now() - t0;
    const diff = maxDiff(check, reference);
    log(`  max |diff| against resident plain calls: ${diff}`);
    if (!(diff < 1e-4)) throw new Error(`${backendName} ${variant}: differs from the plain calls by ${diff}`);
    check.dispose();
    // An untimed run of the timed length: meta traces and plans per iteration count.
    log(`  warm-up (${k} iterations)`);
    run(k).dispose();
    backend.synchronize();
    const samples: number[] = [];
    let transfers: Partial<TransferStats> = {};
    let last: Grid | undefined;
    for (let r = 0; r < reps; r++) {
      last?.dispose();
      backend.synchronize();
      const before = { ...backend.heap.stats };
      const t = performance.now();
      last = run(k);
      backend.synchronize();
      samples.push(performance.now() - t);
      transfers = diffStats(before, backend.heap.stats);
      log(`  ${k} iterations: ${samples[r].toFixed(1)} ms (uploads ${transfers.uploads}, downloads ${transfers.downloads})`);
    }
    if (last && variant.startsWith('meta, fused')) {
      const full = lazy.plain(D, b, x0, k);
      const d = maxDiff(last, full);
      log(`  fused ${k} iterations vs plain calls: max |diff| ${d}`);
      if (!(d < 1e-3)) throw new Error(`fused result after ${k} iterations differs by ${d}`);
      full.dispose();
    }
    last?.dispose();
    const ms = median(samples);
    rows.push({ backend: backendName, variant, iterations: k, ms, msPerIteration: ms / k, samplesMs: samples, firstMs, maxDiff: diff, transfers });
  }
  log(lazy.fused.explain());
}

interface PeerResult {
  [peer: string]: { ms?: number; msPerIteration?: number; error?: string; unavailable?: string; note?: string; max_abs_err?: number };
}
const peers: PeerResult | { error: string } | undefined = (() => {
  if (values['no-peers']) return undefined;
  const script = [join(dirname(process.argv[1]), 'meta_peers.py'), 'bench/gpu/meta_peers.py'].find(existsSync);
  if (!script) return { error: 'bench/gpu/meta_peers.py not found' };
  const out = join(tmpdir(), `sejits-meta-peers-${process.pid}.json`);
  log(`== peers (python3 ${script})`);
  const r = spawnSync('python3', [script, '--json', out, '--size', String(n), '--iterations', String(iterations), '--reps', String(reps)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (!existsSync(out)) return { error: `meta_peers.py wrote nothing (exit ${r.status})` };
  return JSON.parse(readFileSync(out, 'utf8')) as PeerResult;
})();

const fusedMs = rows.find((r) => r.backend === 'cuda' && r.variant.startsWith('meta, fused ('))?.msPerIteration;
const lines = [
  `Figure 4 solver, ${n}² float32, ${iterations} iterations (ms for ${iterations} iterations; copyMode 'always' timed on ${alwaysIterations} and scaled)`,
  '',
  '| backend | variant | ms per 1000 iterations | ms/iteration | meta fused (heuristic) is faster by |',
  '| --- | --- | ---: | ---: | ---: |',
  ...rows.map((r) => {
    const f = rows.find((q) => q.backend === r.backend && q.variant.startsWith('meta, fused ('))!.msPerIteration;
    return `| ${r.backend} | ${r.variant} | ${(r.msPerIteration * 1000).toFixed(1)} | ${r.msPerIteration.toFixed(4)} | ${(r.msPerIteration / f).toFixed(2)}× |`;
  }),
];
if (peers && !('error' in peers && typeof peers.error === 'string' && Object.keys(peers).length === 1)) {
  for (const [name, p] of Object.entries(peers as PeerResult)) {
    if (typeof p !== 'object' || p === null) continue;
    const per = p.msPerIteration;
    lines.push(`| peer | ${name}${p.note ? ` (${p.note})` : ''} | ${per !== undefined ? (per * 1000).toFixed(1) : p.error ?? p.unavailable ?? '?'} | ${per?.toFixed(4) ?? ''} | ${per !== undefined && fusedMs ? `${(per / fusedMs).toFixed(2)}×` : ''} |`);
  }
} else if (peers) {
  lines.push(`peers: ${(peers as { error: string }).error}`);
}
console.log(lines.join('\n'));
if (values.json) {
  writeFileSync(values.json, JSON.stringify({ bench: 'meta-gpu', size: n, iterations, alwaysIterations, reps, rows, peers }, null, 2) + '\n');
  log(`wrote ${values.json}`);
}
