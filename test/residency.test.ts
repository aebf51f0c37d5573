/**
 * Residency, backend-neutral: a fake device whose "buffers" are host arrays runs kernels through the
 * js backend, so the rules are checked by counting transfers, with no GPU: lazy results, inputs
 * uploaded once, host writes making the device copy stale, outputs uploaded only when the kernel
 * reads them, copyMode 'always', dispose, toHost, the buffer pool and out-of-memory reports.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeviceHeap, DeviceMemoryError, Grid, KernelArgumentError, StencilKernel, registerBackend, type GridView, stencil, type DeviceBackend, type DeviceMemory, type TypedArray } from '../src/index.js';
import { backend as js, type CompiledJs } from '../src/backends/js/index.js';

interface FakeBuffer {
  data: Uint8Array;
  freed: boolean;
}

class FakeMemory implements DeviceMemory<FakeBuffer> {
  readonly label = 'fake: test device';
  allocated = 0;
  failNext = false;
  constructor(
    readonly totalBytes: number | undefined = 1 << 30,
    readonly maxAllocationBytes: number | undefined = 1 << 28,
  ) {}
  allocate(bytes: number): FakeBuffer | undefined {
    if (this.failNext) {
      this.failNext = false;
      return undefined;
    }
    this.allocated += bytes;
    return { data: new Uint8Array(bytes), freed: false };
  }
  release(h: FakeBuffer): void {
    assert.ok(!h.freed, 'a buffer is freed once');
    h.freed = true;
    this.allocated -= h.data.length;
  }
  write(h: FakeBuffer, host: TypedArray): void {
    h.data.set(new Uint8Array(host.buffer, host.byteOffset, host.byteLength));
  }
  read(h: FakeBuffer, host: TypedArray): void {
    new Uint8Array(host.buffer, host.byteOffset, host.byteLength).set(h.data.subarray(0, host.byteLength));
  }
  fillZero(h: FakeBuffer): void {
    h.data.fill(0);
  }
}

/** Views a fake buffer as the dtype's typed array, so the js backend can run on it. */
function view(h: FakeBuffer, like: 'float32' | 'float64'): TypedArray {
  return like === 'float32' ? new Float32Array(h.data.buffer) : new Float64Array(h.data.buffer);
}

function fakeBackend(name: string, memory = new FakeMemory(), limit?: number): DeviceBackend<CompiledJs & { dtypes: ('float32' | 'float64')[] }> & { memory: FakeMemory } {
  const heap = new DeviceHeap(memory, limit);
  return {
    name,
    kind: 'device',
    heap,
    memory,
    probe: () => ({ available: true }),
    render: (p) => js.render(p),
    compile: (p, s) => ({ ...js.compile(p, s), dtypes: [...p.inputs, ...p.outputs].map((g) => g.dtype as 'float32' | 'float64') }),
    run(c, launch) {
      const views = [...launch.inputs, ...launch.outputs].map((b, i) => view(b.handle as FakeBuffer, c.dtypes[i]));
      js.run(c, { ...launch, inputs: views.slice(0, launch.inputs.length), outputs: views.slice(launch.inputs.length) });
    },
    synchronize() {},
  };
}

const laplacian = (a: (...o: number[]) => number) => a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0) - 4 * a(0, 0);
const grid = (seed = 1) => Grid.fromFunction([9, 7], 'float64', (i, j) => Math.sin(i * 3.1 + j * seed) + 2);
const pure = stencil(laplacian, { name: 'lap', mode: 'pure' });

function stats(b: { heap: DeviceHeap }) {
  return { ...b.heap.stats };
}

describe('residency (a fake device, counting transfers)', () => {
  it('keeps results on the device until read, and uploads an input once', () => {
    const dev = fakeBackend('fake-lazy');
    const k = stencil(laplacian, { name: 'lap', backend: dev });
    const x = grid();
    const y = k(x) as Grid;
    const z = k(y) as Grid;
    assert.equal(x.location, 'host+device');
    assert.equal(y.location, 'device');
    assert.equal(z.location, 'device');
    assert.deepEqual([stats(dev).uploads, stats(dev).downloads], [1, 0], 'x went up once; nothing came back');
    k(x);
    assert.equal(stats(dev).uploads, 1, 'x was not uploaded twice');
    assert.deepEqual([...z.data], [...(pure(pure(x) as Grid) as Grid).data]);
    assert.equal(stats(dev).downloads, 1, 'reading z downloaded it alone');
    assert.equal(y.location, 'device');
    assert.equal(z.get(3, 3), (pure(pure(x) as Grid) as Grid).get(3, 3));
  });

  it('a host write makes the device copy stale; a read through get() does not', () => {
    const dev = fakeBackend('fake-write');
    const k = stencil(laplacian, { name: 'lap', backend: dev });
    const x = grid();
    k(x);
    void x.get(0, 0);
    k(x);
    assert.equal(stats(dev).uploads, 1);
    x.data[10] = 100;
    const y = k(x) as Grid;
    assert.equal(stats(dev).uploads, 2, 'the written input went up again');
    assert.deepEqual([...y.data], [...(pure(x) as Grid).data]);
  });

  it('fresh outputs cost no transfer; outputs the kernel reads or keeps are uploaded first', () => {
    const dev = fakeBackend('fake-outputs');
    const overwrite = stencil(laplacian, { name: 'lap', backend: dev });
    const x = grid();
    overwrite(x);
    assert.deepEqual([stats(dev).uploads, stats(dev).zeroFills], [1, 0], 'only x went up');
    // 'interior' keeps the border of a passed-in output, so its contents must reach the device.
    const interior = stencil(laplacian, { name: 'lapInterior', backend: dev, boundary: 'interior' });
    const out = Grid.fromFunction([9, 7], 'float64', () => 7);
    interior(x, { out });
    assert.equal(stats(dev).uploads, 2);
    assert.equal(out.get(0, 0), 7, 'the border kept its old value');
    // A fresh output of a kernel that keeps borders is zero-filled on the device, not uploaded.
    const fresh = interior(x) as Grid;
    assert.deepEqual([stats(dev).uploads, stats(dev).zeroFills], [2, 1]);
    assert.equal(fresh.get(0, 0), 0);
    // Class kernels that accumulate with += read their output.
    class Acc extends StencilKernel<Grid> {
      override neighborhoods = [[[0, 1], [0, -1]]];
      kernel(a: GridView, out: GridView) {
        for (const x of this.points(out)) for (const y of this.neighbors(x, 0)) out[x] += a[y];
      }
    }
    const acc = new Acc({ backend: dev });
    const o2 = Grid.fromFunction([9, 7], 'float64', () => 1);
    acc(x, { out: o2 });
    assert.equal(stats(dev).uploads, 3, 'the += output went up');
    assert.equal(o2.get(4, 4), 1 + x.get(4, 5) + x.get(4, 3));
  });

  it("copyMode 'always' moves every operand both ways on every call", () => {
    const dev = fakeBackend('fake-always');
    const k = stencil(laplacian, { name: 'lap', backend: dev, copyMode: 'always' });
    const x = grid();
    const y = k(x) as Grid;
    assert.equal(y.location, 'host');
    assert.equal(x.location, 'host');
    k(x);
    assert.deepEqual([stats(dev).uploads, stats(dev).downloads], [2, 2]);
    assert.equal(dev.heap.liveBuffers, 0, 'nothing is held between calls');
    assert.deepEqual([...y.data], [...(pure(x) as Grid).data]);
    assert.throws(() => stencil(laplacian, { copyMode: 'sometimes' as never }), /copyMode must be 'lazy' or 'always'/);
  });

  it('dispose() frees at once, toHost() keeps the data, and a disposed grid cannot be used', () => {
    const dev = fakeBackend('fake-dispose');
    const k = stencil(laplacian, { name: 'lap', backend: dev });
    const x = grid();
    const y = k(x) as Grid;
    assert.equal(dev.heap.liveBuffers, 2);
    y.dispose();
    assert.equal(dev.heap.liveBuffers, 1);
    assert.equal(y.location, 'disposed');
    assert.throws(() => y.data, (e: unknown) => e instanceof KernelArgumentError && /disposed/.test(e.message));
    assert.throws(() => k(y), /disposed/);
    const want = [...(pure(x) as Grid).data];
    const z = k(x) as Grid;
    z.toHost();
    assert.equal(z.location, 'host');
    assert.deepEqual([...z.data], want);
    {
      using w = k(x) as Grid;
      assert.equal(w.location, 'device');
    }
    assert.equal(dev.heap.liveBuffers, 1, 'only x is left (`using` disposed w)');
  });

  it('freed buffers are pooled and reused by size', () => {
    const dev = fakeBackend('fake-pool');
    const k = stencil(laplacian, { name: 'lap', backend: dev });
    const x = grid();
    for (let i = 0; i < 5; i++) (k(x) as Grid).dispose();
    assert.equal(stats(dev).allocations, 2, 'x and one output buffer, reused four times');
    assert.equal(stats(dev).reused, 4);
    dev.heap.trim();
    assert.equal(dev.heap.pooledBytes, 0);
  });

  it('out of memory is a DeviceMemoryError naming the sizes, after the pool is released', () => {
    const dev = fakeBackend('fake-oom', new FakeMemory(), 9 * 7 * 8 * 2);
    const k = stencil(laplacian, { name: 'lap', backend: dev });
    const x = grid();
    const y = k(x) as Grid;
    assert.throws(
      () => k(y),
      (e: unknown) => e instanceof DeviceMemoryError && e.requestedBytes === 504 && /output 0 \(float64 \[9, 7\]\) needs 504 bytes/.test(e.message) && /grid\.dispose\(\)/.test(e.message),
    );
    x.dispose();
    assert.equal((k(y) as Grid).location, 'device', 'freeing x made room');

    const mem = new FakeMemory(1 << 20, 256);
    const small = fakeBackend('fake-max', mem);
    assert.throws(() => stencil(laplacian, { name: 'lap', backend: small })(grid()), /needs 504 bytes in one buffer, but this device allows at most 256 bytes per allocation/);
    const flaky = fakeBackend('fake-fail');
    flaky.memory.failNext = true;
    assert.throws(() => stencil(laplacian, { name: 'lap', backend: flaky })(grid()), (e: unknown) => e instanceof DeviceMemoryError && /allocating 504 bytes for input 0/.test(e.message));
  });

  it('a grid moves between backends through the host', () => {
    const a = fakeBackend('fake-a');
    const b = fakeBackend('fake-b');
    registerBackend({ name: 'fake-b', preference: -1, load: () => b });
    const x = grid();
    const y = stencil(laplacian, { name: 'lap', backend: a })(x) as Grid;
    const z = stencil(laplacian, { name: 'lap', backend: 'fake-b' })(y) as Grid;
    assert.equal(a.heap.stats.downloads, 1, 'y came back from a');
    assert.equal(a.heap.liveBuffers, 1, 'and left a');
    const onJs = stencil(laplacian, { name: 'lap', backend: 'js' })(z) as Grid;
    assert.equal(b.heap.stats.downloads, 1);
    assert.deepEqual([...onJs.data], [...(pure(pure(pure(x) as Grid) as Grid) as Grid).data]);
  });

  it('zeros are materialized lazily and read as zeros', () => {
    const g = Grid.zeros([4, 5], 'int32');
    assert.equal(g.location, 'zeros');
    assert.equal(g.get(3, 4), 0);
    assert.equal(g.location, 'host');
  });
});

