/**
 * One OpenCL device in use: its context and in-order queue, its memory (the DeviceMemory that
 * residency drives), and program builds through the disk cache of device binaries.
 */
import { BackendCompileError } from '../../errors.js';
import { artifactIndexPath, hashKey, lookupArtifact, cachedArtifact, writeAtomic } from '../../runtime/disk-cache.js';
import type { DeviceMemory } from '../../runtime/residency.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { CL, check, OpenCLError, openCL, type Handle, type OpenCLApi } from './cl-api.js';
import type { DeviceInfo } from './cl-device.js';

/** Counters for tests and `sejits doctor`: builds from source, binaries loaded from the disk cache. */
export const openclBuildStats = { compiled: 0, fromDisk: 0 };

export interface BuiltProgram {
  readonly program: Handle;
  readonly origin: 'built' | 'disk';
}

const sessions = new Map<Handle, OpenCLSession>();

export class OpenCLSession implements DeviceMemory<Handle> {
  /**
   * The one session per device in this process: backends built with other options share its context,
   * so their buffers are the same memory and grids never move between them.
   */
  static of(device: DeviceInfo): OpenCLSession {
    let s = sessions.get(device.handle);
    if (!s) sessions.set(device.handle, (s = new OpenCLSession(device)));
    return s;
  }

  readonly label: string;
  readonly totalBytes: number;
  readonly maxAllocationBytes: number;
  readonly context: Handle;
  readonly queue: Handle;
  private readonly cl: OpenCLApi;
  private readonly err = new Int32Array(1);
  private readonly devices: BigUint64Array;

  private constructor(readonly device: DeviceInfo) {
    this.cl = openCL();
    this.label = `opencl: ${device.name}`;
    this.totalBytes = device.globalMemBytes;
    this.maxAllocationBytes = device.maxAllocBytes;
    this.devices = BigUint64Array.of(device.handle);
    this.context = this.cl.createContext(null, 1, this.devices, null, null, this.err);
    check(this.err[0], 'clCreateContext', `on ${device.name}`);
    this.queue = this.cl.createCommandQueue(this.context, device.handle, 0n, this.err);
    check(this.err[0], 'clCreateCommandQueue', `on ${device.name}`);
  }

  // ---- DeviceMemory -----------------------------------------------------------------------------

  allocate(bytes: number): Handle | undefined {
    const buffer = this.cl.createBuffer(this.context, BigInt(CL.MEM_READ_WRITE), BigInt(bytes), null, this.err);
    if (outOfMemory(this.err[0])) return undefined;
    check(this.err[0], 'clCreateBuffer', `of ${bytes} bytes`);
    // Drivers may allocate on first use; touching one byte makes a shortage show up here.
    const code = this.cl.enqueueFillBuffer(this.queue, buffer, ZERO_BYTE, 1n, 0n, 1n, 0, null, null);
    if (outOfMemory(code)) {
      this.cl.releaseMemObject(buffer);
      return undefined;
    }
    check(code, 'clEnqueueFillBuffer', `touching a new buffer of ${bytes} bytes`);
    return buffer;
  }

  release(handle: Handle): void {
    check(this.cl.releaseMemObject(handle), 'clReleaseMemObject');
  }

  write(handle: Handle, host: ArrayBufferView): void {
    check(this.cl.enqueueWriteBuffer(this.queue, handle, 1, 0n, BigInt(host.byteLength), host, 0, null, null), 'clEnqueueWriteBuffer', `of ${host.byteLength} bytes`);
  }

  read(handle: Handle, host: ArrayBufferView): void {
    check(this.cl.enqueueReadBuffer(this.queue, handle, 1, 0n, BigInt(host.byteLength), host, 0, null, null), 'clEnqueueReadBuffer', `of ${host.byteLength} bytes`);
  }

  fillZero(handle: Handle, bytes: number): void {
    check(this.cl.enqueueFillBuffer(this.queue, handle, ZERO_BYTE, 1n, 0n, BigInt(bytes), 0, null, null), 'clEnqueueFillBuffer', `of ${bytes} bytes`);
  }

  /** A device-to-device copy (the bench's bandwidth limit). */
  copy(src: Handle, dst: Handle, bytes: number): void {
    check(this.cl.enqueueCopyBuffer(this.queue, src, dst, 0n, 0n, BigInt(bytes), 0, null, null), 'clEnqueueCopyBuffer');
  }

  finish(): void {
    check(this.cl.finish(this.queue), 'clFinish');
  }

  // ---- programs ---------------------------------------------------------------------------------

  /**
   * Builds `source` for this device, loading a cached device binary when one exists. The key covers
   * the source, the options and the device and driver, so a driver update rebuilds.
   */
  build(source: string, options: string, name: string): BuiltProgram {
    const d = this.device;
    const key = hashKey({ backend: 'opencl', source, options, device: d.name, vendor: d.vendor, driver: d.driver, version: d.version, platform: d.platformVersion });
    const found = lookupArtifact('opencl', key);
    if (typeof found === 'object') {
      const program = this.fromBinary(readFileSync(found.path), options);
      if (program !== undefined) {
        openclBuildStats.fromDisk++;
        return { program, origin: 'disk' };
      }
    }
    const program = this.fromSource(source, options, key, name);
    openclBuildStats.compiled++;
    const binary = this.binaryOf(program);
    if (binary) cachedArtifact('opencl', key, 'bin', { device: d.name, driver: d.driver, options }, (out) => writeFileSync(out, binary));
    return { program, origin: 'built' };
  }

  kernel(program: Handle, name: string): Handle {
    const k = this.cl.createKernel(program, name, this.err);
    check(this.err[0], 'clCreateKernel', `'${name}'`);
    return k;
  }

  /** The largest work-group the compiled kernel allows on this device. */
  kernelWorkGroupSize(kernel: Handle): number {
    const out = new BigUint64Array(1);
    check(this.cl.getKernelWorkGroupInfo(kernel, this.device.handle, CL.KERNEL_WORK_GROUP_SIZE, 8, out, null), 'clGetKernelWorkGroupInfo');
    return Number(out[0]);
  }

  private fromSource(source: string, options: string, key: string, name: string): Handle {
    const program = this.cl.createProgramWithSource(this.context, 1, [source], null, this.err);
    check(this.err[0], 'clCreateProgramWithSource');
    const code = this.cl.buildProgram(program, 1, this.devices, options, null, null);
    if (code !== CL.SUCCESS) {
      const log = this.buildLog(program);
      this.cl.releaseProgram(program);
      if (code !== CL.BUILD_PROGRAM_FAILURE) throw new OpenCLError('clBuildProgram', code, `of kernel ${name}:\n${log}`);
      // Kept beside the cache entry, so the log's generated-line numbers can be looked up.
      const path = artifactIndexPath('opencl', key).replace(/\.json$/, '.cl');
      writeAtomic(path, source);
      throw new BackendCompileError('opencl', log.split('\n').slice(0, 60).join('\n'), path);
    }
    return program;
  }

  /** A program from a cached binary, or undefined when the driver no longer accepts it. */
  private fromBinary(binary: Uint8Array, options: string): Handle | undefined {
    const status = new Int32Array(1);
    const program = this.cl.createProgramWithBinary(this.context, 1, this.devices, BigUint64Array.of(BigInt(binary.length)), [binary], status, this.err);
    if (this.err[0] !== CL.SUCCESS || status[0] !== CL.SUCCESS) {
      if (this.err[0] === CL.SUCCESS) this.cl.releaseProgram(program);
      return undefined;
    }
    if (this.cl.buildProgram(program, 1, this.devices, options, null, null) !== CL.SUCCESS) {
      this.cl.releaseProgram(program);
      return undefined;
    }
    return program;
  }

  private binaryOf(program: Handle): Uint8Array | undefined {
    const sizes = new BigUint64Array(1);
    if (this.cl.getProgramInfo(program, CL.PROGRAM_BINARY_SIZES, 8, sizes, null) !== CL.SUCCESS || sizes[0] === 0n) return undefined;
    const binary = new Uint8Array(Number(sizes[0]));
    // koffi passes the typed array's own memory, so the driver writes the binary straight into it.
    if (this.cl.getProgramBinaries(program, CL.PROGRAM_BINARIES, 8, [binary], null) !== CL.SUCCESS) return undefined;
    return binary;
  }

  private buildLog(program: Handle): string {
    const size = new BigUint64Array(1);
    check(this.cl.getProgramBuildInfo(program, this.device.handle, CL.PROGRAM_BUILD_LOG, 0, null, size), 'clGetProgramBuildInfo');
    const buf = new Uint8Array(Number(size[0]));
    check(this.cl.getProgramBuildInfo(program, this.device.handle, CL.PROGRAM_BUILD_LOG, buf.length, buf, null), 'clGetProgramBuildInfo');
    return Buffer.from(buf).toString('utf8').replace(/\0+$/, '').trim();
  }
}

const ZERO_BYTE = new Uint8Array(1);

function outOfMemory(code: number): boolean {
  return code === CL.MEM_OBJECT_ALLOCATION_FAILURE || code === CL.OUT_OF_RESOURCES;
}
