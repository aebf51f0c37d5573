/**
 * The CUDA driver API (libcuda.so.1) through koffi: the calls sejits uses, each result checked and
 * named. Handles (contexts, modules, functions, events) and device pointers are 64-bit values,
 * passed as uint64_t (the same registers as pointers on 64-bit ABIs) and returned through
 * BigUint64Array out-parameters.
 */
import { createRequire } from 'node:module';
import { BackendUnavailableError } from '../../errors.js';

type Koffi = typeof import('koffi');
export type Handle = bigint;

/** The driver's result codes sejits names itself when cuGetErrorName is unavailable. */
const RESULTS: Record<number, string> = {
  1: 'CUDA_ERROR_INVALID_VALUE', 2: 'CUDA_ERROR_OUT_OF_MEMORY', 3: 'CUDA_ERROR_NOT_INITIALIZED', 4: 'CUDA_ERROR_DEINITIALIZED',
  100: 'CUDA_ERROR_NO_DEVICE', 101: 'CUDA_ERROR_INVALID_DEVICE', 200: 'CUDA_ERROR_INVALID_IMAGE', 201: 'CUDA_ERROR_INVALID_CONTEXT',
  209: 'CUDA_ERROR_NO_BINARY_FOR_GPU', 218: 'CUDA_ERROR_INVALID_PTX', 222: 'CUDA_ERROR_UNSUPPORTED_PTX_VERSION',
  400: 'CUDA_ERROR_INVALID_HANDLE', 500: 'CUDA_ERROR_NOT_FOUND', 700: 'CUDA_ERROR_ILLEGAL_ADDRESS',
  701: 'CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES', 702: 'CUDA_ERROR_LAUNCH_TIMEOUT', 719: 'CUDA_ERROR_LAUNCH_FAILED',
  803: 'CUDA_ERROR_SYSTEM_DRIVER_MISMATCH', 804: 'CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE', 999: 'CUDA_ERROR_UNKNOWN',
};

export const CU = {
  SUCCESS: 0,
  ERROR_OUT_OF_MEMORY: 2,
  DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK: 1,
  DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK: 8,
  DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: 16,
  DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE: 36,
  DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH: 37,
  DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: 75,
  DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: 76,
  FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK: 0,
  FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES: 3,
  FUNC_ATTRIBUTE_NUM_REGS: 4,
  EVENT_DEFAULT: 0,
} as const;

/** A failed driver call: the call, the result's name and what sejits was doing. */
export class CudaError extends Error {
  override readonly name = 'CudaError';
  constructor(
    readonly call: string,
    readonly code: number,
    context: string,
  ) {
    super(`${call} failed with ${resultName(code)} (${code})${context ? ` ${context}` : ''}`);
  }
}

export interface CudaApi {
  readonly koffi: Koffi;
  init(flags: number): number;
  driverGetVersion(out: Int32Array): number;
  deviceGetCount(out: Int32Array): number;
  deviceGet(out: Int32Array, ordinal: number): number;
  deviceGetName(out: Uint8Array, length: number, device: number): number;
  deviceGetAttribute(out: Int32Array, attribute: number, device: number): number;
  deviceTotalMem(out: BigUint64Array, device: number): number;
  primaryCtxRetain(out: BigUint64Array, device: number): number;
  ctxSetCurrent(context: Handle): number;
  ctxSynchronize(): number;
  moduleLoadData(out: BigUint64Array, image: Uint8Array): number;
  moduleGetFunction(out: BigUint64Array, module: Handle, name: string): number;
  funcGetAttribute(out: Int32Array, attribute: number, fn: Handle): number;
  launchKernel(fn: Handle, gx: number, gy: number, gz: number, bx: number, by: number, bz: number, shared: number, stream: Handle, params: Handle, extra: Handle): number;
  memAlloc(out: BigUint64Array, bytes: bigint): number;
  memFree(pointer: Handle): number;
  memcpyHtoD(dst: Handle, src: ArrayBufferView, bytes: bigint): number;
  memcpyDtoH(dst: ArrayBufferView, src: Handle, bytes: bigint): number;
  memcpyDtoDAsync(dst: Handle, src: Handle, bytes: bigint, stream: Handle): number;
  memsetD8(dst: Handle, value: number, bytes: bigint): number;
  eventCreate(out: BigUint64Array, flags: number): number;
  eventRecord(event: Handle, stream: Handle): number;
  eventSynchronize(event: Handle): number;
  eventElapsedTime(out: Float32Array, start: Handle, end: Handle): number;
  getErrorName(code: number, out: (string | null)[]): number;
}

const requireCjs = createRequire(import.meta.url);
let api: CudaApi | undefined;
let loadError: string | undefined;

export function resultName(code: number): string {
  if (api) {
    const out: (string | null)[] = [null];
    if (api.getErrorName(code, out) === 0 && out[0]) return out[0];
  }
  return RESULTS[code] ?? 'CUDA error';
}

/** Throws CudaError unless `code` is CUDA_SUCCESS; a function context is only built on failure. */
export function check(code: number, call: string, context: string | (() => string) = ''): void {
  if (code !== CU.SUCCESS) throw new CudaError(call, code, typeof context === 'function' ? context() : context);
}

export function loadKoffi(backend: string): Koffi {
  try {
    return requireCjs('koffi') as Koffi;
  } catch (e) {
    throw new BackendUnavailableError(backend, `koffi, the FFI sejits reaches native libraries through, failed to load (${(e as Error).message}): reinstall sejits's dependencies (npm ci)`);
  }
}

/** Loads libcuda once and initializes the driver; throws BackendUnavailableError saying why not. */
export function cuda(): CudaApi {
  if (api) return api;
  if (loadError) throw new BackendUnavailableError('cuda', loadError);
  try {
    const koffi = loadKoffi('cuda');
    let lib: ReturnType<Koffi['load']>;
    try {
      lib = koffi.load('libcuda.so.1');
    } catch (e) {
      throw new BackendUnavailableError('cuda', `the NVIDIA driver library libcuda.so.1 was not found (${(e as Error).message.split('\n')[0]}): install NVIDIA's driver on a machine with an NVIDIA GPU`);
    }
    const f = (proto: string) => lib.func(proto) as unknown;
    const bound = {
      koffi,
      init: f('int cuInit(unsigned int flags)'),
      driverGetVersion: f('int cuDriverGetVersion(int *out)'),
      deviceGetCount: f('int cuDeviceGetCount(int *out)'),
      deviceGet: f('int cuDeviceGet(int *out, int ordinal)'),
      deviceGetName: f('int cuDeviceGetName(uint8_t *out, int length, int device)'),
      deviceGetAttribute: f('int cuDeviceGetAttribute(int *out, int attribute, int device)'),
      deviceTotalMem: f('int cuDeviceTotalMem_v2(uint64_t *out, int device)'),
      primaryCtxRetain: f('int cuDevicePrimaryCtxRetain(uint64_t *out, int device)'),
      ctxSetCurrent: f('int cuCtxSetCurrent(uint64_t context)'),
      ctxSynchronize: f('int cuCtxSynchronize()'),
      moduleLoadData: f('int cuModuleLoadData(uint64_t *out, const uint8_t *image)'),
      moduleGetFunction: f('int cuModuleGetFunction(uint64_t *out, uint64_t module, const char *name)'),
      funcGetAttribute: f('int cuFuncGetAttribute(int *out, int attribute, uint64_t fn)'),
      launchKernel: f('int cuLaunchKernel(uint64_t fn, unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx, unsigned int by, unsigned int bz, unsigned int shared, uint64_t stream, uint64_t params, uint64_t extra)'),
      memAlloc: f('int cuMemAlloc_v2(uint64_t *out, uint64_t bytes)'),
      memFree: f('int cuMemFree_v2(uint64_t pointer)'),
      memcpyHtoD: f('int cuMemcpyHtoD_v2(uint64_t dst, const void *src, uint64_t bytes)'),
      memcpyDtoH: f('int cuMemcpyDtoH_v2(void *dst, uint64_t src, uint64_t bytes)'),
      memcpyDtoDAsync: f('int cuMemcpyDtoDAsync_v2(uint64_t dst, uint64_t src, uint64_t bytes, uint64_t stream)'),
      memsetD8: f('int cuMemsetD8_v2(uint64_t dst, uint8_t value, uint64_t bytes)'),
      eventCreate: f('int cuEventCreate(uint64_t *out, unsigned int flags)'),
      eventRecord: f('int cuEventRecord(uint64_t event, uint64_t stream)'),
      eventSynchronize: f('int cuEventSynchronize(uint64_t event)'),
      eventElapsedTime: f('int cuEventElapsedTime(float *out, uint64_t start, uint64_t end)'),
      getErrorName: f('int cuGetErrorName(int code, _Out_ const char **name)'),
    } as CudaApi;
    const code = bound.init(0);
    if (code !== CU.SUCCESS) {
      api = bound;
      const why = `cuInit failed with ${resultName(code)} (${code})`;
      api = undefined;
      throw new BackendUnavailableError('cuda', code === 100 ? `${why}: the driver sees no CUDA device` : `${why}: the NVIDIA driver could not start`);
    }
    api = bound;
    return api;
  } catch (e) {
    if (e instanceof BackendUnavailableError) loadError = e.reason;
    throw e;
  }
}
