/** Backend choice: 'auto' with no usable backend runs pure mode with a notice; a named backend never falls back. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BackendUnavailableError, Grid, registerBackend, stencil, type Backend } from '../src/index.js';
import { backend as js } from '../src/backends/js/index.js';
import { cBackendEntry, openclBackendEntry } from '../src/backends/node-backends.js';

describe('backend fallback', () => {
  it("runs pure mode when 'auto' finds no usable backend, and says so once", () => {
    const broken: Backend = { ...js, name: 'js', probe: () => ({ available: false, reason: 'new Function is forbidden here' }) };
    registerBackend({ name: 'js', preference: 0, load: () => broken });
    registerBackend({ ...cBackendEntry, load: () => ({ ...cBackendEntry.load(), probe: () => ({ available: false, reason: 'no C compiler found' }) }) });
    registerBackend({ ...openclBackendEntry, load: () => ({ ...js, name: 'opencl', probe: () => ({ available: false, reason: 'no OpenCL platform' }) }) });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => void warnings.push(m);
    try {
      const k = stencil((a) => a(0, 1) + a(0, -1), { name: 'fallbackKernel' });
      const g = Grid.fromFunction([3, 5], 'float64', (i, j) => i * 5 + j);
      const out = k(g);
      k(g);
      assert.deepEqual(Array.from(out.data), Array.from(k.with({ mode: 'pure' })(g).data));
      assert.equal(warnings.filter((w) => w.includes('fallbackKernel runs in pure mode')).length, 1);
      assert.throws(() => k.with({ backend: 'js' })(g), (e) => e instanceof BackendUnavailableError && /new Function is forbidden/.test(e.message));
    } finally {
      console.warn = warn;
      registerBackend({ name: 'js', preference: 0, load: () => js });
      registerBackend(cBackendEntry);
      registerBackend(openclBackendEntry);
    }
  });
});
