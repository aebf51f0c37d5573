/**
 * Golden tests of the generated code for a few kernels, per renderer (JavaScript, C, OpenCL C with
 * and without local tiles, and CUDA): a change to codegen shows up as a readable diff. Regenerate
 * deliberately with UPDATE_GOLDEN=1. OpenCL needs a platform for its device limits; it is
 * skipped where there is none unless CI requires it. CUDA renders without a GPU.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createWebGpuBackend, probeBackend, stencil, StencilKernel } from '../src/index.js';
import { requiredBackends } from './conformance/backends.js';
import { Jacobi } from '../examples/kernels.js';

/** `dtype` is given for renderers without float64 (WGSL): the kernels' default sample grids are float64. */
type Make = (backend: string, dtype?: 'float32') => string;

const cases: Record<string, Make> = {
  'laplacian-2d-nearest': (backend, dtype) => stencil((a) => a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0) - 4 * a(0, 0), { name: 'laplacian', backend }).show({ dtype }).source,
  'seven-point-3d-reflect': (backend, dtype) =>
    stencil((a) => a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -1) + a(0, 0, 1) - 6 * a(0, 0, 0), { name: 'seven', boundary: 'reflect', backend }).show({ dtype }).source,
  'jacobi-class-interior': (backend, dtype) => new Jacobi({ backend }).show({ dtype }).source,
  'smooth-1d-constant-param': (backend, dtype) =>
    stencil((a, p) => p.k * (a(-1) + a(1)) + a(0), { name: 'smooth', boundary: 'constant', cval: 2, params: ['k'], backend }).show({ dtype }).source,
  'table-1d-wrap-generic': (backend, dtype) =>
    stencil((a, p) => {
      let s = 0;
      for (let i = 0; i < 3; i++) s += p.w[i] * a(i - 1);
      return s;
    }, { name: 'table', boundary: 'wrap', statics: { w: [0.25, 0.5, 0.25] }, mode: 'generic', backend }).show({ dtype }).source,
  'int32-mirror-accumulate': (backend) => new Accumulate({ backend, boundary: 'mirror', name: 'accumulate' }).show({ dtype: 'int32', ndim: 2 }).source,
  'float32-math-select': (backend) =>
    stencil((a) => (a(0, 0) > a(0, 1) ? Math.exp(-a(0, 0)) : Math.round(a(1, 0)) + Math.min(a(-1, 0), 0.1)) % 3, { name: 'mathSelect', backend }).show({ dtype: 'float32' }).source,
};

/** WGSL only: packed uint8 grids, written a word (four points) per invocation. */
const WGSL_CASES: Record<string, Make> = {
  'laplacian-2d-workgroup-tiles': () =>
    stencil((a) => a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0) - 4 * a(0, 0), { name: 'laplacian', backend: createWebGpuBackend({ name: 'webgpu-golden-tiles', tiles: 'local' }) }).show({ dtype: 'float32' }).source,
  'uint8-blur-reflect': (backend) => stencil((a) => Math.round((a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) + 4 * a(0, 0)) / 8), { name: 'blur8', boundary: 'reflect', backend }).show({ dtype: 'uint8' }).source,
};

/** A class-form kernel that accumulates into an integer output, so every `+=` converts. */
class Accumulate extends StencilKernel {
  override neighborhoods = [[[0, -1], [0, 1], [1, 0]]];
  kernel(input: Record<number, number>, output: Record<number, number>) {
    for (const x of this.points(output)) {
      for (const y of this.neighbors(x, 0)) output[x] += 0.75 * input[y];
    }
  }
}

/** `renders`: the backend renders without its device (cuda's code needs no GPU to print). */
const RENDERERS = [
  { backend: 'js', ext: 'js' },
  { backend: 'c', ext: 'c' },
  { backend: 'opencl', ext: 'cl' },
  { backend: 'opencl-tiles', ext: 'tiles.cl' },
  { backend: 'cuda', ext: 'cu', renders: true },
  // WGSL renders without an adapter; it has no float64, so float64 sample grids become float32.
  { backend: 'webgpu', ext: 'wgsl', renders: true, dtype: 'float32' as const, extra: WGSL_CASES },
];

for (const { backend, ext, renders, dtype, extra } of RENDERERS as { backend: string; ext: string; renders?: boolean; dtype?: 'float32'; extra?: Record<string, Make> }[]) {
  const probe = probeBackend(backend);
  const skip = !renders && !probe.available && !requiredBackends().includes(backend) ? `${backend} is unavailable here: ${probe.reason}` : false;
  describe(`golden generated code: ${backend}`, { skip }, () => {
    for (const [name, make] of Object.entries({ ...cases, ...extra })) {
      it(name, () => {
        const file = new URL(`./golden/${name}.${ext}`, import.meta.url);
        const source = make(backend, dtype).trimEnd() + '\n';
        if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
          if (process.env.CI) assert.fail(`golden file ${name}.${ext} is missing; run UPDATE_GOLDEN=1 npm test locally`);
          writeFileSync(file, source);
        }
        assert.equal(source, readFileSync(file, 'utf8'));
      });
    }
  });
}
