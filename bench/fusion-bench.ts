/**
 * The stencil-fusion bench (paper 000, Figures 9 and 10, and temporal blocking), on one backend:
 *   Figure 9: two successive 5-point Laplacians at each size: scipy.ndimage (CPU), sejits with
 *     copyMode 'always' (device backends), sejits resident (two launches), sejits fused (one
 *     staged launch), and one copy of the grid (the bandwidth limit);
 *   Figure 10: k = 1..4 chained Laplacians at --chain-size, unfused resident calls against one
 *     fused launch (meta with depth k), with JAX, CuPy and PyTorch (GPU machine) or scipy;
 *   heat: --heat-steps explicit heat steps at --heat-size, unfused against temporally blocked (the
 *     depth meta's tune() measured), per step and against one copy of the grid.
 * float32, boundary nearest, random inputs; every sejits variant is checked against the unfused
 * calls before it is timed. GPU samples are batches of 10 runs between synchronizations. Ratios are t_reference / t_sejits (above 1: sejits faster).
 *   npx tsx bench/fusion-bench.ts --backend c [--sizes 512,1024,2048,4096] [--chain-size 4096] [--heat-size 4096]
 *   node dist/gpu/bench/fusion-bench.js --backend cuda --sizes 512,1024,2048,4096,8192 --chain-size 8192 --heat-size 8192
 * Writes --json (default bench/results/fusion-<date>-<backend>.json) and prints the tables.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCudaBackend, createOpenCLBackend, Grid, meta, resolveBackend, stencil, type Backend, type DeviceBackend, type MetaFunction } from '../src/index.js';
import { createWebGpuBackend } from '../src/backends/webgpu/index.js';
import { median } from './timing.js';
import { pingPong } from '../examples/heat2d.js';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'c' },
    sizes: { type: 'string', default: '512,1024,2048,4096' },
    'chain-size': { type: 'string', default: '4096' },
    'heat-size': { type: 'string', default: '4096' },
    'heat-steps': { type: 'string', default: '100' },
    reps: { type: 'string', default: '7' },
    'always-max': { type: 'string', default: '4096' },
    'no-peers': { type: 'boolean', default: false },
    peers: { type: 'string' },
    json: { type: 'string' },
  },
});
const reps = Number(values.reps);
const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const lapSrc = (a: (...o: number[]) => number) => a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0);
const heatSrc = (a: (...o: number[]) => number) => a(0, 0) + 0.2 * (a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0));

const backend: Backend = makeBackend(values.backend!);
// Host backends' copy reference (the OpenMP copy for c) loads the bench's native helpers: only then.
const hostCopy = backend.kind === 'host' ? (await import('./bandwidth.js')).copyReference(values.backend!) : undefined;
const device = backend.kind === 'device' ? (backend as DeviceBackend) : undefined;
const sync = () => device?.synchronize();

function makeBackend(name: string): Backend {
  if (name === 'cuda') return createCudaBackend({ name: 'cuda-fusion' });
  if (name === 'opencl') return createOpenCLBackend({ name: 'opencl-fusion' });
  if (name === 'webgpu') return createWebGpuBackend({ name: 'webgpu-fusion' });
  return resolveBackend(name);
}

function randomGrid(n: number, seed: number): Grid {
  let s = seed >>> 0;
  const data = new Float32Array(n * n);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 4294967296;
  }
  return Grid.from(data, [n, n]);
}

/**
 * Median ms per run over `reps` samples after one warm-up (which compiles). On device backends a
 * sample is a batch of runs queued back to back and synchronized once, as a solver would run them,
 * so the synchronization's latency is not charged to each run.
 */
function time(run: () => Grid | void, repeat = reps): { ms: number; samples: number[] } {
  const batch = device ? 10 : 1;
  const once = () => {
    const results: Grid[] = [];
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) {
      const r = run();
      if (r) results.push(r);
    }
    sync();
    const ms = (performance.now() - t0) / batch;
    for (const r of results) r.dispose();
    return ms;
  };
  once();
  const samples = Array.from({ length: repeat }, once);
  return { ms: median(samples), samples };
}

/** One copy of an n×n float32 grid the way the backend copies fastest (the bandwidth limit). */
function copyOf(x: Grid): () => void {
  const bytes = 4 * x.size;
  const b = backend as unknown as { heap?: DeviceBackend['heap']; session?: { copy(src: unknown, dst: unknown, bytes: number): void } };
  if (device && b.session && b.heap) {
    const src = x.storage.deviceForRead(b.heap, () => 'copy source');
    const dst = b.heap.acquire(bytes, 'copy target');
    return () => b.session!.copy(src.handle, dst.handle, bytes);
  }
  const to = new Float32Array(x.size);
  const ref = hostCopy!;
  return () => ref.copy([x.data], [to]);
}

function maxDiff(a: Grid, b: Grid): number {
  let d = 0;
  for (let i = 0; i < a.size; i++) d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
  return d;
}

function check(what: string, got: Grid, want: Grid, scale: number): void {
  const d = maxDiff(got, want);
  log(`  ${what}: max |diff| ${d.toExponential(2)} against the unfused calls`);
  if (!(d <= 1e-5 * scale)) throw new Error(`${what} differs from the unfused calls by ${d}`);
}

const chainOf = (k: number, lap: (u: Grid) => Grid) => (u: Grid): Grid => {
  let x = u;
  for (let i = 0; i < k; i++) {
    const y = lap(x);
    if (x !== u) x.dispose();
    x = y;
  }
  return x;
};

// ---- peers ----------------------------------------------------------------------------------
const sizes = values.sizes!.split(',').map(Number);
const chainN = Number(values['chain-size']);
const heatN = Number(values['heat-size']);
const heatSteps = Number(values['heat-steps']);
interface PeerRow {
  peer: string;
  workload: string;
  size: number;
  ms: number;
  ms_per_step?: number;
}
let peerRows: PeerRow[] = [];
if (!values['no-peers']) {
  const script = [join(dirname(process.argv[1]), 'fusion_peers.py'), 'bench/fusion_peers.py'].find(existsSync);
  const out = join(tmpdir(), `fusion-peers-${process.pid}.json`);
  const peers = values.peers ?? (device ? 'scipy,cupy,jax,torch' : 'scipy');
  const lap = [...sizes.map((n) => `2@${n}`), ...(device ? [1, 3, 4].map((k) => `${k}@${chainN}`) : [])].join(',');
  log(`peers (${peers}) ...`);
  const r = script ? spawnSync('python3', [script, '--json', out, '--peers', peers, '--lap', lap, '--heat', String(heatN), '--heat-steps', String(heatSteps)], { stdio: ['ignore', 'inherit', 'inherit'] }) : undefined;
  if (r?.status === 0) {
    const parsed = JSON.parse(readFileSync(out, 'utf8')) as { rows: PeerRow[]; notes: string[] };
    peerRows = parsed.rows;
    for (const n of parsed.notes) log(`  ${n}`);
  } else log(`peers failed or missing (${script ?? 'no script'}): no peer figures`);
}
const peer = (name: string, workload: string, size: number) => peerRows.find((p) => p.peer === name && p.workload === workload && p.size === size);

// ---- Figure 9 ---------------------------------------------------------------------------------
const lines: string[] = [];
const json: Record<string, unknown> = { date: new Date().toISOString(), backend: values.backend, device: deviceName(), peers: peerRows };
const lazyLap = stencil(lapSrc, { name: 'lap', backend });
const alwaysLap = stencil(lapSrc, { name: 'lap', backend, copyMode: 'always' });
const fig9: Record<string, unknown>[] = [];
lines.push(`## Figure 9: two successive 5-point Laplacians, float32, nearest (${values.backend}, ${deviceName()})`, '');
lines.push('| size | copy ms | scipy ms | always ms | resident ms | fused ms | scipy / fused | always / fused | resident / fused | copy / fused |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const n of sizes) {
  log(`== Figure 9 at ${n}²`);
  const u = randomGrid(n, 7);
  const two = meta((x: Grid) => lazyLap(lazyLap(x)), { name: 'lap2', depth: 2 });
  const want = chainOf(2, lazyLap)(u);
  void want.data;
  if (device) tuneQuietly(two, [u]);
  check('fused', two(u), want, 64);
  const copy = time(copyOf(u));
  const resident = time(() => chainOf(2, lazyLap)(u));
  const fused = time(() => two(u));
  const always = device && n <= Number(values['always-max']) ? time(() => chainOf(2, alwaysLap)(u), 3) : undefined;
  const sp = peer('scipy', 'lap2', n);
  const row = { size: n, copyMs: copy.ms, scipyMs: sp?.ms, alwaysMs: always?.ms, residentMs: resident.ms, fusedMs: fused.ms };
  fig9.push(row);
  const r = (x: number | undefined) => (x === undefined ? 'n/a' : (x / fused.ms).toFixed(2));
  lines.push(`| ${n}² | ${copy.ms.toFixed(4)} | ${sp?.ms.toFixed(3) ?? 'n/a'} | ${always?.ms.toFixed(3) ?? 'n/a'} | ${resident.ms.toFixed(4)} | ${fused.ms.toFixed(4)} | ${r(sp?.ms)} | ${r(always?.ms)} | ${r(resident.ms)} | ${r(copy.ms)} |`);
  u.dispose();
  want.dispose();
}
json.figure9 = fig9;

// ---- Figure 10 --------------------------------------------------------------------------------
log(`== Figure 10 at ${chainN}²`);
const fig10: Record<string, unknown>[] = [];
const u10 = randomGrid(chainN, 11);
const copy10 = time(copyOf(u10));
lines.push('', `## Figure 10: k chained Laplacians at ${chainN}², unfused resident calls against one fused launch`, '');
lines.push(`One copy of the grid: ${copy10.ms.toFixed(4)} ms.`, '');
lines.push('| k | unfused ms | fused ms | unfused / fused | copy / fused | JAX ms | CuPy ms | PyTorch ms | JAX / fused | CuPy / fused | PyTorch / fused |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const k of [1, 2, 3, 4]) {
  const f = meta(chainOf(k, lazyLap), { name: `lap${k}`, depth: k });
  const want = chainOf(k, lazyLap)(u10);
  void want.data;
  if (device) tuneQuietly(f, [u10]);
  check(`${k} fused`, f(u10), want, 64 ** k);
  want.dispose();
  const unfused = time(() => chainOf(k, lazyLap)(u10));
  const fused = time(() => f(u10));
  const p = (name: string) => peer(name, `lap${k}`, chainN)?.ms;
  const r = (x: number | undefined) => (x === undefined ? 'n/a' : (x / fused.ms).toFixed(2));
  fig10.push({ k, unfusedMs: unfused.ms, fusedMs: fused.ms, copyMs: copy10.ms, jaxMs: p('jax'), cupyMs: p('cupy'), torchMs: p('torch') });
  lines.push(`| ${k} | ${unfused.ms.toFixed(4)} | ${fused.ms.toFixed(4)} | ${r(unfused.ms)} | ${r(copy10.ms)} | ${p('jax')?.toFixed(4) ?? 'n/a'} | ${p('cupy')?.toFixed(4) ?? 'n/a'} | ${p('torch')?.toFixed(4) ?? 'n/a'} | ${r(p('jax'))} | ${r(p('cupy'))} | ${r(p('torch'))} |`);
}
u10.dispose();
json.figure10 = fig10;

// ---- temporal blocking ------------------------------------------------------------------------
log(`== heat, ${heatSteps} steps at ${heatN}²`);
const heat = stencil(heatSrc, { name: 'heat', backend });
const steps = (x: Grid, s: number) => chainOf(s, heat)(x);
const uh = randomGrid(heatN, 13);
const copyH = time(copyOf(uh));
const unfusedHeat = meta(steps, { name: 'heat', depth: 1 });
const blocked = meta(steps, { name: 'heat' });
log('  tune(): measuring fusion depths');
blocked.tune([uh, heatSteps], { onProgress: (i, n, c) => log(`    ${i + 1}/${n} ${c}`) });
const depthLine = blocked.explain(uh, heatSteps).split('\n')[1];
log(`  ${depthLine}`);
const wantH = unfusedHeat(uh, heatSteps);
void wantH.data;
check('blocked', blocked(uh, heatSteps), wantH, 1);
wantH.dispose();
const tu = time(() => unfusedHeat(uh, heatSteps), 3);
const tb = time(() => blocked(uh, heatSteps), 3);
// The same loop written as ping-pong (heat(u, { out: v }) and a swap): blocked through a scratch
// grid copied back into the grid the loop still reads (on device backends).
const pingPongBlocked = meta(pingPong((u, v) => heat(u, { out: v })), { name: 'heat-pingpong' });
const vh = Grid.zeros([heatN, heatN], 'float32');
log('  tune(): measuring fusion depths of the ping-pong loop');
pingPongBlocked.tune([uh, vh, heatSteps], { onProgress: (i, n, c) => log(`    ${i + 1}/${n} ${c}`) });
const ppDepth = pingPongBlocked.explain(uh, vh, heatSteps).split('\n')[1];
log(`  ping-pong: ${ppDepth}`);
const tp = time(() => {
  pingPongBlocked(uh, vh, heatSteps); // its result is one of the two grids: not to be disposed
}, 3);
vh.dispose();
const perStep = (x: number) => x / heatSteps;
const hp = (name: string) => peerRows.find((p) => p.peer === name && p.workload === 'heat' && p.size === heatN)?.ms_per_step;
json.heat = { size: heatN, steps: heatSteps, copyMs: copyH.ms, unfusedMsPerStep: perStep(tu.ms), blockedMsPerStep: perStep(tb.ms), pingPongMsPerStep: perStep(tp.ms), pingPongPlan: ppDepth, depth: depthLine, peersMsPerStep: { jax: hp('jax'), cupy: hp('cupy'), torch: hp('torch'), scipy: hp('scipy') } };
lines.push('', `## Temporal blocking: ${heatSteps} heat steps at ${heatN}², float32, nearest`, '', `${depthLine}`, '');
lines.push('| variant | ms per step | copy / per step | unfused / per step |', '| --- | --- | --- | --- |');
lines.push(`| one copy of the grid | ${copyH.ms.toFixed(4)} | 1.00 | |`);
lines.push(`| sejits unfused (one launch per step) | ${perStep(tu.ms).toFixed(4)} | ${(copyH.ms / perStep(tu.ms)).toFixed(2)} | 1.00 |`);
lines.push(`| sejits temporally blocked | ${perStep(tb.ms).toFixed(4)} | ${(copyH.ms / perStep(tb.ms)).toFixed(2)} | ${(tu.ms / tb.ms).toFixed(2)} |`);
lines.push(`| sejits blocked, written as ping-pong (out: and swap) | ${perStep(tp.ms).toFixed(4)} | ${(copyH.ms / perStep(tp.ms)).toFixed(2)} | ${(tu.ms / tp.ms).toFixed(2)} |`);
for (const name of ['jax', 'cupy', 'torch', 'scipy']) {
  const ms = hp(name);
  if (ms !== undefined) lines.push(`| ${name} | ${ms.toFixed(4)} | ${(copyH.ms / ms).toFixed(2)} | ${(perStep(tu.ms) / ms).toFixed(2)} |`);
}
uh.dispose();

console.log(lines.join('\n'));
const path = values.json ?? join('bench', 'results', `fusion-${new Date().toISOString().slice(0, 10)}-${values.backend}.json`);
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, JSON.stringify({ ...json, table: lines.join('\n') }, null, 1));
log(`wrote ${path}`);

/** Device backends: tune() the fused kernels' strategies (tiles) for these arguments first, as a user would. */
function tuneQuietly(f: MetaFunction<(x: Grid) => Grid>, args: [Grid]): void {
  for (const r of f.tune(args)) log(`  tuned ${r.kernel}: ${r.winner} ${r.winnerMs.toFixed(4)} ms (heuristic ${r.heuristic} ${r.heuristicMs?.toFixed(4)} ms)`);
}

function deviceName(): string {
  const d = (backend as unknown as { device?: { name?: string } }).device;
  return d?.name ?? backend.probe().detail ?? backend.name;
}
