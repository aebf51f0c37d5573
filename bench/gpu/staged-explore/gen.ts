import { writeFileSync } from 'node:fs';
import { Grid, meta, stencil } from '../../../src/index.js';
import { CUDA_GPU } from '../../../src/backends/gpu/gpu-dialect.js';
import { renderGpuKernel } from '../../../src/backends/gpu/render-gpu.js';
type Tap = (...o: number[]) => number;
const lap = (a: Tap) => a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0);
const l = stencil(lap, { backend: 'c', boundary: 'nearest', name: 'lap' });
const chains: Record<number, (u: Grid) => Grid> = { 2: (u) => l(l(u)), 3: (u) => l(l(l(u))), 4: (u) => l(l(l(l(u)))) };
const strategies = [
  { id: 'h', group: [8, 32], points: [4, 2] },
  { id: 'w', group: [4, 64], points: [8, 2] },
  { id: 'x', group: [4, 128], points: [8, 2] },
  { id: 'y', group: [8, 64], points: [8, 2] },
  { id: 'z', group: [2, 128], points: [8, 2] },
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
    for (const v of variants) {
      Object.assign(process.env, v.env);
      const s = { group: st.group, points: st.points, vector: false, tiles: false };
      const name = `gen_k${k}_${st.id}_${v.id}`;
      let code = renderGpuKernel(p, CUDA_GPU, s, 48 * 1024);
      const smem = [...code.matchAll(/__shared__ float F\d+\[(\d+)\]/g)].reduce((n, m) => n + 4 * Number(m[1]), 0);
      if (smem > 48 * 1024) continue;
      code = code.replace(/\bsj_kernel\b/, name).replace(/^#line.*$/gm, '');
      writeFileSync(`bench/gpu/staged-explore/${name}.cu`, code);
      const tile = st.group.map((g, a) => g * st.points[a]);
      const threads = st.group[0] * st.group[1];
      decls.push(`extern "C" __global__ void ${name}(const float*, float*, int, int, int, int, int, int, int, int, int);`);
      table.push(`  {"${name}", ${k}, ${name}, ${tile[0]}, ${tile[1]}, ${threads}},`);
    }
  }
}
writeFileSync('bench/gpu/staged-explore/gen.h', decls.join('\n') + '\nstruct GenK { const char* name; int k; void (*fn)(const float*, float*, int, int, int, int, int, int, int, int, int); int t0, t1, threads; };\nstatic GenK GEN[] = {\n' + table.join('\n') + '\n};\n');
