/**
 * Fused kernels compile as CUDA: nvcc -ptx for sm_90 (CI has nvcc, no GPU) on meta's fused
 * programs: Figure 4 in float32, and a chain whose fused-away stores round to float32 and wrap to
 * uint8 and int32 (Math.fround and the integer conversions in CUDA). Required where
 * SEJITS_REQUIRE_NVCC=1, as test/cuda-ptx.test.ts is.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { add, axpy, createCudaBackend, Grid, map, meta, stencil } from '../src/index.js';
import { cudaFlags } from '../src/backends/cuda/nvrtc.js';
import { findCommand } from '../src/runtime/find-command.js';
import { problem, solve } from '../examples/meta-solver.js';
import { CUDA_GPU } from '../src/backends/gpu/gpu-dialect.js';
import { renderGpuKernel } from '../src/backends/gpu/render-gpu.js';
import { candidateStrategies } from '../src/backends/gpu/strategy.js';

const nvcc = findCommand('nvcc') ?? (findCommand('/usr/local/cuda/bin/nvcc') ? '/usr/local/cuda/bin/nvcc' : undefined);
const skip = !nvcc && process.env.SEJITS_REQUIRE_NVCC !== '1' ? 'nvcc is not installed here' : false;
const dir = mkdtempSync(join(tmpdir(), 'sejits-meta-ptx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function ptx(name: string, source: string): string {
  const file = join(dir, `${name}.cu`);
  writeFileSync(file, source);
  const r = spawnSync(nvcc!, ['-ptx', `-arch=${process.env.SEJITS_PTX_ARCH ?? 'sm_90'}`, ...cudaFlags(['SJ_IDX=int']), '-o', join(dir, `${name}.ptx`), file], { encoding: 'utf8' });
  const log = `${r.error?.message ?? ''}${r.stderr}${r.stdout}`.trim();
  return r.status === 0 && !/warning/.test(log) ? '' : log || `exit ${r.status}`;
}

describe('fused kernels compile with nvcc -ptx', { skip }, () => {
  const cuda = createCudaBackend({ name: 'cuda-meta-ptx' });
  it('Figure 4, float32', () => {
    const { D, b, x } = problem(32);
    const [fused] = solve.plan(D, b, x, 4).fusedPrograms;
    const source = cuda.render(fused.program);
    assert.equal(ptx('figure4', source), '', source);
  });
  it('float32, uint8 and int32 intermediates', () => {
    const o = { backend: 'js' };
    const blur = stencil((a) => 0.7 * a(0, -1) + 0.6 * a(0, 1), { name: 'blur', boundary: 'wrap', outputDtype: 'uint8', ...o });
    const f = meta((u: Grid, v: Grid) => {
      const s = add.with(o)(blur(u), v);
      const t = map((p, q) => p * 1e6 - q, { ...o, outputDtype: 'int32' })(s, v);
      return axpy.with({ ...o, outputDtype: 'float32' })(0.5, t, u);
    });
    const g = Grid.zeros([8, 8], 'float64');
    const [fused] = f.plan(g, Grid.zeros([8, 8], 'uint8')).fusedPrograms;
    const source = cuda.render(fused.program);
    assert.match(source, /\(float\)/);
    assert.equal(ptx('conversions', source), '', source);
  });
  // Staged programs (block fusion, temporal blocking) are planned for any backend that supports
  // them; the c backend plans here, and the program is rendered as CUDA (one block per tile, the
  // fields in __shared__ arrays), under the heuristic strategy and two of the tuner's candidates.
  const stagedPtx = (name: string, program: Parameters<typeof cuda.render>[0], loadsToo = false) => {
    assert.ok(program.staged, `${name}: the plan has no staged program`);
    const limits = { maxGroupSize: 1024, sharedMemBytes: 48 * 1024 };
    const sources = [cuda.render(program), ...candidateStrategies(program, [512, 512, 512].slice(0, program.ndim), limits).slice(-2).map((s) => renderGpuKernel(program, CUDA_GPU, s, limits.sharedMemBytes))];
    // 2-D programs also stream (stream-plan.ts): four, two and one column a lane, by shuffles and by loads.
    if (program.ndim === 2) {
      const streamed = [[512, 512], [512, 511]].flatMap((shape) => candidateStrategies(program, shape, { ...limits, shuffles: true, streaming: true }).filter((s) => s.stream));
      // Loads streaming widens every window by the columns beside a lane: deep float64 chains overflow the registers.
      const picks = (loadsToo ? [false, true] : [false]).flatMap((loads) => [4, 2, 1].map((lanes) => streamed.find((s) => s.stream!.lanes === lanes && Boolean(s.stream!.loads) === loads)!));
      assert.ok(picks.every(Boolean), `${name}: missing streaming candidates`);
      for (const s of picks) sources.push(renderGpuKernel(program, CUDA_GPU, s, limits.sharedMemBytes));
    }
    sources.forEach((source, i) => {
      assert.match(source, /__shared__/);
      assert.equal(ptx(`${name}${i}`, source), '', source);
    });
  };
  type Tap = (...offsets: number[]) => number;
  it('a staged 2-D chain (boundary modes nearest then reflect, float32) and a staged heat loop (float64)', () => {
    const lap = (a: Tap) => a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0);
    const l1 = stencil(lap, { backend: 'c', boundary: 'nearest', name: 'lapA' });
    const l2 = stencil(lap, { backend: 'c', boundary: 'reflect', name: 'lapB' });
    const f = meta((u: Grid) => l2(l1(u)));
    const u = Grid.zeros([64, 64], 'float32');
    stagedPtx('staged2d', f.plan(u).fusedPrograms[0].program, true);
    const heat = stencil((a: Tap) => a(0, 0) + 0.2 * (a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4 * a(0, 0)), { backend: 'c', boundary: 'mirror', name: 'heat' });
    const h = meta((v: Grid, n: number) => {
      for (let t = 0; t < n; t++) v = heat(v);
      return v;
    });
    stagedPtx('stagedheat', h.plan(Grid.zeros([64, 64], 'float64'), 8).fusedPrograms[0].program);
  });
  it('a staged 3-D chain of three 7-point stencils (int32, folded field reads)', () => {
    const lap3 = (a: Tap) => a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -1) + a(0, 0, 1) - 6 * a(0, 0, 0);
    const g = stencil(lap3, { backend: 'c', boundary: 'reflect', name: 'lap3' });
    const f = meta((u: Grid) => g(g(g(u))));
    stagedPtx('staged3d', f.plan(Grid.zeros([16, 16, 16], 'int32')).fusedPrograms[0].program);
  });
});
