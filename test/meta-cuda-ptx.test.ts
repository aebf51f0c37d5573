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
});
