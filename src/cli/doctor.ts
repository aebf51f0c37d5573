/**
 * `sejits doctor`: what this machine offers. Every registered backend is probed and either shows
 * the toolchain or device it found or says why it cannot run and what to install; backends of
 * DESIGN.md that this version does not contain yet are listed as such, never hidden.
 */
import os from 'node:os';
import { markdownTable } from 'markdown-table';
import { backendNames, probeBackend } from '../backends/registry.js';
import { defaultBackend } from '../runtime/settings.js';
import { probePython, type PythonProbe } from './python.js';
import { listDevices } from '../backends/opencl/cl-device.js';
import { BackendUnavailableError } from '../errors.js';
import { formatBytes } from '../runtime/residency.js';

/** The backends of DESIGN.md with what each needs, for those not built into this version. */
const PLANNED: Readonly<Record<string, string>> = {
  c: 'C99 + OpenMP through the system cc; needs gcc or clang with OpenMP',
  opencl: 'OpenCL through libOpenCL; needs an ICD such as pocl-opencl-icd or a GPU driver',
  cuda: 'CUDA through NVRTC and the driver API; needs an NVIDIA GPU and CUDA',
  webgpu: 'WGSL through the webgpu package (Dawn); needs a GPU adapter',
  wasm: 'WebAssembly SIMD',
};

export interface BackendStatus {
  readonly name: string;
  readonly status: 'available' | 'unavailable' | 'not in this version';
  /** The device/toolchain found, or why not and what to install. */
  readonly detail: string;
}

export interface DoctorReport {
  readonly machine: { readonly node: string; readonly platform: string; readonly cpu: string; readonly cores: number; readonly memoryGiB: number };
  /** What `auto` resolves to here ($SEJITS_BACKEND overrides it). */
  readonly defaultBackend: { readonly requested: string; readonly resolved: string | null };
  readonly backends: readonly BackendStatus[];
  /** Every OpenCL device, by the `platform:device` that SEJITS_OPENCL_DEVICE takes, or why none. */
  readonly openclDevices: readonly OpenCLDeviceRow[] | { readonly unavailable: string };
  readonly benchPeers: { readonly scipy: PythonProbe };
}

export interface OpenCLDeviceRow {
  readonly selector: string;
  readonly name: string;
  readonly type: string;
  readonly platform: string;
  readonly memory: string;
  readonly float64: boolean;
}

function openclDevices(): DoctorReport['openclDevices'] {
  try {
    return listDevices().map((d) => ({ selector: `${d.platformIndex}:${d.deviceIndex}`, name: d.name, type: d.type, platform: d.platform, memory: formatBytes(d.globalMemBytes).split(' (')[0], float64: d.float64 }));
  } catch (e) {
    if (e instanceof BackendUnavailableError) return { unavailable: e.reason };
    throw e;
  }
}

export function doctorReport(): DoctorReport {
  const registered = backendNames();
  const backends: BackendStatus[] = registered.map((name) => {
    const p = probeBackend(name);
    return p.available
      ? { name, status: 'available', detail: p.detail ?? '' }
      : { name, status: 'unavailable', detail: p.reason ?? 'probe failed' };
  });
  for (const [name, needs] of Object.entries(PLANNED)) {
    if (!registered.includes(name)) backends.push({ name, status: 'not in this version', detail: needs });
  }
  const requested = defaultBackend();
  const usable = backends.filter((b) => b.status === 'available').map((b) => b.name);
  const resolved = requested === 'auto' ? (usable[0] ?? null) : usable.includes(requested) ? requested : null;
  const cpus = os.cpus();
  return {
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    },
    defaultBackend: { requested, resolved },
    backends,
    openclDevices: openclDevices(),
    benchPeers: { scipy: probePython() },
  };
}

export function formatDoctor(r: DoctorReport): string {
  const m = r.machine;
  const scipy = r.benchPeers.scipy;
  const lines = [
    `Node ${m.node} on ${m.platform}; ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB`,
    '',
    markdownTable([['backend', 'status', 'found / why not'], ...r.backends.map((b) => [b.name, b.status, b.detail])]),
    '',
    ...('unavailable' in r.openclDevices
      ? [`OpenCL devices: none (${r.openclDevices.unavailable})`]
      : ['OpenCL devices (choose one with SEJITS_OPENCL_DEVICE=platform:device):', '', markdownTable([['device', 'name', 'type', 'platform', 'memory', 'float64'], ...r.openclDevices.map((d) => [d.selector, d.name, d.type, d.platform, d.memory, d.float64 ? 'yes' : 'no'])])]),
    '',
    r.defaultBackend.resolved
      ? `Kernels run on: ${r.defaultBackend.resolved}${r.defaultBackend.requested === 'auto' ? ' (auto: the fastest available)' : ' (SEJITS_BACKEND)'}`
      : `Kernels run on: nothing usable for '${r.defaultBackend.requested}'${r.defaultBackend.requested === 'auto' ? '; pure mode only' : ''}`,
    scipy.available && scipy.versions
      ? `Bench peer scipy.ndimage: python ${scipy.versions.python}, numpy ${scipy.versions.numpy}, scipy ${scipy.versions.scipy} (${scipy.command})`
      : `Bench peer scipy.ndimage: unavailable: ${scipy.reason}`,
  ];
  return lines.join('\n');
}
