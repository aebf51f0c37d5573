/**
 * The opencl backend's machinery on a real OpenCL platform (PoCL on CI): device selection by option
 * and SEJITS_OPENCL_DEVICE, residency through the real driver, out-of-memory reports, the float64
 * requirement, build logs mapped to kernel lines, the disk cache of device binaries across
 * processes, garbage-collected grids freeing their buffers, the tile plan, and `sejits show`.
 * Conformance of its results lives in conformance.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BackendCompileError, BackendUnavailableError, DeviceMemoryError, Grid, KernelArgumentError, createOpenCLBackend, probeBackend, stencil } from '../src/index.js';
import { parseSelector, selectDevice, type DeviceInfo } from '../src/backends/opencl/cl-device.js';
import { requireFloat64Support } from '../src/backends/opencl/index.js';
import { requiredBackends } from './conformance/backends.js';

const here = dirname(fileURLToPath(import.meta.url));
const probe = probeBackend('opencl');
const skip = !probe.available && !requiredBackends().includes('opencl') ? `opencl is unavailable here: ${probe.reason}` : false;
const scratch = mkdtempSync(join(tmpdir(), 'sejits-opencl-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const jacobi = (a: (...o: number[]) => number) => 0.25 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0));
const input = (shape: number[] = [67, 45]) => Grid.fromFunction(shape, 'float32', (i, j) => Math.sin(i * 0.7) + Math.cos(j * 0.3) + 2);

function fakeDevice(over: Partial<DeviceInfo>): DeviceInfo {
  return {
    platformIndex: 0, deviceIndex: 0, platform: 'Fake Platform', platformVersion: 'OpenCL 3.0 Fake', name: 'fake', vendor: 'fake', driver: '1', version: 'OpenCL 3.0',
    type: 'cpu', computeUnits: 1, maxWorkGroupSize: 1024, globalMemBytes: 1 << 30, maxAllocBytes: 1 << 28, localMemBytes: 1 << 16, localMemType: 'local',
    float64: true, correctlyRoundedDivideSqrt: true, handle: 0n, ...over,
  };
}

describe('opencl device selection', () => {
  const devices = [
    fakeDevice({ platformIndex: 0, deviceIndex: 0, platform: 'Portable Computing Language', platformVersion: 'OpenCL 3.0 PoCL', name: 'pthread-cpu', type: 'cpu' }),
    fakeDevice({ platformIndex: 1, deviceIndex: 0, platform: 'NVIDIA CUDA', name: 'NVIDIA H100 80GB HBM3', type: 'gpu' }),
    fakeDevice({ platformIndex: 1, deviceIndex: 1, platform: 'NVIDIA CUDA', name: 'NVIDIA A100', type: 'gpu' }),
  ];
  it('parses platform:device selectors of indices and names', () => {
    assert.deepEqual(parseSelector('1:0'), { platform: 1, device: 0 });
    assert.deepEqual(parseSelector('nvidia'), { platform: 'nvidia' });
    assert.deepEqual(parseSelector(':a100'), { platform: undefined, device: 'a100' });
    assert.deepEqual(parseSelector('GPU'), { device: 'gpu' });
  });
  it('defaults to the first GPU, else the first CPU, and matches names case-insensitively', () => {
    assert.equal(selectDevice(devices).name, 'NVIDIA H100 80GB HBM3');
    assert.equal(selectDevice(devices.slice(0, 1)).name, 'pthread-cpu');
    assert.equal(selectDevice(devices, parseSelector('pocl')).name, 'pthread-cpu');
    assert.equal(selectDevice(devices, parseSelector('1:1')).name, 'NVIDIA A100');
    assert.equal(selectDevice(devices, parseSelector('nvidia:a100')).name, 'NVIDIA A100');
    assert.equal(selectDevice(devices, parseSelector('cpu')).name, 'pthread-cpu');
  });
  it('an unmatched selector fails and lists the devices there are', () => {
    assert.throws(
      () => selectDevice(devices, parseSelector('amd'), 'SEJITS_OPENCL_DEVICE=amd'),
      (e: unknown) => e instanceof BackendUnavailableError && /SEJITS_OPENCL_DEVICE=amd/.test(e.message) && /1:1 {2}NVIDIA A100/.test(e.message),
    );
  });
  it('float64 kernels on a device without cl_khr_fp64 fail with the reason', () => {
    const fakeProgram = { name: 'needsDouble', compute: 'float64', inputs: [{ name: 'a', dtype: 'int32' }], outputs: [{ name: 'out', dtype: 'int32' }] } as never;
    assert.throws(() => requireFloat64Support(fakeProgram, { name: 'Mali-G52', float64: false }), (e: unknown) => e instanceof KernelArgumentError && /Mali-G52 has no float64 support \(cl_khr_fp64\)/.test(e.message) && /int32, int32/.test(e.message));
    assert.doesNotThrow(() => requireFloat64Support(fakeProgram, { name: 'H100', float64: true }));
    const float32Program = { name: 'f', compute: 'float32', inputs: [{ name: 'a', dtype: 'float32' }], outputs: [{ name: 'o', dtype: 'float32' }] } as never;
    assert.doesNotThrow(() => requireFloat64Support(float32Program, { name: 'Mali-G52', float64: false }));
  });
});

describe('opencl backend', { skip }, () => {
  it('probes a device and names it', () => {
    assert.ok(probe.available, probe.reason);
    assert.match(probe.detail ?? '', /platform \d+/);
  });

  it('SEJITS_OPENCL_DEVICE picks the device, and a selector that matches nothing lists the devices', () => {
    const saved = process.env.SEJITS_OPENCL_DEVICE;
    try {
      process.env.SEJITS_OPENCL_DEVICE = '0:0';
      const chosen = createOpenCLBackend({ name: 'opencl-env' });
      assert.ok(chosen.probe().available);
      assert.equal(chosen.device.platformIndex, 0);
      process.env.SEJITS_OPENCL_DEVICE = 'no-such-vendor';
      const missing = createOpenCLBackend({ name: 'opencl-env-missing' }).probe();
      assert.equal(missing.available, false);
      assert.match(missing.reason ?? '', /SEJITS_OPENCL_DEVICE=no-such-vendor.*\n {2}0:0 {2}/s);
    } finally {
      if (saved === undefined) delete process.env.SEJITS_OPENCL_DEVICE;
      else process.env.SEJITS_OPENCL_DEVICE = saved;
    }
  });

  it('keeps results on the device through the real driver, and reads them back on demand', () => {
    const b = createOpenCLBackend({ name: 'opencl-residency' });
    const k = stencil(jacobi, { name: 'jacobi', backend: b });
    const x = input();
    const before = { ...b.heap.stats };
    let y: Grid = x;
    for (let i = 0; i < 5; i++) y = k(y) as Grid;
    assert.equal(b.heap.stats.uploads - before.uploads, 1, 'only x went up');
    assert.equal(b.heap.stats.downloads - before.downloads, 0);
    assert.equal(y.location, 'device');
    let want: Grid = x;
    const pure = k.with({ mode: 'pure' });
    for (let i = 0; i < 5; i++) want = pure(want) as Grid;
    const got = y.data;
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want.data[i]) < 1e-5, `element ${i}`);
    assert.equal(b.heap.stats.downloads - before.downloads, 1);
  });

  it('64-bit index arithmetic (what grids of 2^31 points and more use) computes the same results', () => {
    const wide = createOpenCLBackend({ name: 'opencl-wide', wideIndex: true, tiles: 'local' });
    for (const boundary of ['reflect', 'wrap', 'constant'] as const) {
      const k = stencil(jacobi, { name: 'jacobi', backend: wide, boundary, cval: 0.5 });
      const x = input([40, 70]);
      const got = (k(x) as Grid).data;
      const want = (k.with({ mode: 'pure' })(x) as Grid).data;
      for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-5, `${boundary}: element ${i}`);
    }
  });

  it('launches after the first update the arguments that changed: buffers, shapes and parameters', () => {
    const b = createOpenCLBackend({ name: 'opencl-arguments' });
    const k = stencil((a, p) => p.w * a(0, 1) - a(-1, 0), { name: 'args', backend: b, params: ['w'], boundary: 'wrap' });
    const pure = k.with({ mode: 'pure' });
    const close = (got: Grid, want: Grid, what: string) => {
      const g = got.data;
      for (let i = 0; i < g.length; i++) assert.ok(Math.abs(g[i] - want.data[i]) < 1e-5, `${what}: element ${i}`);
    };
    let x = input([33, 20]);
    for (const [w, shape] of [[1, [33, 20]], [2.5, [33, 20]], [2.5, [7, 300]], [-1, [7, 300]], [-1, [33, 20]]] as const) {
      if (x.shape.join() !== shape.join()) x = input([...shape]);
      const out = Grid.zeros([...shape], 'float32');
      k(x, { out, params: { w } });
      close(out, pure(x, { params: { w } }) as Grid, `w=${w} on [${shape}]`);
      const again = k(out, { params: { w } }) as Grid;
      close(again, pure(pure(x, { params: { w } }) as Grid, { params: { w } }) as Grid, `chained, w=${w} on [${shape}]`);
    }
  });

  it("copyMode 'always' uploads and downloads around every call", () => {
    const b = createOpenCLBackend({ name: 'opencl-always' });
    const k = stencil(jacobi, { name: 'jacobi', backend: b, copyMode: 'always' });
    const x = input();
    const before = { ...b.heap.stats };
    const live = b.heap.liveBuffers;
    k(x);
    const y = k(x) as Grid;
    assert.deepEqual([b.heap.stats.uploads - before.uploads, b.heap.stats.downloads - before.downloads], [2, 2]);
    assert.equal(y.location, 'host');
    assert.equal(b.heap.liveBuffers, live, 'nothing is held between calls');
  });

  it('running out of device memory is a DeviceMemoryError that names the sizes', () => {
    const b = createOpenCLBackend({ name: 'opencl-small', memoryLimitBytes: 1 << 20 });
    const k = stencil(jacobi, { name: 'jacobi', backend: b });
    const big = input([512, 512]);
    assert.throws(
      () => k(big),
      (e: unknown) => e instanceof DeviceMemoryError && e.requestedBytes === 1 << 20 && /opencl: .*output 0 \(float32 \[512, 512\]\) needs 1\.0 MiB \(1,048,576 bytes\)/.test(e.message),
    );
    assert.match(big.location, /host/, 'the input is still usable on the host');
    big.toHost();
    const ok = k(input([256, 256])) as Grid;
    assert.equal(ok.location, 'device');
  });

  it('a compile error in the build log names the kernel file and line', async () => {
    const mod = (await import(pathToFileURL(join(here, 'c', 'multiline-kernel.mjs')).href)) as { smooth: ReturnType<typeof stencil> };
    const b = createOpenCLBackend({ name: 'opencl-lines' });
    const k = mod.smooth.with({ backend: b });
    const source = k.show({ dtype: 'float64' }).source;
    const file = join(here, 'c', 'multiline-kernel.mjs');
    assert.ok(source.includes(`#line 6 ${JSON.stringify(file)}`), 'statements are mapped to their lines');
    const broken = source.replace(/(#line 6 .*\n\s*)double v_centre = /, '$1double v_centre = undeclared_in_kernel + ');
    assert.notEqual(broken, source);
    assert.throws(
      () => b.session.build(broken, '', 'smooth'),
      (e: unknown) => e instanceof BackendCompileError && /multiline-kernel\.mjs:6:\d+/.test(e.log) && /undeclared_in_kernel/.test(e.log),
    );
  });

  it('a second process loads the device binary from the disk cache', () => {
    const cache = join(scratch, 'binaries');
    const run = () => {
      const r = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', join(here, 'opencl', 'load-kernel.ts')], { env: { ...process.env, SEJITS_CACHE_DIR: cache }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { compiled: number; fromDisk: number; maxDiff: number; freedByGc: boolean };
    };
    const first = run();
    assert.deepEqual([first.compiled, first.fromDisk], [1, 0]);
    const second = run();
    assert.deepEqual([second.compiled, second.fromDisk], [0, 1]);
    assert.ok(second.maxDiff < 1e-6, `float32 result within rounding of pure mode (${second.maxDiff})`);
    assert.ok(second.freedByGc, 'grids dropped without dispose() gave their buffers back');
  });

  it('sejits show --backend opencl prints the kernels', () => {
    const r = spawnSync(process.execPath, [...process.execArgv, join(here, '..', 'src', 'cli', 'main.ts'), 'show', join(here, '..', 'examples', 'kernels.ts'), '--backend', 'opencl', '--kernel', 'laplacian', '--dtype', 'float32'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /__kernel __attribute__\(\(reqd_work_group_size/);
    assert.match(r.stdout, /\/\* sejits opencl: /);
  });
});
