import { writeFileSync } from 'node:fs';
import { Grid, meta, stencil } from '../../../src/index.js';
import { CUDA_GPU } from '../../../src/backends/gpu/gpu-dialect.js';
import { renderGpuKernel } from '../../../src/backends/gpu/render-gpu.js';
import { streamHalo, streamPartition, type StreamShape } from '../../../src/backends/gpu/stream-plan.js';
type Tap = (...o: number[]) => number;
const lap = (a: Tap) => a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0);
const l = stencil(lap, { backend: 'c', boundary: 'nearest', name: 'lap' });
const chains: Record<number, (u: Grid) => Grid> = { 2: (u) => l(l(u)), 3: (u) => l(l(l(u))), 4: (u) => l(l(l(l(u)))) };
// Shared-memory tiles, and register streaming (stream-plan.ts) with 32×64 frame tiles.
const N = Number(process.env.GEN_N ?? 8192);
const streams: (Omit<StreamShape, 'halo'> & { id: string; halo?: number; ks?: number[] })[] = [
  // Lanes loading their own neighbours (no shuffles) ran run 1 as {id: 'L4r128a4', lanes: 4, rows: 128, ahead: 4, halo: 0, loads: true}.
  ...[128, 136].map((rows) => ({ id: `s4r${rows}a4`, lanes: 4, rows, ahead: 4 })),
  { id: 's4r136a4h8', lanes: 4, rows: 136, ahead: 4, halo: 8 },
  // Runs 2 to 4 of 2026-11-23 (sixth session): taller strips, so that all of them fit one wave of resident blocks.
  ...[
    [4, 384, 4, 8], [4, 352, 4, 8], [4, 368, 4, 8], [4, 400, 4, 8], [4, 416, 4, 8], [4, 384, 3, 8], [4, 384, 5, 8], [4, 384, 6, 8],
  ].map(([lanes, rows, ahead, halo]) => ({ id: `s${lanes}r${rows}a${ahead}h${halo}`, lanes, rows, ahead, halo, ks: [2] })),
];
const frames = [{ id: 'f16x32', points: [2, 1] }, { id: 'f32x32', points: [4, 1] }, { id: 'f8x32', points: [1, 1] }];
const strategies: { id: string; group: number[]; points: number[]; stream?: Omit<StreamShape, 'halo'> & { halo?: number }; ks?: number[] }[] = [
  { id: 'h', group: [8, 32], points: [4, 2] },
  ...streams.flatMap((st) => frames.filter((fr) => fr.id === 'f16x32' || st.id === 's4r384a4h8').map((fr) => ({ id: `${st.id}_${fr.id}`, group: [8, 32], points: fr.points, stream: st, ks: st.ks }))),
];
// Rendering variants were environment switches that existed only for an experiment (rows per
// thread, row padding, the row chain, aligned or split column loops, field pitches); the renderer
// now has the winners built in, so one variant is rendered per tile.
const variants: { id: string; env: Record<string, string> }[] = [{ id: 'cur', env: {} }];
const decls: string[] = [];
const table: string[] = [];
for (const k of [2, 3, 4]) {
  const f = meta(chains[k], { depth: k });
  const p = f.plan(Grid.zeros([256, 256], 'float32')).fusedPrograms[0].program;
  for (const st of strategies) {
    if (st.ks && !st.ks.includes(k)) continue;
    for (const v of variants) {
      Object.assign(process.env, v.env);
      const stream = st.stream && { lanes: st.stream.lanes, rows: st.stream.rows, ahead: st.stream.ahead, halo: st.stream.halo ?? streamHalo(p.reach, st.stream.lanes, 'float32'), ...(st.stream.loads ? { loads: true } : {}) };
      const s = { group: st.group, points: st.points, vector: false, tiles: false, ...(stream ? { stream } : {}) };
      const name = `gen_k${k}_${st.id}_${v.id}`;
      let code = renderGpuKernel(p, CUDA_GPU, s, 48 * 1024);
      const smem = [...code.matchAll(/__shared__ float F\d+\[(\d+)\]/g)].reduce((n, m) => n + 4 * Number(m[1]), 0);
      if (smem > 48 * 1024) continue;
      if (v.id !== 'cur' && !stream) continue;
      code = code.replace(/\bsj_kernel\b/, name).replace(/^#line.*$/gm, '');
      writeFileSync(`bench/gpu/staged-explore/${name}.cu`, code);
      const tile = st.group.map((g, a) => g * st.points[a]);
      const threads = st.group[0] * st.group[1];
      const blocks = stream ? streamPartition([N, N], tile, p.reach, stream, threads).blocks : 0;
      decls.push(`extern "C" __global__ void ${name}(const float*, float*, int, int, int, int, int, int, int, int, int);`);
      table.push(`  {"${name}", ${k}, ${name}, ${tile[0]}, ${tile[1]}, ${threads}, ${blocks}},`);
    }
  }
}
writeFileSync('bench/gpu/staged-explore/gen.h', decls.join('\n') + '\nstruct GenK { const char* name; int k; void (*fn)(const float*, float*, int, int, int, int, int, int, int, int, int); int t0, t1, threads, blocks; };\nstatic GenK GEN[] = {\n' + table.join('\n') + '\n};\n');
