/**
 * The opencl backend (Sepya's GPU target): OpenCL C from the shared C-family renderer, with optional
 * local-memory tiles, built for the chosen device through libOpenCL (koffi), with results kept on the
 * device until the host reads them (runtime/residency.ts).
 */
import { KernelArgumentError, BackendUnavailableError } from '../../errors.js';
import type { LoopProgram } from '../../ir/kernel.js';
import { DeviceHeap, type DeviceBuffer } from '../../runtime/residency.js';
import { openclDeviceSetting } from '../../runtime/settings.js';
import { findCommand } from '../../runtime/find-command.js';
import { interiorBox } from '../../stencil/boundary.js';
import type { Compiled, DeviceBackend, Launch, LaunchBox, ProbeResult } from '../types.js';
import { check, OpenCLError, openCL, type Handle } from './cl-api.js';
import { describeDevice, listDevices, parseSelector, selectDevice, type DeviceInfo, type DeviceSelector } from './cl-device.js';
import { OpenCLSession } from './cl-session.js';
import { FALLBACK_FACES, FALLBACK_SKIP, KERNEL_NAME, needsFloat64, renderOpenCL } from './render-opencl.js';
import { planTiles, type TilePlan } from './tiling.js';

export interface OpenCLBackendOptions extends DeviceSelector {
  /** Registry name (default 'opencl'); variants built with other options need their own. */
  readonly name?: string;
  /** A cap on the device memory sejits may hold (default: the device's size). */
  readonly memoryLimitBytes?: number;
  /** Work-group shape in grid axis order (axis 0 slowest), e.g. [8, 32] in 2-D. */
  readonly workGroup?: readonly number[];
  /**
   * Local-memory tiles (paper 000, Figure 2): 'local' stages the interior's inputs in `__local`
   * tiles with halos; 'none' reads global memory. 'auto' (the default) is 'none' for now: measured
   * on an H100 (bench/gpu/opencl-jacobi.ts), one point per work-item with tiles reached 0.51 of the
   * copy bandwidth on the 5-point Jacobi, 0.41 on a 5×5 blur and 0.32 on the 3-D 7-point, against
   * 0.67, 0.44 and 0.52 without (the L1 cache already shares neighbours, and the barrier costs);
   * on CPUs (PoCL) local memory is emulated in global memory. The GPU tuner chooses per kernel.
   */
  readonly tiles?: 'auto' | 'local' | 'none';
  /** 64-bit index arithmetic for every grid (default: only for grids of 2^31 points or more). */
  readonly wideIndex?: boolean;
}

/** Index arithmetic width: 32-bit for grids under 2^31 elements, 64-bit beyond. */
type IndexWidth = 'int' | 'long';

export interface CompiledOpenCL extends Compiled {
  readonly plan: TilePlan;
  readonly program: LoopProgram;
  /** The kernel for an index width, built on first use (one build for every shape below 2^31 points). */
  readonly kernel: (width: IndexWidth) => Handle;
  readonly origin: 'built' | 'disk';
}

interface Started {
  readonly device: DeviceInfo;
  readonly session: OpenCLSession;
  readonly heap: DeviceHeap<Handle>;
}

export function createOpenCLBackend(options: OpenCLBackendOptions = {}): DeviceBackend<CompiledOpenCL> & { readonly session: OpenCLSession; readonly device: DeviceInfo } {
  const name = options.name ?? 'opencl';
  let started: Started | undefined;
  let failure: string | undefined;

  const start = (): Started => {
    if (started) return started;
    if (failure) throw new BackendUnavailableError(name, failure);
    try {
      const explicit = options.platform !== undefined || options.device !== undefined;
      const setting = openclDeviceSetting();
      const selector: DeviceSelector = explicit ? { platform: options.platform, device: options.device } : setting ? parseSelector(setting) : {};
      const device = selectDevice(listDevices(), selector, explicit ? 'the backend options' : setting ? `SEJITS_OPENCL_DEVICE=${setting}` : 'the default');
      // PoCL's CPU device links every kernel with the system linker and aborts the process without one.
      if (/pocl/i.test(device.platformVersion) && device.type === 'cpu' && !findCommand('ld')) {
        throw new BackendUnavailableError(name, `PoCL (${device.name}) links kernels with the system linker, and ld is not on PATH: install binutils`);
      }
      const session = OpenCLSession.of(device);
      started = { device, session, heap: heapFor(session, options.memoryLimitBytes) };
      return started;
    } catch (e) {
      if (e instanceof BackendUnavailableError) failure = e.reason;
      else if (e instanceof OpenCLError) failure = `the OpenCL driver failed: ${e.message}`;
      else throw e;
      throw new BackendUnavailableError(name, failure);
    }
  };

  const tiles = options.tiles ?? 'auto';
  if (!['auto', 'local', 'none'].includes(tiles)) throw new TypeError(`tiles must be 'auto', 'local' or 'none', not '${String(tiles)}'`);
  const plan = (program: LoopProgram) => {
    const { device } = start();
    const stage = tiles === 'local';
    return planTiles(program, { stage, localMemBytes: device.localMemBytes, maxGroupSize: device.maxWorkGroupSize, group: options.workGroup });
  };

  return {
    name,
    kind: 'device',
    get heap() {
      return start().heap;
    },
    get session() {
      return start().session;
    },
    get device() {
      return start().device;
    },
    probe(): ProbeResult {
      try {
        const { device } = start();
        return { available: true, detail: describeDevice(device) };
      } catch (e) {
        if (e instanceof BackendUnavailableError) return { available: false, reason: e.reason };
        throw e;
      }
    },
    render: (program) => renderOpenCL(program, plan(program)),
    compile(program, source) {
      const { device, session } = start();
      requireFloat64Support(program, device);
      const tiles = plan(program);
      const groupSize = tiles.group.reduce((a, b) => a * b, 1);
      const kernels = new Map<IndexWidth, Handle>();
      let origin: 'built' | 'disk' = 'disk';
      const kernel = (width: IndexWidth) => {
        let k = kernels.get(width);
        if (k === undefined) {
          const flags = [`-DSJ_IDX=${width}`, ...(device.correctlyRoundedDivideSqrt ? ['-cl-fp32-correctly-rounded-divide-sqrt'] : [])];
          const built = session.build(source, flags.join(' '), program.name);
          if (built.origin === 'built') origin = 'built';
          k = session.kernel(built.program, KERNEL_NAME);
          const allowed = session.kernelWorkGroupSize(k);
          if (allowed < groupSize) throw new KernelArgumentError(`${program.name}: ${device.name} runs this kernel with at most ${allowed} work-items per group, fewer than the ${groupSize} of its ${tiles.group.join('×')} tiles; pass a smaller workGroup to createOpenCLBackend`);
          kernels.set(width, k);
        }
        return k;
      };
      kernel(options.wideIndex ? 'long' : 'int');
      return {
        backend: name,
        source,
        kernel,
        plan: tiles,
        program,
        get origin() {
          return origin;
        },
      };
    },
    run(compiled, launch) {
      launchKernel(start().session, compiled, launch, options.wideIndex ?? false);
    },
    synchronize() {
      start().session.finish();
    },
  };
}

const sharedHeaps = new WeakMap<OpenCLSession, DeviceHeap<Handle>>();

/** Backends on one device share its heap, unless one sets its own memory limit. */
function heapFor(session: OpenCLSession, limit: number | undefined): DeviceHeap<Handle> {
  if (limit !== undefined) return new DeviceHeap(session, limit);
  let heap = sharedHeaps.get(session);
  if (!heap) sharedHeaps.set(session, (heap = new DeviceHeap(session)));
  return heap;
}

/** Sets the kernel's arguments and queues one launch covering the grid (no wait). */
function launchKernel(session: OpenCLSession, compiled: CompiledOpenCL, launch: Launch<DeviceBuffer>, wide: boolean): void {
  if (launch.boxes.length === 0) return;
  const cl = openCL();
  const { program } = compiled;
  const shape = launch.shape;
  const geometry = geometryFor(compiled, launch);
  const kernel = compiled.kernel(wide ? 'long' : geometry.width);
  // Kernel arguments persist between launches: set only those that changed since the last one.
  let last = lastArguments.get(kernel);
  if (!last) lastArguments.set(kernel, (last = []));
  let index = 0;
  const set = (value: bigint | number, size: number, scratch: BigUint64Array | Int32Array | Float32Array | Float64Array) => {
    if (!Object.is(last[index], value)) {
      scratch[0] = value as never;
      check(cl.setKernelArg(kernel, index, size, scratch), 'clSetKernelArg', () => `(argument ${index} of ${program.name})`);
      last[index] = value;
    }
    index++;
  };
  for (const b of launch.inputs) set(b.handle as Handle, 8, HANDLE);
  for (const b of launch.outputs) set(b.handle as Handle, 8, HANDLE);
  for (const v of geometry.ints) set(v, 4, INT);
  const float = program.compute === 'float32';
  for (const v of launch.params) set(float ? Math.fround(v) : v, float ? 4 : 8, float ? FLOAT : DOUBLE);
  check(cl.enqueueNDRangeKernel(session.queue, kernel, program.ndim, null, geometry.global, geometry.local, 0, null, null), 'clEnqueueNDRangeKernel', () => `(${program.name} over [${shape.join(', ')}])`);
}

const HANDLE = new BigUint64Array(1);
const INT = new Int32Array(1);
const FLOAT = new Float32Array(1);
const DOUBLE = new Float64Array(1);
const lastArguments = new Map<Handle, (bigint | number)[]>();

interface Geometry {
  /** Extents, interior box and fallback, in the kernel's argument order. */
  readonly ints: readonly number[];
  /** 32-bit index arithmetic unless the grid (rounded up to whole work-groups) reaches 2^31 points. */
  readonly width: IndexWidth;
  readonly global: BigUint64Array;
  readonly local: BigUint64Array;
}

/** The launch geometry of a compiled program for a planned set of boxes (cached with the plan). */
const geometries = new WeakMap<readonly LaunchBox[], Map<CompiledOpenCL, Geometry>>();

function geometryFor(compiled: CompiledOpenCL, launch: Launch<DeviceBuffer>): Geometry {
  let byCompiled = geometries.get(launch.boxes);
  if (!byCompiled) geometries.set(launch.boxes, (byCompiled = new Map()));
  let g = byCompiled.get(compiled);
  if (!g) {
    const { program, plan } = compiled;
    const d = program.ndim;
    const shape = launch.shape;
    const { lo, hi, fallback } = regionArguments(program, shape, launch);
    const local = new BigUint64Array(d);
    const global = new BigUint64Array(d);
    for (let a = 0; a < d; a++) {
      local[d - 1 - a] = BigInt(plan.group[a]);
      global[d - 1 - a] = BigInt(Math.ceil(shape[a] / plan.group[a]) * plan.group[a]);
    }
    const points = shape.reduce((x, y) => x * y, 1);
    g = { ints: [...shape, ...lo, ...hi, fallback], width: points < 2 ** 31 - 2 * 1024 ? 'int' : 'long', global, local };
    byCompiled.set(compiled, g);
  }
  return g;
}

/**
 * The interior box and `fallback` for the kernel's region test, from the host's region plan: one
 * box over the whole grid names its region for every point (unsplit or too small to split);
 * 'interior' mode skips points outside the interior box; otherwise faces are chosen per point.
 */
function regionArguments(program: LoopProgram, shape: readonly number[], launch: Launch<DeviceBuffer>): { lo: number[]; hi: number[]; fallback: number } {
  const boxes = launch.boxes;
  const whole = boxes.length === 1 && boxes[0].lo.every((v) => v === 0) && boxes[0].hi.every((v, a) => v === shape[a]);
  if (whole) return { lo: shape.map(() => 0), hi: shape.map(() => 0), fallback: boxes[0].region };
  const box = interiorBox(shape, program.reach);
  return { lo: [...box.lo], hi: [...box.hi], fallback: program.boundary === 'interior' ? FALLBACK_SKIP : FALLBACK_FACES };
}

/** Kernels that compute in float64 need cl_khr_fp64; without it the call fails and says why. */
export function requireFloat64Support(program: LoopProgram, device: Pick<DeviceInfo, 'name' | 'float64'>): void {
  if (!needsFloat64(program) || device.float64) return;
  const grids = [...program.inputs, ...program.outputs].map((g) => g.dtype).join(', ');
  throw new KernelArgumentError(`${program.name}: the OpenCL device ${device.name} has no float64 support (cl_khr_fp64), and this kernel needs it: its grids are ${grids}, and anything but all-float32 grids computes in float64. Use float32 grids, or another backend or device.`);
}

export const backend = createOpenCLBackend();
