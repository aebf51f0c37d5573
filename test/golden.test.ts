/**
 * Golden tests of the generated JavaScript for a few kernels: a change to codegen shows up as a
 * readable diff. Regenerate deliberately with UPDATE_GOLDEN=1.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { stencil } from '../src/index.js';
import { Jacobi } from '../examples/kernels.js';

const cases: Record<string, () => string> = {
  'laplacian-2d-nearest': () => stencil((a) => a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0) - 4 * a(0, 0), { name: 'laplacian' }).show().source,
  'seven-point-3d-reflect': () =>
    stencil((a) => a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -1) + a(0, 0, 1) - 6 * a(0, 0, 0), { name: 'seven', boundary: 'reflect' }).show().source,
  'jacobi-class-interior': () => new Jacobi().show().source,
  'smooth-1d-constant-param': () =>
    stencil((a, p) => p.k * (a(-1) + a(1)) + a(0), { name: 'smooth', boundary: 'constant', cval: 2, params: ['k'] }).show().source,
  'table-1d-wrap-generic': () =>
    stencil((a, p) => {
      let s = 0;
      for (let i = 0; i < 3; i++) s += p.w[i] * a(i - 1);
      return s;
    }, { name: 'table', boundary: 'wrap', statics: { w: [0.25, 0.5, 0.25] }, mode: 'generic' }).show().source,
};

describe('golden generated JavaScript', () => {
  for (const [name, make] of Object.entries(cases)) {
    it(name, () => {
      const file = new URL(`./golden/${name}.js`, import.meta.url);
      const source = make() + '\n';
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
        if (process.env.CI) assert.fail(`golden file ${name}.js is missing; run UPDATE_GOLDEN=1 npm test locally`);
        writeFileSync(file, source);
      }
      assert.equal(source, readFileSync(file, 'utf8'));
    });
  }
});
