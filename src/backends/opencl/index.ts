/**
 * The opencl backend (Sepya's GPU target): OpenCL C from the shared GPU kernel renderer, built for
 * the chosen device through libOpenCL (koffi), with results kept on the device until the host
 * reads them (runtime/residency.ts). The strategy of each launch (block shape, rows and vectors
 * per work-item, local-memory tiles) comes from the tuner it shares with the cuda backend.
 */
import { KernelArgumentError, BackendUnavailableError } from '../../errors.js';
import type { LoopProgram } from '../../ir/kernel.js';
import { DeviceHeap, type DeviceBuffer } from '../../runtime/residency.js';
import { openclDeviceSetting } from '../../runtime/settings.js';
import { findCommand } from '../../runtime/find-command.js';
import type { Compiled, DeviceBackend, Launch, ProbeResult } from '../types.js';
import { OPENCL_GPU } from '../gpu/gpu-dialect.js';
import { planLaunch, type IndexWidth, type PlannedLaunch } from '../gpu/launch-geometry.js';
import { PreparedLaunches } from '../gpu/prepared-launches.js';
import { KERNEL_NAME, renderGpuKernel } from '../gpu/render-gpu.js';
import { stagedFitsOnDevice } from '../gpu/staged-strategy.js';
import { strategyKey, threadsPerBlock, type KernelStrategy } from '../gpu/strategy.js';
import { StrategyChooser, type StrategyOptions, type TuneOptions, type TuneReport } from '../gpu/tuner.js';
import { check, OpenCLError, openCL, type Handle } from './cl-api.js';
import { describeDevice, listDevices, parseSelector, selectDevice, type DeviceInfo, type DeviceSelector } from './cl-device.js';
import { OpenCLSession } from './cl-session.js';

export interface OpenCLBackendOptions extends DeviceSelector, Omit<StrategyOptions, 'group'> {
  /** Registry name (default 'opencl'); variants built with other options need their own. */
  readonly name?: string;
  /** A cap on the device memory sejits may hold (default: the device's size). */
  readonly memoryLimitBytes?: number;
  /** Work-group shape of the one-point strategy, in grid axis order (axis 0 slowest), e.g. [8, 32] in 2-D. */
  readonly workGroup?: readonly number[];
  /** 64-bit index arithmetic for every grid (default: only for grids of 2^31 points or more). */
  readonly wideIndex?: boolean;
}

export interface CompiledOpenCL extends Compiled {
  readonly program: LoopProgram;
  /** The kernel of a strategy and index width, built (or loaded from the disk cache) on first use. */
  kernel(strategy: KernelStrategy, width: IndexWidth): Handle;
  /** Whether any of its kernels was built from source in this process (else all came from disk). */
  readonly origin: 'built' | 'disk';
}

interface Started {
  readonly device: DeviceInfo;
  readonly session: OpenCLSession;
  readonly heap: DeviceHeap<Handle>;
  readonly chooser: StrategyChooser;
}

interface Prepared extends PlannedLaunch<Handle> {
  readonly global: BigUint64Array;
  readonly local: BigUint64Array;
}


export function createOpenCLBackend(options: OpenCLBackendOptions = {}): DeviceBackend<CompiledOpenCL> & { readonly session: OpenCLSession; readonly device: DeviceInfo; readonly chooser: StrategyChooser } {
  const name = options.name ?? 'opencl';
  let started: Started | undefined;
  let failure: string | undefined;
  const strategyOptions: StrategyOptions = { strategy: options.strategy, group: options.workGroup, tiles: options.tiles, staged: options.staged };
  // Validates the options now rather than on first use.
  void new StrategyChooser(name, '', { maxGroupSize: 1, sharedMemBytes: 0 }, strategyOptions);

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
      const limits = { maxGroupSize: device.maxWorkGroupSize, sharedMemBytes: device.localMemBytes, streaming: true };
      const chooser = new StrategyChooser(name, `${device.name}|${device.vendor}|${device.driver}|${device.platformVersion}`, limits, strategyOptions);
      started = { device, session, heap: DeviceHeap.shared(session, options.memoryLimitBytes), chooser };
      return started;
    } catch (e) {
      if (e instanceof BackendUnavailableError) failure = e.reason;
      else if (e instanceof OpenCLError) failure = `the OpenCL driver failed: ${e.message}`;
      else throw e;
      throw new BackendUnavailableError(name, failure);
    }
  };

  const render = (program: LoopProgram, strategy: KernelStrategy) => renderGpuKernel(program, OPENCL_GPU, strategy, start().device.localMemBytes);
  const prepared = new PreparedLaunches<CompiledOpenCL, Prepared>();
  const prepare = (compiled: CompiledOpenCL, launch: Launch<DeviceBuffer>, strategy?: KernelStrategy): Prepared => {
    const p = planLaunch(start().chooser, compiled.program, launch, options.wideIndex ?? false, (s, width) => compiled.kernel(s, width), strategy);
    const { blocks, threads } = p.geometry;
    return { ...p, global: BigUint64Array.of(BigInt(blocks * threads)), local: BigUint64Array.of(BigInt(threads)) };
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
    get chooser() {
      return start().chooser;
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
    supportsStaged: true,
    stagedFits: (program) => stagedFitsOnDevice(program, () => start().chooser.limits),
    render(program) {
      return render(program, start().chooser.forShow(program));
    },
    compile(program, source) {
      const { device, session } = start();
      requireFloat64Support(program, device);
      const kernels = new Map<string, Handle>();
      let origin: 'built' | 'disk' = 'disk';
      return {
        backend: name,
        source,
        program,
        get origin() {
          return origin;
        },
        kernel(strategy, width) {
          const key = `${strategyKey(strategy)}|${width}`;
          let k = kernels.get(key);
          if (k === undefined) {
            const flags = [`-DSJ_IDX=${width === 'wide' ? 'long' : 'int'}`, ...(device.correctlyRoundedDivideSqrt ? ['-cl-fp32-correctly-rounded-divide-sqrt'] : [])];
            const built = session.build(render(program, strategy), flags.join(' '), program.name);
            if (built.origin === 'built') origin = 'built';
            k = session.kernel(built.program, KERNEL_NAME);
            const allowed = session.kernelWorkGroupSize(k);
            const wanted = threadsPerBlock(strategy);
            if (allowed < wanted) throw new KernelArgumentError(`${program.name}: ${device.name} runs this kernel with at most ${allowed} work-items per group, fewer than the ${wanted} of strategy '${strategyKey(strategy)}'; pass a smaller workGroup to createOpenCLBackend`);
            kernels.set(key, k);
          }
          return k;
        },
      };
    },
    run(compiled, launch) {
      if (launch.boxes.length === 0) return;
      launchKernel(start().session, compiled.program, prepared.get(compiled, launch.boxes, () => prepare(compiled, launch)), launch);
    },
    synchronize() {
      start().session.finish();
    },
    tune(compiled, launch, tuneOptions?: TuneOptions): TuneReport {
      const { session, chooser, device } = start();
      const report = chooser.tune(compiled.program, launch.shape, { run: (s) => launchKernel(session, compiled.program, prepare(compiled, launch, s), launch), synchronize: () => session.finish() }, device.name, tuneOptions);
      prepared.forget();
      return report;
    },
  };
}


/** Sets the kernel's arguments that changed since its last launch and queues one launch (no wait). */
function launchKernel(session: OpenCLSession, program: LoopProgram, p: Prepared, launch: Launch<DeviceBuffer>): void {
  const cl = openCL();
  const kernel = p.kernel;
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
  for (const v of p.geometry.ints) set(v, 4, INT);
  const float = program.compute === 'float32';
  for (const v of launch.params) set(float ? Math.fround(v) : v, float ? 4 : 8, float ? FLOAT : DOUBLE);
  check(cl.enqueueNDRangeKernel(session.queue, kernel, 1, null, p.global, p.local, 0, null, null), 'clEnqueueNDRangeKernel', () => `(${program.name} over [${launch.shape.join(', ')}], ${strategyKey(p.strategy)})`);
}

const HANDLE = new BigUint64Array(1);
const INT = new Int32Array(1);
const FLOAT = new Float32Array(1);
const DOUBLE = new Float64Array(1);
const lastArguments = new Map<Handle, (bigint | number)[]>();

/** Kernels that compute in float64 need cl_khr_fp64; without it the call fails and says why. */
export function requireFloat64Support(program: LoopProgram, device: Pick<DeviceInfo, 'name' | 'float64'>): void {
  if (program.compute !== 'float64' || device.float64) return;
  const grids = [...program.inputs, ...program.outputs].map((g) => g.dtype).join(', ');
  throw new KernelArgumentError(`${program.name}: the OpenCL device ${device.name} has no float64 support (cl_khr_fp64), and this kernel needs it: its grids are ${grids}, and anything but all-float32 grids computes in float64. Use float32 grids, or another backend or device.`);
}

export const backend = createOpenCLBackend();
