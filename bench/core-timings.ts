/**
 * Issue 2's timings: specialized JS against generic JS and pure mode, for the 2-D 5-point Jacobi at
 * 2048² and the 3-D 7-point stencil at 128³ (float64), plus a hand-written JS loop for reference.
 * Prints a table and writes bench/results/core-<date>.json. Ratios are t_other / t_specialized.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { Grid, stencil } from '../src/index.js';

const jacobi2d = stencil((a) => 0.25 * (a(0, -1) + a(0, 1) + a(-1, 0) + a(1, 0)), { boundary: 'nearest', name: 'jacobi2d' });
const seven3d = stencil((a) => (a(0, 0, 0) * -6 + a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -1) + a(0, 0, 1)) / 6, { boundary: 'nearest', name: 'seven3d' });

function handJacobi(inp: Float64Array, out: Float64Array, n0: number, n1: number): void {
  for (let i = 0; i < n0; i++) {
    const up = (i > 0 ? i - 1 : 0) * n1;
    const dn = (i < n0 - 1 ? i + 1 : n0 - 1) * n1;
    const row = i * n1;
    for (let j = 0; j < n1; j++) {
      const l = j > 0 ? j - 1 : 0;
      const r = j < n1 - 1 ? j + 1 : n1 - 1;
      out[row + j] = 0.25 * (inp[row + l] + inp[row + r] + inp[up + j] + inp[dn + j]);
    }
  }
}

function hand7(inp: Float64Array, out: Float64Array, n: number): void {
  const s0 = n * n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < n; k++) {
        const p = i * s0 + j * n + k;
        const im = (i > 0 ? i - 1 : 0) * s0 + j * n + k;
        const ip = (i < n - 1 ? i + 1 : n - 1) * s0 + j * n + k;
        const jm = i * s0 + (j > 0 ? j - 1 : 0) * n + k;
        const jp = i * s0 + (j < n - 1 ? j + 1 : n - 1) * n + k;
        const km = p - k + (k > 0 ? k - 1 : 0);
        const kp = p - k + (k < n - 1 ? k + 1 : n - 1);
        out[p] = (inp[p] * -6 + inp[im] + inp[ip] + inp[jm] + inp[jp] + inp[km] + inp[kp]) / 6;
      }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, reps: number): number {
  fn();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const rows: Record<string, unknown>[] = [];
for (const [name, k, shape, hand] of [
  ['jacobi2d 2048²', jacobi2d, [2048, 2048], (i: Grid, o: Grid) => handJacobi(i.data as Float64Array, o.data as Float64Array, 2048, 2048)],
  ['7-point 3-D 128³', seven3d, [128, 128, 128], (i: Grid, o: Grid) => hand7(i.data as Float64Array, o.data as Float64Array, 128)],
] as const) {
  const input = Grid.fromFunction(shape, 'float64', () => 0.5 + Math.random());
  const out = Grid.zeros(shape, 'float64');
  const spec = k.with({ mode: 'specialized' });
  const gen = k.with({ mode: 'generic' });
  const pure = k.with({ mode: 'pure' });
  const t = {
    specialized: time(() => spec(input, { out }), 15),
    generic: time(() => gen(input, { out }), 7),
    pure: time(() => pure(input, { out }), 3),
    hand: time(() => hand(input, out), 15),
  };
  const points = shape.reduce((a, b) => a * b, 1);
  rows.push({
    stencil: name,
    ms: t,
    nsPerPoint: t.specialized * 1e6 / points,
    ratios: { generic: t.generic / t.specialized, pure: t.pure / t.specialized, hand: t.hand / t.specialized },
  });
  console.log(
    `${name.padEnd(18)} specialized ${t.specialized.toFixed(2)} ms | generic ${t.generic.toFixed(2)} ms (×${(t.generic / t.specialized).toFixed(2)}) | pure ${t.pure.toFixed(1)} ms (×${(t.pure / t.specialized).toFixed(1)}) | hand-written ${t.hand.toFixed(2)} ms (×${(t.hand / t.specialized).toFixed(2)})`,
  );
}
const date = new Date().toISOString();
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/core-${date.slice(0, 10)}.json`, import.meta.url);
writeFileSync(file, JSON.stringify({ date, machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version }, rows }, null, 2));
console.log(`wrote ${file.pathname}`);
