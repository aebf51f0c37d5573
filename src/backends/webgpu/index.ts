/**
 * The webgpu backend: WGSL from render-wgsl.ts, run by Dawn (the `webgpu` package) in Node, with
 * results kept on the device until the host reads them (runtime/residency.ts, shared with cuda and
 * opencl). The strategy of each launch comes from the shared tuner; pipelines are cached under an
 * explicit key (the program's source hash and the strategy).
 *
 * WGSL has no float64: a kernel on a float64 grid fails with a BackendUnavailableError that says
 * so. int32 and uint8 kernels compute in f32 (exact while values stay below 2^24).
 */
import { BackendCompileError, BackendUnavailableError, KernelArgumentError } from '../../errors.js';
import type { LoopProgram } from '../../ir/kernel.js';
import { hashKey } from '../../runtime/disk-cache.js';
import { DeviceHeap, type DeviceBuffer } from '../../runtime/residency.js';
import { webgpuSettings } from '../../runtime/settings.js';
import type { Compiled, DeviceBackend, Launch, ProbeResult } from '../types.js';
import { planLaunch, type PlannedLaunch } from '../gpu/launch-geometry.js';
import { PreparedLaunches } from '../gpu/prepared-launches.js';
import { strategyKey, type DeviceLimits, type KernelStrategy } from '../gpu/strategy.js';
import { StrategyChooser, type StrategyOptions, type TuneOptions, type TuneReport } from '../gpu/tuner.js';
import { chromiumSwiftShader, DawnSession, systemVulkanLoader, type VulkanChoice } from './dawn-session.js';
import { rejectFloat64 } from './reject-float64.js';
import { wgslStagedFits } from './render-staged-wgsl.js';
import { stagedFitsOnDevice } from '../gpu/staged-strategy.js';
import { renderWgslKernel, usesWordScheme, WGSL_ENTRY, WORD_GROUP, type RenderedWgsl } from './render-wgsl.js';
import { dispatchGroups, formatCompileError, sameParams, uniformBlock } from './wgsl-launch.js';

export interface WebGpuBackendOptions extends StrategyOptions {
  /** Registry name (default 'webgpu'). */
  readonly name?: string;
  /** A cap on the device memory sejits may hold. */
  readonly memoryLimitBytes?: number;
  /** Run on Chromium's SwiftShader (a CPU Vulkan) rather than the system's GPU (default: SEJITS_WEBGPU_SWIFTSHADER=1). */
  readonly swiftShader?: boolean;
  /** Accept a software (fallback) adapter (default: only with swiftShader). */
  readonly allowSoftware?: boolean;
  /** Dawn's options for `create` (toggles, backend choice). */
  readonly dawn?: readonly string[];
}

interface WgslKernel {
  readonly key: string;
  readonly rendered: RenderedWgsl;
}

export interface CompiledWebGpu extends Compiled {
  readonly program: LoopProgram;
  /** The pipeline of a strategy, compiled on first use. */
  kernel(strategy: KernelStrategy): WgslKernel;
}

type Prepared = PlannedLaunch<WgslKernel> & { readonly groups: readonly [number, number]; readonly uniform: ArrayBuffer };

/** What `render` assumes without a device: WebGPU's guaranteed minimum limits. */
const RENDER_LIMITS: DeviceLimits = { maxGroupSize: 256, sharedMemBytes: 16384, fieldBytes: 4 };

export function createWebGpuBackend(options: WebGpuBackendOptions = {}): DeviceBackend<CompiledWebGpu> & { readonly session: DawnSession; readonly chooser: StrategyChooser } {
  const name = options.name ?? 'webgpu';
  const strategyOptions: StrategyOptions = { strategy: options.strategy, group: options.group, tiles: options.tiles };
  let started: { session: DawnSession; heap: DeviceHeap<number>; chooser: StrategyChooser } | undefined;
  let failure: string | undefined;
  const start = () => {
    if (started) return started;
    if (failure) throw new BackendUnavailableError(name, failure);
    const settings = webgpuSettings();
    const swift = options.swiftShader ?? settings.swiftShader;
    let vulkan: VulkanChoice = {};
    if (swift) {
      const found = chromiumSwiftShader();
      if (!found) throw new BackendUnavailableError(name, (failure = 'SwiftShader was asked for, but no Chromium with libvk_swiftshader.so was found: apt-get install chromium'));
      vulkan = found;
    }
    let session: DawnSession;
    try {
      session = DawnSession.shared(vulkan, options.dawn ?? settings.dawnOptions);
    } catch (e) {
      const message = (e as Error).message;
      failure = message === 'no-adapter' ? noAdapterReason(swift) : message;
      throw new BackendUnavailableError(name, failure);
    }
    if (session.adapter.fallback && !(options.allowSoftware ?? swift)) {
      failure = `the only WebGPU adapter is a software one (${session.adapter.description}); set SEJITS_WEBGPU_SWIFTSHADER=1 to use it anyway`;
      throw new BackendUnavailableError(name, failure);
    }
    const L = session.limits;
    const limits: DeviceLimits = { maxGroupSize: Math.min(L.maxComputeInvocationsPerWorkgroup, L.maxComputeWorkgroupSizeX), sharedMemBytes: L.maxComputeWorkgroupStorageSize, fieldBytes: 4 };
    const a = session.adapter;
    const chooser = new StrategyChooser(name, `${a.vendor}|${a.architecture}|${a.device}|${a.description}`, limits, strategyOptions);
    started = { session, heap: DeviceHeap.shared(session, options.memoryLimitBytes), chooser };
    return started;
  };
  const renderChooser = new StrategyChooser(name, '', RENDER_LIMITS, strategyOptions);
  const prepared = new PreparedLaunches<CompiledWebGpu, Prepared>();

  const prepare = (compiled: CompiledWebGpu, launch: Launch<DeviceBuffer>, strategy?: KernelStrategy): Prepared => {
    const { session, chooser } = start();
    const program = compiled.program;
    const points = launch.shape.reduce((x, y) => x * y, 1);
    if (points >= 2 ** 31) throw new KernelArgumentError(`${program.name}: WGSL indexes with 32-bit integers, so a grid holds fewer than 2^31 points; [${launch.shape.join(', ')}] has ${points}`);
    const plan = planLaunch(chooser, program, launch, false, (s) => compiled.kernel(s), strategy);
    const blocks = usesWordScheme(program) ? Math.ceil(Math.ceil(points / 4) / WORD_GROUP) : plan.geometry.blocks;
    return { ...plan, groups: dispatchGroups(blocks, session.limits.maxComputeWorkgroupsPerDimension, program.name), uniform: uniformBlock(program, plan.geometry.ints, launch.params) };
  };

  // Scratch buffers by size and slot, for inputs that are also outputs of the same launch.
  const scratch = new Map<string, number>();
  /**
   * WebGPU forbids binding one buffer read-only and writable in one dispatch, which an in-place
   * elementwise call (`add(a, b, { out: a })`) does: such an input is read from a copy made first
   * on the same queue, which is what the other backends' reads see too (every point reads its own
   * element before writing it).
   */
  const readableInputs = (launch: Launch<DeviceBuffer>): number[] => {
    const copies = new Map<unknown, number>();
    return launch.inputs.map((b) => {
      if (!launch.outputs.some((o) => o.handle === b.handle)) return b.handle as number;
      let copy = copies.get(b.handle);
      if (copy !== undefined) return copy;
      const { session } = start();
      const slot = `${b.bytes}:${copies.size}`;
      copy = scratch.get(slot);
      if (copy === undefined) {
        copy = session.allocate(b.bytes);
        if (copy === undefined) throw new KernelArgumentError(`webgpu: no device memory left for a ${b.bytes}-byte copy of an input that is also an output`);
        scratch.set(slot, copy);
      }
      session.copy(b.handle as number, copy, b.bytes);
      copies.set(b.handle, copy);
      return copy;
    });
  };

  const launchKernel = (p: Prepared, compiled: CompiledWebGpu, launch: Launch<DeviceBuffer>) => {
    const inputs = readableInputs(launch);
    const buffers = [...inputs, ...launch.outputs.map((b) => b.handle as number), ...p.kernel.rendered.vectorInputs.map((i) => inputs[i])];
    start().session.dispatch(p.kernel.key, compiled.program.name, buffers, p.uniform, p.groups);
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
    get chooser() {
      return start().chooser;
    },
    probe(): ProbeResult {
      try {
        const { session } = start();
        const a = session.adapter;
        return { available: true, detail: `${a.description || a.device} (${a.vendor}${a.architecture ? `, ${a.architecture}` : ''}; Dawn; max storage binding ${(session.limits.maxStorageBufferBindingSize / 2 ** 20).toFixed(0)} MiB)` };
      } catch (e) {
        if (e instanceof BackendUnavailableError) return { available: false, reason: e.reason };
        throw e;
      }
    },
    supportsStaged: true,
    stagedFits: (program) => stagedFitsOnDevice(program, () => start().chooser.limits, wgslStagedFits),
    render(program) {
      rejectFloat64(program, name);
      return renderWgslKernel(program, (started?.chooser ?? renderChooser).forShow(program)).source;
    },
    compile(program, source) {
      rejectFloat64(program, name);
      const { session } = start();
      const kernels = new Map<string, WgslKernel>();
      return {
        backend: name,
        source,
        program,
        kernel(strategy) {
          const skey = strategyKey(strategy);
          let k = kernels.get(skey);
          if (!k) {
            const rendered = renderWgslKernel(program, strategy, session.limits.maxComputeWorkgroupStorageSize);
            // The pipeline cache key: what the pipeline is built from, and nothing else.
            const key = hashKey(`${name}|${rendered.source}`);
            const result = session.compile(key, program.name, rendered.source, program.inputs.length, program.outputs.length, WGSL_ENTRY, rendered.vectorInputs.length);
            if (result.messages.length || result.error) throw new BackendCompileError(name, formatCompileError(program, rendered, result.messages, result.error), undefined);
            kernels.set(skey, (k = { key, rendered }));
          }
          return k;
        },
      };
    },
    run(compiled, launch) {
      if (launch.boxes.length === 0) return;
      // The uniform block holds the parameters, so it is rebuilt when they change.
      const p = prepared.get(compiled, launch.boxes, () => prepare(compiled, launch));
      const uniform = sameParams(p, compiled.program, launch.params) ? p.uniform : uniformBlock(compiled.program, p.geometry.ints, launch.params);
      launchKernel({ ...p, uniform }, compiled, launch);
    },
    synchronize() {
      start().session.synchronize();
    },
    tune(compiled, launch, tuneOptions?: TuneOptions): TuneReport {
      const { session, chooser } = start();
      const report = chooser.tune(compiled.program, launch.shape, { run: (s) => launchKernel(prepare(compiled, launch, s), compiled, launch), synchronize: () => session.synchronize() }, session.label, tuneOptions);
      prepared.forget();
      return report;
    },
  };
}

function noAdapterReason(swift: boolean): string {
  if (swift) return 'Dawn found no adapter on Chromium\'s SwiftShader';
  if (process.platform === 'linux' && !systemVulkanLoader()) {
    const hint = chromiumSwiftShader() ? '; Chromium\'s SwiftShader is installed, so SEJITS_WEBGPU_SWIFTSHADER=1 runs WGSL on the CPU' : '';
    return `Dawn found no GPU adapter: it needs Vulkan, and libvulkan.so.1 is not on this machine (install libvulkan1 and a driver: your GPU vendor's, or mesa-vulkan-drivers)${hint}`;
  }
  return 'Dawn found no GPU adapter: no Vulkan (or Metal/D3D12) driver offers a device that supports WebGPU here; check `vulkaninfo`, or install the GPU vendor\'s driver';
}

export const backend = createWebGpuBackend();
