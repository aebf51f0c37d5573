/**
 * libOpenCL through koffi: the OpenCL 1.2 calls sejits uses, each return code checked and named.
 * Handles (platforms, devices, contexts, buffers, ...) are koffi pointers (BigInt addresses).
 */
import { createRequire } from 'node:module';
import { BackendUnavailableError } from '../../errors.js';

type Koffi = typeof import('koffi');
export type Handle = bigint;

/** OpenCL error codes by value, for messages. */
const ERRORS: Record<number, string> = {
  [-1]: 'CL_DEVICE_NOT_FOUND', [-2]: 'CL_DEVICE_NOT_AVAILABLE', [-3]: 'CL_COMPILER_NOT_AVAILABLE',
  [-4]: 'CL_MEM_OBJECT_ALLOCATION_FAILURE', [-5]: 'CL_OUT_OF_RESOURCES', [-6]: 'CL_OUT_OF_HOST_MEMORY',
  [-7]: 'CL_PROFILING_INFO_NOT_AVAILABLE', [-8]: 'CL_MEM_COPY_OVERLAP', [-11]: 'CL_BUILD_PROGRAM_FAILURE',
  [-12]: 'CL_MAP_FAILURE', [-14]: 'CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST', [-30]: 'CL_INVALID_VALUE',
  [-31]: 'CL_INVALID_DEVICE_TYPE', [-32]: 'CL_INVALID_PLATFORM', [-33]: 'CL_INVALID_DEVICE', [-34]: 'CL_INVALID_CONTEXT',
  [-35]: 'CL_INVALID_QUEUE_PROPERTIES', [-36]: 'CL_INVALID_COMMAND_QUEUE', [-37]: 'CL_INVALID_HOST_PTR',
  [-38]: 'CL_INVALID_MEM_OBJECT', [-42]: 'CL_INVALID_BINARY', [-43]: 'CL_INVALID_BUILD_OPTIONS', [-44]: 'CL_INVALID_PROGRAM',
  [-45]: 'CL_INVALID_PROGRAM_EXECUTABLE', [-46]: 'CL_INVALID_KERNEL_NAME', [-47]: 'CL_INVALID_KERNEL_DEFINITION',
  [-48]: 'CL_INVALID_KERNEL', [-49]: 'CL_INVALID_ARG_INDEX', [-50]: 'CL_INVALID_ARG_VALUE', [-51]: 'CL_INVALID_ARG_SIZE',
  [-52]: 'CL_INVALID_KERNEL_ARGS', [-53]: 'CL_INVALID_WORK_DIMENSION', [-54]: 'CL_INVALID_WORK_GROUP_SIZE',
  [-55]: 'CL_INVALID_WORK_ITEM_SIZE', [-56]: 'CL_INVALID_GLOBAL_OFFSET', [-57]: 'CL_INVALID_EVENT_WAIT_LIST',
  [-58]: 'CL_INVALID_EVENT', [-59]: 'CL_INVALID_OPERATION', [-61]: 'CL_INVALID_BUFFER_SIZE', [-63]: 'CL_INVALID_GLOBAL_WORK_SIZE',
  [-1001]: 'CL_PLATFORM_NOT_FOUND_KHR',
};

/** A failed OpenCL call: the call, the code's name and what sejits was doing. */
export class OpenCLError extends Error {
  override readonly name = 'OpenCLError';
  constructor(
    readonly call: string,
    readonly code: number,
    context: string,
  ) {
    super(`${call} failed with ${ERRORS[code] ?? 'error'} (${code})${context ? ` ${context}` : ''}`);
  }
}

export const CL = {
  SUCCESS: 0,
  MEM_OBJECT_ALLOCATION_FAILURE: -4,
  OUT_OF_RESOURCES: -5,
  BUILD_PROGRAM_FAILURE: -11,
  PLATFORM_NOT_FOUND_KHR: -1001,
  DEVICE_TYPE_CPU: 2,
  DEVICE_TYPE_GPU: 4,
  DEVICE_TYPE_ALL: 0xffffffff,
  PLATFORM_VERSION: 0x0901,
  PLATFORM_NAME: 0x0902,
  PLATFORM_VENDOR: 0x0903,
  DEVICE_TYPE: 0x1000,
  DEVICE_MAX_COMPUTE_UNITS: 0x1002,
  DEVICE_MAX_WORK_GROUP_SIZE: 0x1004,
  DEVICE_SINGLE_FP_CONFIG: 0x101b,
  DEVICE_GLOBAL_MEM_SIZE: 0x101f,
  DEVICE_MAX_MEM_ALLOC_SIZE: 0x1010,
  DEVICE_LOCAL_MEM_TYPE: 0x1022,
  DEVICE_LOCAL_MEM_SIZE: 0x1023,
  LOCAL: 1,
  DEVICE_NAME: 0x102b,
  DEVICE_VENDOR: 0x102c,
  DRIVER_VERSION: 0x102d,
  DEVICE_VERSION: 0x102f,
  DEVICE_EXTENSIONS: 0x1030,
  DEVICE_DOUBLE_FP_CONFIG: 0x1032,
  FP_CORRECTLY_ROUNDED_DIVIDE_SQRT: 1 << 7,
  MEM_READ_WRITE: 1,
  PROGRAM_BUILD_LOG: 0x1183,
  PROGRAM_BINARY_SIZES: 0x1165,
  PROGRAM_BINARIES: 0x1166,
  KERNEL_WORK_GROUP_SIZE: 0x11b0,
  QUEUE_PROFILING_ENABLE: 2,
} as const;

const requireCjs = createRequire(import.meta.url);

/** The bound OpenCL entry points. */
export interface OpenCLApi {
  readonly koffi: Koffi;
  getPlatformIDs(n: number, out: BigUint64Array | null, count: Uint32Array | null): number;
  getPlatformInfo(p: Handle, name: number, size: number, out: Uint8Array | null, sizeRet: BigUint64Array | null): number;
  getDeviceIDs(p: Handle, type: number, n: number, out: BigUint64Array | null, count: Uint32Array | null): number;
  getDeviceInfo(d: Handle, name: number, size: number, out: Uint8Array | null, sizeRet: BigUint64Array | null): number;
  createContext(props: null, n: number, devices: BigUint64Array, notify: null, user: null, err: Int32Array): Handle;
  createCommandQueue(ctx: Handle, device: Handle, props: bigint, err: Int32Array): Handle;
  createBuffer(ctx: Handle, flags: bigint, size: bigint, host: null, err: Int32Array): Handle;
  enqueueWriteBuffer(q: Handle, buf: Handle, blocking: number, offset: bigint, size: bigint, ptr: ArrayBufferView, n: number, wait: null, ev: null): number;
  enqueueReadBuffer(q: Handle, buf: Handle, blocking: number, offset: bigint, size: bigint, ptr: ArrayBufferView, n: number, wait: null, ev: null): number;
  enqueueFillBuffer(q: Handle, buf: Handle, pattern: ArrayBufferView, patternSize: bigint, offset: bigint, size: bigint, n: number, wait: null, ev: null): number;
  enqueueCopyBuffer(q: Handle, src: Handle, dst: Handle, srcOffset: bigint, dstOffset: bigint, size: bigint, n: number, wait: null, ev: null): number;
  createProgramWithSource(ctx: Handle, n: number, strings: string[], lengths: null, err: Int32Array): Handle;
  createProgramWithBinary(ctx: Handle, n: number, devices: BigUint64Array, lengths: BigUint64Array, binaries: Uint8Array[], status: Int32Array, err: Int32Array): Handle;
  buildProgram(p: Handle, n: number, devices: BigUint64Array, options: string, notify: null, user: null): number;
  getProgramBuildInfo(p: Handle, d: Handle, name: number, size: number, out: Uint8Array | null, sizeRet: BigUint64Array | null): number;
  getProgramInfo(p: Handle, name: number, size: number, out: ArrayBufferView | null, sizeRet: BigUint64Array | null): number;
  getProgramBinaries(p: Handle, name: number, size: number, out: Uint8Array[], sizeRet: null): number;
  createKernel(p: Handle, name: string, err: Int32Array): Handle;
  setKernelArg(k: Handle, index: number, size: number, value: ArrayBufferView | null): number;
  getKernelWorkGroupInfo(k: Handle, d: Handle, name: number, size: number, out: ArrayBufferView, sizeRet: null): number;
  enqueueNDRangeKernel(q: Handle, k: Handle, dims: number, offset: null, global: BigUint64Array, local: BigUint64Array, n: number, wait: null, ev: null): number;
  finish(q: Handle): number;
  flush(q: Handle): number;
  releaseMemObject(m: Handle): number;
  releaseKernel(k: Handle): number;
  releaseProgram(p: Handle): number;
}

let api: OpenCLApi | undefined;
let loadError: string | undefined;

const LIBRARY_NAMES = ['libOpenCL.so.1', 'libOpenCL.so', 'libOpenCL.dylib', '/System/Library/Frameworks/OpenCL.framework/OpenCL', 'OpenCL.dll'];

/** Loads libOpenCL once; throws BackendUnavailableError saying what to install when it cannot. */
export function openCL(): OpenCLApi {
  if (api) return api;
  if (loadError) throw new BackendUnavailableError('opencl', loadError);
  let koffi: Koffi;
  try {
    koffi = requireCjs('koffi') as Koffi;
  } catch (e) {
    loadError = `koffi, the FFI sejits reaches OpenCL through, failed to load (${(e as Error).message}): reinstall sejits's dependencies (npm ci)`;
    throw new BackendUnavailableError('opencl', loadError);
  }
  let lib: ReturnType<Koffi['load']> | undefined;
  const tried: string[] = [];
  for (const name of LIBRARY_NAMES) {
    try {
      lib = koffi.load(name);
      break;
    } catch (e) {
      tried.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (!lib) {
    loadError = `libOpenCL was not found (${tried[0]}): install an OpenCL loader and a driver, e.g. apt-get install ocl-icd-libopencl1 pocl-opencl-icd`;
    throw new BackendUnavailableError('opencl', loadError);
  }
  const f = (proto: string) => lib.func(proto) as unknown;
  api = {
    koffi,
    getPlatformIDs: f('int32_t clGetPlatformIDs(uint32_t n, void *out, void *count)'),
    getPlatformInfo: f('int32_t clGetPlatformInfo(void *p, uint32_t name, size_t size, void *out, void *sizeRet)'),
    getDeviceIDs: f('int32_t clGetDeviceIDs(void *p, uint64_t type, uint32_t n, void *out, void *count)'),
    getDeviceInfo: f('int32_t clGetDeviceInfo(void *d, uint32_t name, size_t size, void *out, void *sizeRet)'),
    createContext: f('void *clCreateContext(void *props, uint32_t n, void *devices, void *notify, void *user, void *err)'),
    createCommandQueue: f('void *clCreateCommandQueue(void *ctx, void *device, uint64_t props, void *err)'),
    createBuffer: f('void *clCreateBuffer(void *ctx, uint64_t flags, size_t size, void *host, void *err)'),
    enqueueWriteBuffer: f('int32_t clEnqueueWriteBuffer(void *q, void *buf, uint32_t blocking, size_t offset, size_t size, void *ptr, uint32_t n, void *wait, void *ev)'),
    enqueueReadBuffer: f('int32_t clEnqueueReadBuffer(void *q, void *buf, uint32_t blocking, size_t offset, size_t size, void *ptr, uint32_t n, void *wait, void *ev)'),
    enqueueFillBuffer: f('int32_t clEnqueueFillBuffer(void *q, void *buf, void *pattern, size_t patternSize, size_t offset, size_t size, uint32_t n, void *wait, void *ev)'),
    enqueueCopyBuffer: f('int32_t clEnqueueCopyBuffer(void *q, void *src, void *dst, size_t srcOffset, size_t dstOffset, size_t size, uint32_t n, void *wait, void *ev)'),
    createProgramWithSource: f('void *clCreateProgramWithSource(void *ctx, uint32_t n, const char **strings, void *lengths, void *err)'),
    createProgramWithBinary: f('void *clCreateProgramWithBinary(void *ctx, uint32_t n, void *devices, void *lengths, uint8_t **binaries, void *status, void *err)'),
    buildProgram: f('int32_t clBuildProgram(void *p, uint32_t n, void *devices, const char *options, void *notify, void *user)'),
    getProgramBuildInfo: f('int32_t clGetProgramBuildInfo(void *p, void *d, uint32_t name, size_t size, void *out, void *sizeRet)'),
    getProgramInfo: f('int32_t clGetProgramInfo(void *p, uint32_t name, size_t size, void *out, void *sizeRet)'),
    getProgramBinaries: f('int32_t clGetProgramInfo(void *p, uint32_t name, size_t size, uint8_t **out, void *sizeRet)'),
    createKernel: f('void *clCreateKernel(void *p, const char *name, void *err)'),
    setKernelArg: f('int32_t clSetKernelArg(void *k, uint32_t index, size_t size, void *value)'),
    getKernelWorkGroupInfo: f('int32_t clGetKernelWorkGroupInfo(void *k, void *d, uint32_t name, size_t size, void *out, void *sizeRet)'),
    enqueueNDRangeKernel: f('int32_t clEnqueueNDRangeKernel(void *q, void *k, uint32_t dims, void *offset, void *global, void *local, uint32_t n, void *wait, void *ev)'),
    finish: f('int32_t clFinish(void *q)'),
    flush: f('int32_t clFlush(void *q)'),
    releaseMemObject: f('int32_t clReleaseMemObject(void *m)'),
    releaseKernel: f('int32_t clReleaseKernel(void *k)'),
    releaseProgram: f('int32_t clReleaseProgram(void *p)'),
  } as OpenCLApi;
  return api;
}

/** Throws OpenCLError unless `code` is CL_SUCCESS; a function context is only built on failure. */
export function check(code: number, call: string, context: string | (() => string) = ''): void {
  if (code !== CL.SUCCESS) throw new OpenCLError(call, code, typeof context === 'function' ? context() : context);
}

/** A string-valued info query (platform or device). */
export function infoString(query: (size: number, out: Uint8Array | null, sizeRet: BigUint64Array | null) => number, call: string): string {
  const size = new BigUint64Array(1);
  check(query(0, null, size), call);
  const buf = new Uint8Array(Number(size[0]));
  check(query(buf.length, buf, null), call);
  return Buffer.from(buf).toString('utf8').replace(/\0+$/, '').trim();
}

/** A numeric info query of `bytes` (4 or 8) bytes. */
export function infoNumber(query: (size: number, out: Uint8Array | null, sizeRet: BigUint64Array | null) => number, bytes: 4 | 8, call: string): number {
  const buf = new Uint8Array(8);
  check(query(bytes, buf, null), call);
  const view = new DataView(buf.buffer);
  return bytes === 4 ? view.getUint32(0, true) : Number(view.getBigUint64(0, true));
}
