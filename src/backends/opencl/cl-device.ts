/**
 * OpenCL platforms and devices: listing them with what sejits needs to know, and choosing one by
 * option or $SEJITS_OPENCL_DEVICE. The default is the first GPU, else the first CPU.
 */
import { BackendUnavailableError } from '../../errors.js';
import { CL, check, infoNumber, infoString, openCL, type Handle } from './cl-api.js';

export interface DeviceInfo {
  readonly platformIndex: number;
  readonly deviceIndex: number;
  readonly platform: string;
  readonly platformVersion: string;
  readonly name: string;
  readonly vendor: string;
  readonly driver: string;
  readonly version: string;
  readonly type: 'gpu' | 'cpu' | 'other';
  readonly computeUnits: number;
  readonly maxWorkGroupSize: number;
  readonly globalMemBytes: number;
  readonly maxAllocBytes: number;
  readonly localMemBytes: number;
  /** 'local' when the device has dedicated on-chip local memory; CPUs emulate it in global memory. */
  readonly localMemType: 'local' | 'global';
  /** cl_khr_fp64 (or a double FP config): float64 kernels can run. */
  readonly float64: boolean;
  /** -cl-fp32-correctly-rounded-divide-sqrt is accepted. */
  readonly correctlyRoundedDivideSqrt: boolean;
  readonly handle: Handle;
}

/**
 * Which device: a platform and a device within it, each an index or a case-insensitive part of its
 * name (the device may also be 'gpu' or 'cpu').
 */
export interface DeviceSelector {
  readonly platform?: number | string;
  readonly device?: number | string;
}

/** `platform:device`, `platform`, `:device`, `gpu` or `cpu`; parts are indices or names. */
export function parseSelector(text: string): DeviceSelector {
  const part = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : /^\d+$/.test(s.trim()) ? Number(s.trim()) : s.trim());
  const t = text.trim();
  if (/^(gpu|cpu)$/i.test(t)) return { device: t.toLowerCase() };
  const colon = t.indexOf(':');
  if (colon < 0) return { platform: part(t) };
  return { platform: part(t.slice(0, colon)), device: part(t.slice(colon + 1)) };
}

let listed: DeviceInfo[] | undefined;

/** Every device of every platform (cached: the list does not change while a process runs). */
export function listDevices(): DeviceInfo[] {
  if (listed) return listed;
  const cl = openCL();
  const count = new Uint32Array(1);
  const code = cl.getPlatformIDs(0, null, count);
  if (code === CL.PLATFORM_NOT_FOUND_KHR || count[0] === 0) {
    throw new BackendUnavailableError('opencl', 'no OpenCL platform: install an ICD such as pocl-opencl-icd (CPU) or your GPU vendor\'s OpenCL driver');
  }
  check(code, 'clGetPlatformIDs');
  const platforms = new BigUint64Array(count[0]);
  check(cl.getPlatformIDs(platforms.length, platforms, null), 'clGetPlatformIDs');
  const devices: DeviceInfo[] = [];
  platforms.forEach((p, platformIndex) => {
    const pinfo = (name: number) => infoString((size, out, ret) => cl.getPlatformInfo(p, name, size, out, ret), 'clGetPlatformInfo');
    const n = new Uint32Array(1);
    const c = cl.getDeviceIDs(p, CL.DEVICE_TYPE_ALL, 0, null, n);
    if (c !== CL.SUCCESS || n[0] === 0) return; // a platform without devices (CL_DEVICE_NOT_FOUND) is skipped
    const ids = new BigUint64Array(n[0]);
    check(cl.getDeviceIDs(p, CL.DEVICE_TYPE_ALL, ids.length, ids, null), 'clGetDeviceIDs');
    const platform = pinfo(CL.PLATFORM_NAME);
    const platformVersion = pinfo(CL.PLATFORM_VERSION);
    ids.forEach((d, deviceIndex) => {
      const str = (name: number) => infoString((size, out, ret) => cl.getDeviceInfo(d, name, size, out, ret), 'clGetDeviceInfo');
      const num = (name: number, bytes: 4 | 8) => infoNumber((size, out, ret) => cl.getDeviceInfo(d, name, size, out, ret), bytes, 'clGetDeviceInfo');
      const type = num(CL.DEVICE_TYPE, 8);
      const extensions = str(CL.DEVICE_EXTENSIONS).split(/\s+/);
      devices.push({
        platformIndex,
        deviceIndex,
        platform,
        platformVersion,
        name: str(CL.DEVICE_NAME),
        vendor: str(CL.DEVICE_VENDOR),
        driver: str(CL.DRIVER_VERSION),
        version: str(CL.DEVICE_VERSION),
        type: type & CL.DEVICE_TYPE_GPU ? 'gpu' : type & CL.DEVICE_TYPE_CPU ? 'cpu' : 'other',
        computeUnits: num(CL.DEVICE_MAX_COMPUTE_UNITS, 4),
        maxWorkGroupSize: num(CL.DEVICE_MAX_WORK_GROUP_SIZE, 8),
        globalMemBytes: num(CL.DEVICE_GLOBAL_MEM_SIZE, 8),
        maxAllocBytes: num(CL.DEVICE_MAX_MEM_ALLOC_SIZE, 8),
        localMemBytes: num(CL.DEVICE_LOCAL_MEM_SIZE, 8),
        localMemType: num(CL.DEVICE_LOCAL_MEM_TYPE, 4) === CL.LOCAL ? 'local' : 'global',
        float64: extensions.includes('cl_khr_fp64') || num(CL.DEVICE_DOUBLE_FP_CONFIG, 8) !== 0,
        correctlyRoundedDivideSqrt: (num(CL.DEVICE_SINGLE_FP_CONFIG, 8) & CL.FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) !== 0,
        handle: d,
      });
    });
  });
  if (devices.length === 0) throw new BackendUnavailableError('opencl', 'OpenCL platforms exist but none has a device: check the driver (clinfo lists what is visible)');
  listed = devices;
  return devices;
}

/** A one-line description, as `sejits doctor` and messages print it. */
export function describeDevice(d: DeviceInfo): string {
  return `${d.name} (${d.type}, platform ${d.platformIndex} "${d.platform}", device ${d.deviceIndex}; ${d.version}${d.float64 ? '' : '; no float64'}${d.localMemType === 'global' ? '; local memory emulated' : ''})`;
}

function matches(value: number | string, index: number, names: readonly string[]): boolean {
  if (typeof value === 'number') return value === index;
  const v = value.toLowerCase();
  return names.some((n) => n.toLowerCase().includes(v));
}

/** The device a selector names, or the default; an unmatched selector lists what exists. */
export function selectDevice(devices: readonly DeviceInfo[], selector: DeviceSelector = {}, source = 'the device option'): DeviceInfo {
  const candidates = devices.filter((d) => {
    if (selector.platform !== undefined && !matches(selector.platform, d.platformIndex, [d.platform, d.platformVersion])) return false;
    if (selector.device === undefined) return true;
    if (selector.device === 'gpu' || selector.device === 'cpu') return d.type === selector.device;
    return matches(selector.device, d.deviceIndex, [d.name, d.vendor]);
  });
  if (candidates.length === 0) {
    const list = devices.map((d) => `  ${d.platformIndex}:${d.deviceIndex}  ${describeDevice(d)}`).join('\n');
    throw new BackendUnavailableError('opencl', `no OpenCL device matches ${source} ${JSON.stringify(selector)}; the devices here are:\n${list}`);
  }
  return candidates.find((d) => d.type === 'gpu') ?? candidates.find((d) => d.type === 'cpu') ?? candidates[0];
}
