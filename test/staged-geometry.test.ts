/**
 * The rows per thread and field pitches of staged GPU kernels (staged-loop.ts, stagedGeometry):
 * every field row is at least as wide as the field and at most 15 cells wider; a stage whose warps
 * run past a box row's end (a box not a multiple of 32 wide) and that takes two or four rows a
 * thread reads its first field at a pitch where those warps meet no bank conflicts; the kernel
 * declares the padded arrays, and the strategy check counts their bytes. Correctness of the padded
 * layout is the staged suites' (staged-gpu on PoCL, meta-staged, meta-cuda-ptx).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Grid, meta, stencil } from '../src/index.js';
import { CUDA_GPU } from '../src/backends/gpu/gpu-dialect.js';
import { renderGpuKernel } from '../src/backends/gpu/render-gpu.js';
import { stagedBox, stagedGeometry } from '../src/backends/gpu/staged-loop.js';
import { stagedCandidates } from '../src/backends/gpu/staged-strategy.js';
import { fieldsUsed } from '../src/backends/c-like/staged-body.js';
import type { LoopProgram } from '../src/ir/kernel.js';

type Tap = (...o: number[]) => number;
const lap = stencil((a: Tap) => a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0), { backend: 'c', boundary: 'nearest', name: 'lap' });
const wide = stencil((a: Tap) => a(0, -2) + a(0, 2) + a(-1, 0) + a(1, 1) - 4 * a(0, 0), { backend: 'c', boundary: 'reflect', name: 'wide' });
const seven = stencil((a: Tap) => a(0, 0, 1) + a(0, 0, -1) + a(0, 1, 0) + a(0, -1, 0) + a(1, 0, 0) + a(-1, 0, 0) - 6 * a(0, 0, 0), { backend: 'c', boundary: 'nearest', name: 'seven' });

function stagedProgram(f: (u: Grid) => Grid, depth: number, shape: number[]): LoopProgram {
  const p = meta(f, { depth }).plan(Grid.zeros(shape, 'float32')).fusedPrograms[0]?.program;
  assert.ok(p?.staged, 'the chain is planned as a staged kernel');
  return p;
}

const limits = { maxGroupSize: 1024, sharedMemBytes: 48 * 1024 };
const cases: [string, LoopProgram][] = [
  ['2 Laplacians', stagedProgram((u) => lap(lap(u)), 2, [256, 256])],
  ['3 Laplacians', stagedProgram((u) => lap(lap(lap(u))), 3, [256, 256])],
  ['4 Laplacians', stagedProgram((u) => lap(lap(lap(lap(u)))), 4, [256, 256])],
  ['an asymmetric radius-2 stencil, twice', stagedProgram((u) => wide(wide(u)), 2, [256, 256])],
  ['3 seven-point stencils in 3-D', stagedProgram((u) => seven(seven(seven(u))), 3, [64, 64, 64])],
];

describe('staged GPU kernels: rows per thread and field pitches', () => {
  for (const [name, program] of cases) {
    it(`${name}: every candidate's fields are padded within 15 cells, conflict-free for their readers, and declared so`, () => {
      const spec = program.staged!;
      const nExt = program.inputs.length;
      const candidates = stagedCandidates(program, limits);
      let checked = 0;
      assert.ok(candidates.length > 0);
      for (const s of candidates) {
        const tile = s.group.map((g, a) => g * s.points[a]);
        const threads = s.group.reduce((a, b) => a * b, 1);
        const { rows, layout } = stagedGeometry(spec, tile, threads, nExt);
        const d = tile.length;
        const boxes = spec.stages.map((st) => stagedBox(st, tile));
        for (let f = 0; f < spec.fields; f++) {
          const width = layout.extents[f][d - 1];
          const pitch = d === 1 ? width : layout.strides[f][d - 2];
          assert.ok(pitch >= width && pitch < width + 16, `field ${f}: pitch ${pitch} for width ${width}`);
          const readers = spec.stages.map((_, i) => i).filter((i) => spec.stages[i].results.every((r) => r.field !== f) && fieldsUsed(spec.stages[i].interior, spec.stages[i], nExt).includes(f));
          // One straddling reader of two or four rows and an even width: its pitch exists, so it is taken.
          const straddlers = readers.filter((i) => boxes[i][d - 1] % 32 !== 0 && rows[i] >= 2);
          if (d >= 2 && straddlers.length === 1 && boxes[straddlers[0]][d - 1] % 2 === 0) {
            const [i] = straddlers;
            const skew = (((rows[i] * pitch - boxes[i][d - 1]) % 32) + 32) % 32;
            assert.equal(skew, 0, `field ${f}: stage ${i} (${rows[i]} rows, box ${boxes[i].join('×')}) reads it at pitch ${pitch}`);
            checked++;
          }
        }
        assert.ok(rows.every((r) => [1, 2, 4].includes(r)), `rows ${rows.join(',')}`);
        const source = renderGpuKernel(program, CUDA_GPU, s, limits.sharedMemBytes);
        const declared = [...source.matchAll(/__shared__ float F(\d+)\[(\d+)\]/g)].map((m) => Number(m[2]));
        assert.deepEqual(declared, [...layout.cells], `${name} ${s.group.join('x')}/${s.points.join('x')}`);
        assert.ok(declared.reduce((a, b) => a + b, 0) * 4 <= limits.sharedMemBytes, 'the candidate fits with its padding');
      }
      // In 2-stage chains the only reader is the last stage, whose box is the tile: it never straddles.
      if (program.ndim === 2 && spec.stages.length >= 3) assert.ok(checked > 0, 'some field had one straddling reader to check');
    });
  }
});
