/**
 * One CUDA device in use: its primary context, its memory (the DeviceMemory that residency drives)
 * and its modules, built through NVRTC (or nvcc) with device binaries kept in the disk cache.
 * Work goes to the legacy default stream, so kernels and copies run in the order they are issued,
 * as on an in-order OpenCL queue.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { BackendCompileError, BackendUnavailableError } from '../../errors.js';
import { artifactIndexPath, cachedArtifact, hashKey, lookupArtifact, writeAtomic } from '../../runtime/disk-cache.js';
import type { DeviceMemory } from '../../runtime/residency.js';
import { check, CU, cuda, type CudaApi, type Handle } from './cuda-api.js';
import { cudaCompiler, type CudaCompiler } from './nvrtc.js';

export interface CudaDeviceInfo {
  readonly ordinal: number;
  readonly name: string;
  /** 'sm_90' on an H100. */
  readonly arch: string;
  readonly driverVersion: string;
  readonly totalBytes: number;
  readonly maxThreadsPerBlock: number;
  readonly sharedMemPerBlock: number;
  readonly multiprocessors: number;
  /** The memory system's peak, from its clock and bus width (GB/s), for reports. */
  readonly peakGBps: number;
}

/** Counters for tests and reports: modules compiled, and loaded from the disk cache. */
export const cudaBuildStats = { compiled: 0, fromDisk: 0, compileMs: 0 };

export interface LoadedModule {
  readonly module: Handle;
  readonly origin: 'built' | 'disk';
}

const sessions = new Map<number, CudaSession>();

export function cudaDeviceCount(): number {
  const api = cuda();
  const count = new Int32Array(1);
  check(api.deviceGetCount(count), 'cuDeviceGetCount');
  return count[0];
}

export class CudaSession implements DeviceMemory<Handle> {
  /** The one session per device in this process, shared by every backend built for it. */
  static of(ordinal: number): CudaSession {
    let s = sessions.get(ordinal);
    if (!s) sessions.set(ordinal, (s = new CudaSession(ordinal)));
    return s;
  }

  readonly label: string;
  readonly totalBytes: number;
  readonly maxAllocationBytes: number;
  readonly device: CudaDeviceInfo;
  readonly compiler: CudaCompiler;
  private readonly api: CudaApi;
  private readonly context: Handle;
  private readonly out = new BigUint64Array(1);

  private constructor(ordinal: number) {
    // The compiler's start on a worker thread, overlapping the driver's (cuInit takes ~100 ms).
    cudaCompiler()?.warmUp();
    this.api = cuda();
    const count = cudaDeviceCount();
    if (ordinal < 0 || ordinal >= count) throw new BackendUnavailableError('cuda', `there is no CUDA device ${ordinal}: the driver sees ${count}`);
    const api = this.api;
    const dev = new Int32Array(1);
    check(api.deviceGet(dev, ordinal), 'cuDeviceGet', `(device ${ordinal})`);
    const name = new Uint8Array(256);
    check(api.deviceGetName(name, name.length, dev[0]), 'cuDeviceGetName');
    const attribute = (a: number) => {
      const v = new Int32Array(1);
      check(api.deviceGetAttribute(v, a, dev[0]), 'cuDeviceGetAttribute', `(${a})`);
      return v[0];
    };
    const total = new BigUint64Array(1);
    check(api.deviceTotalMem(total, dev[0]), 'cuDeviceTotalMem');
    const version = new Int32Array(1);
    check(api.driverGetVersion(version), 'cuDriverGetVersion');
    const memClockKHz = attribute(CU.DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE);
    const busBits = attribute(CU.DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH);
    this.device = {
      ordinal,
      name: Buffer.from(name).toString('utf8').replace(/\0.*$/s, ''),
      arch: `sm_${attribute(CU.DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)}${attribute(CU.DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)}`,
      driverVersion: `${Math.floor(version[0] / 1000)}.${(version[0] % 1000) / 10}`,
      totalBytes: Number(total[0]),
      maxThreadsPerBlock: attribute(CU.DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK),
      sharedMemPerBlock: attribute(CU.DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK),
      multiprocessors: attribute(CU.DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
      peakGBps: (2 * memClockKHz * 1e3 * (busBits / 8)) / 1e9,
    };
    const compiler = cudaCompiler();
    if (!compiler) throw new BackendUnavailableError('cuda', 'neither NVRTC (libnvrtc.so) nor nvcc was found: install the CUDA toolkit, or set SEJITS_NVRTC to libnvrtc\'s path');
    this.compiler = compiler;
    this.label = `cuda: ${this.device.name}`;
    this.totalBytes = this.device.totalBytes;
    this.maxAllocationBytes = this.device.totalBytes;
    const ctx = new BigUint64Array(1);
    check(api.primaryCtxRetain(ctx, dev[0]), 'cuDevicePrimaryCtxRetain', `on ${this.device.name}`);
    this.context = ctx[0];
    this.makeCurrent();
  }

  /** The calling thread works in this device's primary context (cheap when it already does). */
  makeCurrent(): void {
    check(this.api.ctxSetCurrent(this.context), 'cuCtxSetCurrent', `on ${this.device.name}`);
  }

  // ---- DeviceMemory -----------------------------------------------------------------------------

  allocate(bytes: number): Handle | undefined {
    const code = this.api.memAlloc(this.out, BigInt(bytes));
    if (code === CU.ERROR_OUT_OF_MEMORY) return undefined;
    check(code, 'cuMemAlloc', `of ${bytes} bytes`);
    return this.out[0];
  }

  release(handle: Handle): void {
    check(this.api.memFree(handle), 'cuMemFree');
  }

  write(handle: Handle, host: ArrayBufferView): void {
    check(this.api.memcpyHtoD(handle, host, BigInt(host.byteLength)), 'cuMemcpyHtoD', `of ${host.byteLength} bytes`);
  }

  read(handle: Handle, host: ArrayBufferView): void {
    check(this.api.memcpyDtoH(host, handle, BigInt(host.byteLength)), 'cuMemcpyDtoH', `of ${host.byteLength} bytes`);
  }

  fillZero(handle: Handle, bytes: number): void {
    check(this.api.memsetD8(handle, 0, BigInt(bytes)), 'cuMemsetD8', `of ${bytes} bytes`);
  }

  /** A device-to-device copy on the default stream (the bench's bandwidth limit). */
  copy(src: Handle, dst: Handle, bytes: number): void {
    check(this.api.memcpyDtoDAsync(dst, src, BigInt(bytes), 0n), 'cuMemcpyDtoDAsync', `of ${bytes} bytes`);
  }

  synchronize(): void {
    check(this.api.ctxSynchronize(), 'cuCtxSynchronize', '(a kernel or copy before it failed)');
  }

  // ---- modules ----------------------------------------------------------------------------------

  /**
   * Loads `source` built for this device, from the disk cache when an earlier process built it.
   * The key covers the source, the defines, the architecture, the compiler and the driver.
   */
  load(source: string, defines: readonly string[], name: string): LoadedModule {
    const d = this.device;
    const key = hashKey({ backend: 'cuda', source, defines, arch: d.arch, compiler: this.compiler.version, driver: d.driverVersion });
    const found = lookupArtifact('cuda', key);
    if (typeof found === 'object') {
      const module = this.moduleFrom(new Uint8Array(readFileSync(found.path)), name);
      if (module !== undefined) {
        cudaBuildStats.fromDisk++;
        return { module, origin: 'disk' };
      }
    }
    const started = performance.now();
    let cubin: Uint8Array;
    try {
      cubin = this.compiler.compile(source, name, d.arch, defines);
    } catch (e) {
      if (!(e instanceof BackendCompileError)) throw e;
      // Kept beside the cache entry, so the log's generated-line numbers can be looked up.
      const path = artifactIndexPath('cuda', key).replace(/\.json$/, '.cu');
      writeAtomic(path, source);
      throw new BackendCompileError('cuda', e.log, path);
    }
    cudaBuildStats.compiled++;
    cudaBuildStats.compileMs += performance.now() - started;
    cachedArtifact('cuda', key, 'cubin', { device: d.name, arch: d.arch, compiler: this.compiler.version, defines }, (out) => writeFileSync(out, cubin));
    const module = this.moduleFrom(cubin, name);
    if (module === undefined) throw new Error(`internal: the driver rejected the cubin ${this.compiler.version} just built for ${d.arch}`);
    return { module, origin: 'built' };
  }

  function(module: Handle, name: string): Handle {
    check(this.api.moduleGetFunction(this.out, module, name), 'cuModuleGetFunction', `'${name}'`);
    return this.out[0];
  }

  functionAttribute(fn: Handle, attribute: number): number {
    const v = new Int32Array(1);
    check(this.api.funcGetAttribute(v, attribute, fn), 'cuFuncGetAttribute');
    return v[0];
  }

  /** A module from a cubin, or undefined when the driver no longer accepts it. */
  private moduleFrom(image: Uint8Array, name: string): Handle | undefined {
    const code = this.api.moduleLoadData(this.out, image);
    if (code !== CU.SUCCESS) {
      if (code === 200 || code === 209 || code === 218 || code === 222) return undefined;
      check(code, 'cuModuleLoadData', `(${name})`);
    }
    return this.out[0];
  }
}
