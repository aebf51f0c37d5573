/**
 * Exploration on the GPU machine, for decisions the bench does not make: how long NVRTC takes
 * under different options (each in a fresh process, since its first compile pays its start), and
 * how a list of strategies, plus a hand-written z-marching kernel as a ceiling, time for the 3-D
 * 7-point stencil at 512³ against the device copy. Prints JSON lines.
 *
 *   node dist/gpu/bench/gpu/explore.js [--nvrtc] [--sweep keys;keys] [--hand]
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Grid, createCudaBackend, parseStrategyKey, stencil, type DeviceBackend } from '../../src/index.js';
import { cuda } from '../../src/backends/cuda/cuda-api.js';
import { median } from '../timing.js';

const { values } = parseArgs({
  options: {
    nvrtc: { type: 'boolean', default: false },
    'nvrtc-child': { type: 'string' },
    sweep: { type: 'string' },
    hand: { type: 'boolean', default: false },
    n3: { type: 'string', default: '512' },
  },
});

type Acc = (...o: number[]) => number;
const seven = stencil((a: Acc) => (a(0, 0, 1) + a(0, 0, -1) + a(0, 1, 0) + a(0, -1, 0) + a(1, 0, 0) + a(-1, 0, 0) - 6 * a(0, 0, 0)) / 6, { name: 'seven3d' });
const jacobi = stencil((a: Acc) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0)), { name: 'jacobi2d' });

const TINY = 'extern "C" __global__ void tiny(float *x) { x[threadIdx.x] += 1.0f; }';

// ---- NVRTC: each order of compiles in its own process ---------------------------------------------
if (values['nvrtc-child']) {
  const koffi = cuda().koffi;
  const t0 = performance.now();
  const lib = koffi.load('libnvrtc.so.13');
  const f = (p: string) => lib.func(p) as (...a: unknown[]) => number;
  const create = f('int nvrtcCreateProgram(uint64_t *out, const char *source, const char *name, int headers, void *contents, void *names)');
  const compile = f('int nvrtcCompileProgram(uint64_t program, int count, const char **options)');
  const destroy = f('int nvrtcDestroyProgram(uint64_t *program)');
  const logSize = f('int nvrtcGetProgramLogSize(uint64_t program, uint64_t *out)');
  const getLog = f('int nvrtcGetProgramLog(uint64_t program, uint8_t *out)');
  const cubinSize = f('int nvrtcGetCUBINSize(uint64_t program, uint64_t *out)');
  const loadMs = performance.now() - t0;
  const base = ['--gpu-architecture=sm_90', '--fmad=false', '--prec-div=true', '--prec-sqrt=true', '--ftz=false', '-DSJ_IDX=int'];
  const sources: Record<string, string> = {
    tiny: TINY,
    jacobi: jacobi.with({ backend: createCudaBackend({ name: 'show' }) }).show({ dtype: 'float32' }).source,
    seven: seven.with({ backend: createCudaBackend({ name: 'show' }) }).show({ dtype: 'float32' }).source,
  };
  const results: Record<string, unknown>[] = [];
  for (const step of values['nvrtc-child'].split(';')) {
    const [what, ...extra] = step.split(' ');
    const h = new BigUint64Array(1);
    const t = performance.now();
    create(h, sources[what], 'x.cu', 0, null, null);
    const opts = [...base, ...extra];
    const code = compile(h[0], opts.length, opts);
    const ms = performance.now() - t;
    let log = '';
    const size = new BigUint64Array(1);
    logSize(h[0], size);
    if (size[0] > 1n) {
      const b = new Uint8Array(Number(size[0]));
      getLog(h[0], b);
      log = Buffer.from(b).toString('utf8').slice(0, 300);
    }
    cubinSize(h[0], size);
    destroy(h);
    results.push({ step, code, ms: +ms.toFixed(1), cubin: Number(size[0]), log });
  }
  process.stdout.write(JSON.stringify({ loadMs, results }) + '\n');
  process.exit(0);
}

if (values.nvrtc) {
  const orders = [
    'seven --minimal;seven --minimal;jacobi --minimal',
    'seven;seven --minimal',
    'jacobi',
    'jacobi --minimal',
    'tiny;jacobi',
    'tiny --minimal;jacobi --minimal;seven --minimal',
    'jacobi -Ofast-compile=min',
    'jacobi --minimal -Ofast-compile=min',
    'seven;jacobi;jacobi',
    'jacobi --minimal --dopt=on',
  ];
  for (const order of orders) {
    const r = spawnSync(process.execPath, [process.argv[1], '--nvrtc-child', order], { encoding: 'utf8' });
    console.log(JSON.stringify({ nvrtc: order, out: r.stdout.trim(), err: r.stderr.trim().slice(0, 400) }));
  }
}

// ---- strategies for the 3-D 7-point, against the copy ---------------------------------------------
const n3 = Number(values.n3);
const shape = [n3, n3, n3];
const randomGrid = () => {
  let s = 20261123;
  return Grid.fromFunction(shape, 'float32', () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return 0.25 + s / 2 ** 33;
  });
};

function timeIt(run: () => void, sync: () => void, reps = 20, batches = 9): number {
  run();
  sync();
  const out: number[] = [];
  for (let b = 0; b < batches; b++) {
    sync();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) run();
    sync();
    out.push((performance.now() - t0) / reps);
  }
  return median(out);
}

if (values.sweep !== undefined || values.hand) {
  const main = createCudaBackend({ name: 'explore' }) as unknown as DeviceBackend & { session: { copy(a: bigint, b: bigint, n: number): void; synchronize(): void; load(s: string, d: string[], n: string): { module: bigint }; function(m: bigint, n: string): bigint } };
  const x = randomGrid();
  const ref = seven.with({ backend: main })(x) as Grid;
  const refData = Float32Array.from(ref.data as Float32Array);
  const session = main.session;
  const bytes = n3 ** 3 * 4;
  const a = session as unknown as { allocate(n: number): bigint };
  const src = a.allocate(bytes);
  const dst = a.allocate(bytes);
  const copyMs = () => timeIt(() => session.copy(src, dst, bytes), () => session.synchronize());
  const report = (what: string, ms: number, copy: number, extra: Record<string, unknown> = {}) => console.log(JSON.stringify({ what, ms: +ms.toFixed(4), copyMs: +copy.toFixed(4), ofCopy: +(copy / ms).toFixed(3), ...extra }));
  for (const key of (values.sweep ?? '').split(';').filter(Boolean)) {
    const strategy = parseStrategyKey(key);
    if (!strategy) {
      console.log(JSON.stringify({ what: key, error: 'unparsable' }));
      continue;
    }
    try {
      const b = createCudaBackend({ name: `s-${key}`, strategy });
      const k = seven.with({ backend: b });
      const out = k(x) as Grid;
      let worst = 0;
      const got = out.data as Float32Array;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - refData[i]));
      const ms = timeIt(() => k(x, { out }), () => b.synchronize());
      report(key, ms, copyMs(), { maxDiff: worst });
      out.dispose();
    } catch (e) {
      console.log(JSON.stringify({ what: key, error: String(e).slice(0, 300) }));
    }
  }
  if (values.hand) {
    const api = cuda();
    const koffi = api.koffi;
    const devIn = a.allocate(bytes);
    const devOut = a.allocate(bytes);
    (session as unknown as { write(h: bigint, v: ArrayBufferView): void }).write(devIn, x.data as Float32Array);
    // Points a variant skips (its edges) keep the reference's values.
    (session as unknown as { write(h: bigint, v: ArrayBufferView): void }).write(devOut, refData);
    const variants: [string, number, number, number, string][] = [];
    // Each thread: R rows of y at x, marching ZC planes of z; rows y-1..y+R read once into registers.
    const rows = (bx: number, by: number, zc: number, R: number) => {
      const r = Array.from({ length: R }, (_, i) => i);
      return `extern "C" __global__ void __launch_bounds__(${bx * by}) z7(const float* __restrict__ in, float* __restrict__ out, int n) {
  const int x = blockIdx.x * ${bx} + threadIdx.x, y0 = (blockIdx.y * ${by} + threadIdx.y) * ${R}, z0 = blockIdx.z * ${zc};
  if (x < 1 || x >= n - 1 || y0 < 1 || y0 + ${R} > n - 1) return;
  const int s = n * n;
  const int zs = max(z0, 1), ze = min(z0 + ${zc}, n - 1);
  int p = zs * s + y0 * n + x;
  float ${r.map((i) => `b${i} = in[p - s + ${i} * n], c${i} = in[p + ${i} * n]`).join(', ')};
  #pragma unroll 2
  for (int z = zs; z < ze; z++, p += s) {
    const float ${r.map((i) => `a${i} = in[p + s + ${i} * n]`).join(', ')};
    const float up = in[p - n], down = in[p + ${R} * n];
${r.map((i) => `    out[p + ${i} * n] = (in[p + ${i} * n + 1] + in[p + ${i} * n - 1] + ${i === 0 ? 'up' : `c${i - 1}`} + ${i === R - 1 ? 'down' : `c${i + 1}`} + a${i} + b${i} - 6.0f * c${i}) / 6.0f;`).join('\n')}
${r.map((i) => `    b${i} = c${i}; c${i} = a${i};`).join('\n')}
  }
}`;
    };
    // The same with every x computed: the x-faces fold (nearest: clamp) in the body, so no lane diverges.
    const clamped = (bx: number, by: number, zc: number, R: number) => rows(bx, by, zc, R)
      .replace('if (x < 1 || x >= n - 1 || y0 < 1', 'if (x >= n || y0 < 1')
      .replace(/in\[p \+ (\d) \* n \+ 1\]/g, 'in[p + $1 * n + xr]')
      .replace(/in\[p \+ (\d) \* n - 1\]/g, 'in[p + $1 * n - xl]')
      .replace('int p = zs * s', 'const int xl = x > 0 ? 1 : 0, xr = x < n - 1 ? 1 : 0;\n  int p = zs * s');
    for (const [bx, by, zc, R] of [[32, 4, 4, 4], [64, 2, 8, 4], [32, 4, 8, 4], [32, 4, 4, 2], [32, 8, 4, 2]]) variants.push([`clamped ${bx}x${by} z${zc} R${R}`, bx, by * R, zc, clamped(bx, by, zc, R)]);
    for (const [bx, by, zc, R] of [[32, 4, 4, 4], [64, 2, 8, 4], [32, 4, 4, 2]]) variants.push([`rows ${bx}x${by} z${zc} R${R}`, bx, by * R, zc, rows(bx, by, zc, R)]);
    if (process.env.DUMP_HAND) {
      for (const v of variants) console.log(`// ${v[0]}\n${v[4]}`);
      process.exit(0);
    }
    for (const [label, bx, by, zc, source] of variants) {
      const { module } = session.load(source, [], 'z7');
      const fn = session.function(module, 'z7');
      const mem = koffi.alloc('uint64_t', 6);
      const base = koffi.address(mem);
      const view = new DataView(koffi.view(mem, 48));
      view.setBigUint64(0, devIn, true);
      view.setBigUint64(8, devOut, true);
      view.setInt32(16, n3, true);
      for (let i = 0; i < 3; i++) view.setBigUint64(24 + 8 * i, base + BigInt(8 * i), true);
      const R = Number(/ R(\d+)$/.exec(label)?.[1] ?? 1);
      const launch = () => api.launchKernel(fn, Math.ceil(n3 / bx), Math.ceil(n3 / by), Math.ceil(n3 / zc), bx, by / R, label.startsWith('naive') ? 2 : 1, 0, 0n, base + 24n, 0n);
      const ms = timeIt(launch, () => session.synchronize());
      const host = new Float32Array(n3 ** 3);
      (session as unknown as { read(h: bigint, v: ArrayBufferView): void }).read(devOut, host);
      let worst = 0;
      for (let z = 1; z < n3 - 1; z += 7) for (let y = 1; y < n3 - 1; y += 3) for (let xx = 1; xx < n3 - 1; xx++) {
        const i = (z * n3 + y) * n3 + xx;
        worst = Math.max(worst, Math.abs(host[i] - refData[i]));
      }
      report(`hand ${label}`, ms, copyMs(), { maxDiff: worst });
    }
  }
}
