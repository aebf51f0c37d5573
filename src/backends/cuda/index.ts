/**
 * The cuda backend: CUDA C++ from the shared GPU kernel renderer, compiled for the device's own
 * architecture through NVRTC (or nvcc), loaded and launched through the driver API in the
 * device's primary context, with results kept on the device until the host reads them
 * (runtime/residency.ts). The strategy of each launch comes from the shared tuner.
 */
import { BackendUnavailableError, KernelArgumentError } from '../../errors.js';
import type { LoopProgram } from '../../ir/kernel.js';
import { DeviceHeap, type DeviceBuffer } from '../../runtime/residency.js';
import type { Compiled, DeviceBackend, Launch, ProbeResult } from '../types.js';
import { CUDA_GPU } from '../gpu/gpu-dialect.js';
import { planLaunch, type IndexWidth, type PlannedLaunch } from '../gpu/launch-geometry.js';
import { PreparedLaunches } from '../gpu/prepared-launches.js';
import { KERNEL_NAME, renderGpuKernel, scalarArguments } from '../gpu/render-gpu.js';
import { stagedFits } from '../gpu/staged-strategy.js';
import { strategyKey, threadsPerBlock, type DeviceLimits, type KernelStrategy } from '../gpu/strategy.js';
import { StrategyChooser, type StrategyOptions, type TuneOptions, type TuneReport } from '../gpu/tuner.js';
import { check, CU, CudaError, cuda, type Handle } from './cuda-api.js';
import { CudaSession, type CudaDeviceInfo } from './cuda-session.js';

export interface CudaBackendOptions extends StrategyOptions {
  /** Registry name (default 'cuda'); variants built with other options need their own. */
  readonly name?: string;
  /** Device ordinal (default: SEJITS_CUDA_DEVICE, else 0). */
  readonly device?: number;
  /** A cap on the device memory sejits may hold (default: the device's size). */
  readonly memoryLimitBytes?: number;
  /** 64-bit index arithmetic for every grid (default: only for grids of 2^31 points or more). */
  readonly wideIndex?: boolean;
}

/** One built kernel with its argument block: argument slots and the pointer table cuLaunchKernel reads. */
interface CudaKernel {
  readonly fn: Handle;
  readonly table: bigint;
  readonly args: DataView;
  /** The values last written to each slot, so a launch writes only what changed. */
  readonly last: (number | bigint | undefined)[];
  readonly origin: 'built' | 'disk';
  /** Keeps the native block alive. */
  readonly memory: unknown;
}

export interface CompiledCuda extends Compiled {
  readonly program: LoopProgram;
  /** The kernel of a strategy and index width, built (or loaded from the disk cache) on first use. */
  kernel(strategy: KernelStrategy, width: IndexWidth): CudaKernel;
}

type Prepared = PlannedLaunch<CudaKernel>;

/** Limits every CUDA device since compute capability 2.0 has: how `render` shows a kernel without one. */
const RENDER_LIMITS: DeviceLimits = { maxGroupSize: 1024, sharedMemBytes: 48 * 1024, shuffles: true, streaming: true };

export function createCudaBackend(options: CudaBackendOptions = {}): DeviceBackend<CompiledCuda> & { readonly session: CudaSession; readonly device: CudaDeviceInfo; readonly chooser: StrategyChooser } {
  const name = options.name ?? 'cuda';
  let started: { session: CudaSession; heap: DeviceHeap<Handle>; chooser: StrategyChooser } | undefined;
  let failure: string | undefined;
  const start = () => {
    if (started) return started;
    if (failure) throw new BackendUnavailableError(name, failure);
    try {
      const setting = process.env.SEJITS_CUDA_DEVICE;
      const ordinal = options.device ?? (setting ? Number(setting) : 0);
      if (!Number.isInteger(ordinal) || ordinal < 0) throw new BackendUnavailableError(name, `the device must be an ordinal (0, 1, ...), not ${setting ?? String(options.device)}`);
      const session = CudaSession.of(ordinal);
      const d = session.device;
      const limits = { maxGroupSize: d.maxThreadsPerBlock, sharedMemBytes: d.sharedMemPerBlock, shuffles: true, streaming: true, multiprocessors: d.multiprocessors };
      const chooser = new StrategyChooser(name, `${d.name}|${d.arch}|${d.driverVersion}`, limits, options);
      started = { session, heap: DeviceHeap.shared(session, options.memoryLimitBytes), chooser };
      return started;
    } catch (e) {
      if (e instanceof BackendUnavailableError) failure = e.reason;
      else if (e instanceof CudaError) failure = `the CUDA driver failed: ${e.message}`;
      else throw e;
      throw new BackendUnavailableError(name, failure);
    }
  };
  const prepared = new PreparedLaunches<CompiledCuda, Prepared>();
  // Renders (sejits show) where no device has started, and validates the options up front.
  const renderChooser = new StrategyChooser(name, '', RENDER_LIMITS, options);
  const sharedMem = () => (started ? started.session.device.sharedMemPerBlock : RENDER_LIMITS.sharedMemBytes);
  const render = (program: LoopProgram, strategy: KernelStrategy) => renderGpuKernel(program, CUDA_GPU, strategy, sharedMem());
  const prepare = (compiled: CompiledCuda, launch: Launch<DeviceBuffer>, strategy?: KernelStrategy): Prepared =>
    planLaunch(start().chooser, compiled.program, launch, options.wideIndex ?? false, (s, width) => compiled.kernel(s, width), strategy);

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
      return start().session.device;
    },
    get chooser() {
      return start().chooser;
    },
    probe(): ProbeResult {
      try {
        const { session } = start();
        const d = session.device;
        return { available: true, detail: `${d.name} (${d.arch}, ${(d.totalBytes / 2 ** 30).toFixed(0)} GiB, driver ${d.driverVersion}), ${session.compiler.version}` };
      } catch (e) {
        if (e instanceof BackendUnavailableError) return { available: false, reason: e.reason };
        throw e;
      }
    },
    supportsStaged: true,
    // Fields are static __shared__ arrays, which CUDA caps at 48 KiB (the device's default per block).
    stagedFits: (program) => stagedFits(program, (started?.chooser ?? renderChooser).limits),
    render(program) {
      return render(program, (started?.chooser ?? renderChooser).forShow(program));
    },
    compile(program, source) {
      const { session } = start();
      const kernels = new Map<string, CudaKernel>();
      return {
        backend: name,
        source,
        program,
        kernel(strategy, width) {
          const key = `${strategyKey(strategy)}|${width}`;
          let k = kernels.get(key);
          if (!k) {
            k = buildKernel(session, program, render(program, strategy), strategy, width);
            kernels.set(key, k);
          }
          return k;
        },
      };
    },
    run(compiled, launch) {
      if (launch.boxes.length === 0) return;
      const p = prepared.get(compiled, launch.boxes, () => prepare(compiled, launch));
      launchKernel(p, compiled.program, launch);
    },
    synchronize() {
      start().session.synchronize();
    },
    tune(compiled, launch, tuneOptions?: TuneOptions): TuneReport {
      const { session, chooser } = start();
      const report = chooser.tune(compiled.program, launch.shape, { run: (s) => launchKernel(prepare(compiled, launch, s), compiled.program, launch), synchronize: () => session.synchronize() }, session.device.name, tuneOptions);
      prepared.forget();
      return report;
    },
  };
}

function buildKernel(session: CudaSession, program: LoopProgram, source: string, strategy: KernelStrategy, width: IndexWidth): CudaKernel {
  const { module, origin } = session.load(source, [`SJ_IDX=${width === 'wide' ? 'long long' : 'int'}`], program.name);
  const fn = session.function(module, KERNEL_NAME);
  const allowed = session.functionAttribute(fn, CU.FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK);
  if (allowed < threadsPerBlock(strategy)) throw new KernelArgumentError(`${program.name}: ${session.device.name} runs this kernel with at most ${allowed} threads per block, fewer than the ${threadsPerBlock(strategy)} of strategy '${strategyKey(strategy)}'`);
  const count = program.inputs.length + program.outputs.length + scalarArguments(program.ndim).length + program.params.length;
  const koffi = cuda().koffi;
  const memory = koffi.alloc('uint64_t', 2 * count);
  const base = koffi.address(memory);
  const args = new DataView(koffi.view(memory, 16 * count));
  // The table after the slots: entry i points at slot i.
  for (let i = 0; i < count; i++) args.setBigUint64(8 * (count + i), base + BigInt(8 * i), true);
  return { fn, table: base + BigInt(8 * count), args, last: new Array(count), origin, memory };
}

/** Writes the arguments that changed since the kernel's last launch and queues one launch (no wait). */
function launchKernel(p: Prepared, program: LoopProgram, launch: Launch<DeviceBuffer>): void {
  const { kernel, geometry } = p;
  const { args, last } = kernel;
  let i = 0;
  for (const b of launch.inputs) {
    const h = b.handle as Handle;
    if (last[i] !== h) args.setBigUint64(8 * i, (last[i] = h), true);
    i++;
  }
  for (const b of launch.outputs) {
    const h = b.handle as Handle;
    if (last[i] !== h) args.setBigUint64(8 * i, (last[i] = h), true);
    i++;
  }
  for (const v of geometry.ints) {
    if (last[i] !== v) args.setInt32(8 * i, (last[i] = v), true);
    i++;
  }
  const float = program.compute === 'float32';
  for (const v of launch.params) {
    if (!Object.is(last[i], v)) {
      last[i] = v;
      if (float) args.setFloat32(8 * i, v, true);
      else args.setFloat64(8 * i, v, true);
    }
    i++;
  }
  check(cuda().launchKernel(kernel.fn, geometry.blocks, 1, 1, geometry.threads, 1, 1, 0, 0n, kernel.table, 0n), 'cuLaunchKernel', () => `(${program.name} over [${launch.shape.join(', ')}], ${strategyKey(p.strategy)})`);
}


export const backend = createCudaBackend();
