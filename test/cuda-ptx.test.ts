/**
 * The generated CUDA compiles: nvcc -ptx for the device architecture the GPU machine has (sm_90),
 * on a representative set of kernels, where CI has nvcc but no GPU (and no NVRTC). The set covers
 * every dtype, 1-, 2- and 3-D, every kind of region code (split faces, generic folding, interior
 * skipping), static tables, math and selects, several outputs, and every strategy kind: one point
 * per thread, shared-memory tiles, row streaming, and vector loads and stores of float4, double2,
 * int4 and uchar4. The full conformance suite runs through NVRTC on the GPU machine.
 *
 * Required (not skipped: a missing nvcc fails it) when SEJITS_REQUIRE_NVCC=1, as on CI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createCudaBackend, stencil, type Dtype, type KernelStrategy } from '../src/index.js';
import { cudaFlags } from '../src/backends/cuda/nvrtc.js';
import { findCommand } from '../src/runtime/find-command.js';

const nvcc = findCommand('nvcc') ?? (findCommand('/usr/local/cuda/bin/nvcc') ? '/usr/local/cuda/bin/nvcc' : undefined);
const skip = !nvcc && process.env.SEJITS_REQUIRE_NVCC !== '1' ? 'nvcc is not installed here' : false;
const ARCH = process.env.SEJITS_PTX_ARCH ?? 'sm_90';
const dir = mkdtempSync(join(tmpdir(), 'sejits-ptx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Compiles one source; returns nvcc's complaints (errors and warnings), or '' when clean. */
function ptx(name: string, source: string, defines: string[]): string {
  const file = join(dir, `${name}.cu`);
  writeFileSync(file, source);
  const r = spawnSync(nvcc!, ['-ptx', `-arch=${ARCH}`, ...cudaFlags(defines), '-o', join(dir, `${name}.ptx`), file], { encoding: 'utf8' });
  const log = `${r.error?.message ?? ''}${r.stderr}${r.stdout}`.trim();
  return r.status === 0 && !/warning/.test(log) ? '' : log || `exit ${r.status}`;
}

const strategy = (kind: 'scalar' | 'tiles' | 'vector', group: number[], points: number[]): KernelStrategy => ({ group, points, vector: kind === 'vector', tiles: kind === 'tiles' });
const render = (make: (backend: never) => { show(o?: { dtype?: Dtype; ndim?: number }): { source: string } }, s: KernelStrategy, dtype: Dtype) =>
  make(createCudaBackend({ name: `cuda-ptx-${s.group.join('x')}`, strategy: s }) as never).show({ dtype }).source;

const seven = (backend: never) => stencil((a) => a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -1) + a(0, 0, 1) - 6 * a(0, 0, 0), { name: 'seven', boundary: 'reflect', backend });
const blur = (backend: never) => stencil((a) => (a(-1, -1) + 2 * a(-1, 0) + a(-1, 1) + 2 * a(0, -1) + 4 * a(0, 0) + 2 * a(0, 1) + a(1, -1) + 2 * a(1, 0) + a(1, 1)) / 16, { name: 'blur', boundary: 'wrap', backend });
const twoOut = (backend: never) => stencil((a, b) => [a(0, 1) - b(0, -1), Math.max(a(1, 0), b(-1, 0))], { name: 'twoOut', boundary: 'mirror', backend });
const smooth1d = (backend: never) => stencil((a, p) => p.k * (a(-2) + a(2)) + a(0), { name: 'smooth', boundary: 'constant', cval: 2, params: ['k'], backend });

/** Strategy variants, beyond the heuristic choices the golden kernels already cover. */
const VARIANTS: Record<string, () => string> = {
  'seven-float32-tiles': () => render(seven, strategy('tiles', [2, 4, 32], [1, 1, 1]), 'float32'),
  'seven-float64-vector-rows': () => render(seven, strategy('vector', [1, 4, 32], [8, 1, 2]), 'float64'),
  'seven-int32-vector-rows': () => render(seven, strategy('vector', [1, 4, 32], [4, 1, 4]), 'int32'),
  'blur-uint8-vector': () => render(blur, strategy('vector', [1, 128], [4, 4]), 'uint8'),
  'blur-float32-scalar-rows': () => render(blur, strategy('scalar', [2, 64], [16, 2]), 'float32'),
  'two-outputs-float64-vector': () => render(twoOut, strategy('vector', [1, 64], [2, 4]), 'float64'),
  'smooth-1d-float32-vector': () => render(smooth1d, strategy('vector', [128], [8]), 'float32'),
  'smooth-1d-int32-tiles': () => render(smooth1d, strategy('tiles', [256], [1]), 'int32'),
  'blur-uint8-scalar-rows-folded': () => render(blur, { ...strategy('scalar', [2, 64], [4, 1]), foldLast: true }, 'uint8'),
  'two-outputs-float32-vector-folded': () => render(twoOut, { ...strategy('vector', [1, 64], [2, 2]), foldLast: true }, 'float32'),
};

describe(`generated CUDA compiles with nvcc -ptx -arch=${ARCH}`, { skip }, () => {
  it('nvcc is installed', () => assert.ok(nvcc, 'nvcc was not found on PATH or in /usr/local/cuda/bin'));
  const golden = new URL('./golden/', import.meta.url);
  for (const file of readdirSync(golden).filter((f) => f.endsWith('.cu'))) {
    it(`golden ${file} (32- and 64-bit indices)`, () => {
      const source = readFileSync(new URL(file, golden), 'utf8');
      assert.equal(ptx(file.replace(/\.cu$/, ''), source, ['SJ_IDX=int']), '');
      assert.equal(ptx(`${file.replace(/\.cu$/, '')}-wide`, source, ['SJ_IDX=long long']), '');
    });
  }
  for (const [name, make] of Object.entries(VARIANTS)) {
    it(name, () => {
      const source = make();
      assert.match(source, /sj_kernel/);
      assert.equal(ptx(name, source, ['SJ_IDX=int']), '', source);
    });
  }
});
