/**
 * Calls after the first reuse the compiled code: no rendering, no compiling, whatever the grid.
 * (A regression test: calls once re-rendered and re-hashed their whole source, about 0.8 ms each.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Grid, registerBackend, stencil, type Backend } from '../src/index.js';
import { backend as js } from '../src/backends/js/index.js';

describe('compiled code reuse', () => {
  it('renders and compiles once per program, not once per call', () => {
    let renders = 0;
    let compiles = 0;
    const counting: Backend = { ...js, name: 'counting-js', render: (p) => (renders++, js.render(p)), compile: (p, s) => (compiles++, js.compile(p, s)) };
    registerBackend({ name: 'counting-js', preference: -1, load: () => counting });
    const k = stencil((a) => a(0, 1) + a(0, -1) + a(1, 0), { name: 'reuse', backend: 'counting-js' });
    const g = Grid.fromFunction([6, 7], 'float64', (i, j) => i + j + 1);
    const out = Grid.zeros([6, 7], 'float64');
    for (let i = 0; i < 50; i++) k(g, { out });
    assert.deepEqual([renders, compiles], [1, 1]);
    // Another shape of the same dtype and rank reuses the program; another dtype is a new one.
    k(Grid.fromFunction([9, 4], 'float64', () => 1));
    assert.deepEqual([renders, compiles], [1, 1]);
    k(Grid.fromFunction([9, 4], 'float32', () => 1));
    assert.equal(renders, 2);
    assert.deepEqual(Array.from(out.data), Array.from(k.with({ mode: 'pure' })(g).data));
  });
});

describe('.with() reuse', () => {
  it('equal options give the same derived kernel, different ones a new kernel', () => {
    const mask = () => [[1, 2], [3, 4]];
    const k = stencil((a, p) => p.s * a(0, 1) + p.m[0][1] * a(0, 0), { statics: { s: 2 }, precompute: { m: mask } });
    assert.equal(k.with({ mode: 'pure' }), k.with({ mode: 'pure' }));
    assert.equal(k.with({ statics: { s: 3 } }), k.with({ statics: { s: 3 } }));
    assert.equal(k.with({ precompute: { m: mask } }), k.with({ precompute: { m: mask } }), 'the same precompute function');
    assert.notEqual(k.with({ precompute: { m: () => [[1, 2], [3, 4]] } }), k.with({ precompute: { m: () => [[1, 2], [3, 4]] } }), 'functions compare by identity');
    const distinct = [{ statics: { s: 3 } }, { statics: { s: NaN } }, { statics: { s: Infinity } }, { statics: { s: -0 } }, { statics: { s: 0 } }, { cval: undefined }, {}, { statics: { s: new Float64Array([1]) } }, { statics: { s: [1] } }];
    const kernels = new Set(distinct.map((o) => k.with(o)));
    assert.equal(kernels.size, distinct.length, 'NaN, ±Infinity, -0, undefined and typed arrays do not collide');
    const g = Grid.fromFunction([3, 4], 'float64', (i, j) => i - j);
    assert.deepEqual(Array.from(k.with({ statics: { s: 3 } })(g).data), Array.from(k.with({ statics: { s: 3 }, mode: 'pure' })(g).data));
  });
});
