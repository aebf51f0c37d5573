/**
 * The webgpu backend in a browser, on `navigator.gpu`: the same WGSL, launch geometry, strategy
 * chooser and residency as in Node (index.ts), without Dawn's worker. A page's main thread cannot
 * wait for the GPU, so two things are asynchronous here:
 *
 * - `await initWebGpu()` requests the adapter and device and registers the backend (its probe says
 *   why not when there is no adapter); until then a request for 'webgpu' fails with that advice.
 * - `await readAsync(grid)` makes a result's host copy current; after it, `grid.data` is an ordinary
 *   typed array. Reading `grid.data` of a device-resident grid without it throws an error that says so.
 *
 * Launches, uploads and fills are queued as in Node; WGSL compile errors come back through the
 * shader's compilation info and are reported with the generated and the kernel's line.
 */
import { BackendCompileError, BackendUnavailableError, KernelArgumentError } from '../../errors.js';
import type { Grid } from '../../grid.js';
import type { LoopProgram } from '../../ir/kernel.js';
import { DeviceHeap, type DeviceBuffer, type DeviceMemory } from '../../runtime/residency.js';
import type { TypedArray } from '../../dtype.js';
import { registerBackend } from '../registry.js';
import type { Compiled, DeviceBackend, Launch, ProbeResult } from '../types.js';
import { planLaunch, type PlannedLaunch } from '../gpu/launch-geometry.js';
import { PreparedLaunches } from '../gpu/prepared-launches.js';
import { heuristicStrategy, strategyKey, type DeviceLimits, type KernelStrategy } from '../gpu/strategy.js';
import type { StrategyChooser } from '../gpu/tuner.js';
import { rejectFloat64 } from './reject-float64.js';
import { renderWgslKernel, usesWordScheme, WGSL_ENTRY, WORD_GROUP, type RenderedWgsl } from './render-wgsl.js';
import { wgslStagedFits } from './render-staged-wgsl.js';
import { dispatchGroups, formatCompileError, sameParams, uniformBlock } from './wgsl-launch.js';

// The few WebGPU interfaces used here (the page's own types may be absent from this build).
/* eslint-disable @typescript-eslint/no-explicit-any */
type Gpu = any;

const STORAGE = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST
const UNIFORM = 0x40 | 0x8;
const MAP_READ = 0x1;
const READ_MODE = 0x1;
const COMPUTE = 0x4;

/** Thrown by a synchronous read of a result not fetched yet; readAsync catches it. */
class NotFetched extends Error {
  constructor(readonly handle: number) {
    super('this grid\'s current contents are on the GPU: in a browser, `await readAsync(grid)` before reading it (WebGPU cannot wait on the main thread)');
  }
}

class BrowserMemory implements DeviceMemory<number> {
  readonly totalBytes = undefined;
  readonly maxAllocationBytes: number;
  readonly buffers = new Map<number, Gpu>();
  /** Contents fetched by readAsync, served once by the next synchronous read. */
  readonly fetched = new Map<number, ArrayBuffer>();
  private next = 1;

  constructor(
    readonly device: Gpu,
    readonly label: string,
  ) {
    this.maxAllocationBytes = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  }

  allocate(bytes: number): number | undefined {
    const id = this.next++;
    this.buffers.set(id, this.device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: STORAGE }));
    return id;
  }

  release(handle: number): void {
    this.buffers.get(handle)?.destroy();
    this.buffers.delete(handle);
  }

  write(handle: number, host: TypedArray): void {
    const data = new Uint8Array(Math.max(4, Math.ceil(host.byteLength / 4) * 4));
    data.set(new Uint8Array(host.buffer, host.byteOffset, host.byteLength));
    this.device.queue.writeBuffer(this.buffers.get(handle), 0, data);
  }

  read(handle: number, host: TypedArray): void {
    const data = this.fetched.get(handle);
    if (!data) throw new NotFetched(handle);
    this.fetched.delete(handle);
    new Uint8Array(host.buffer, host.byteOffset, host.byteLength).set(new Uint8Array(data, 0, host.byteLength));
  }

  fillZero(handle: number, bytes: number): void {
    const enc = this.device.createCommandEncoder();
    enc.clearBuffer(this.buffers.get(handle), 0, Math.ceil(bytes / 16) * 16);
    this.device.queue.submit([enc.finish()]);
  }

  async fetch(handle: number, bytes: number): Promise<void> {
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    const staging = this.device.createBuffer({ size, usage: MAP_READ | 0x8 });
    const enc = this.device.createCommandEncoder();
    enc.copyBufferToBuffer(this.buffers.get(handle), 0, staging, 0, size);
    this.device.queue.submit([enc.finish()]);
    await staging.mapAsync(READ_MODE);
    this.fetched.set(handle, staging.getMappedRange().slice(0));
    staging.unmap();
    staging.destroy();
  }
}

interface Pipeline {
  readonly pipeline: Gpu;
  readonly layout: Gpu;
  readonly rendered: RenderedWgsl;
}

interface CompiledBrowser extends Compiled {
  readonly program: LoopProgram;
  kernel(strategy: KernelStrategy): Pipeline;
}

type Prepared = PlannedLaunch<Pipeline> & { readonly groups: readonly [number, number]; readonly uniform: ArrayBuffer };

let memory: BrowserMemory | undefined;
let failure = 'call `await initWebGpu()` first: a browser hands out its GPU only asynchronously';
/** Errors of queued work (validation, compilation), reported by the next readAsync. */
const errors: string[] = [];

/** Requests a GPU adapter and device and registers the 'webgpu' backend; resolves to its probe. */
export async function initWebGpu(): Promise<ProbeResult> {
  const gpu = (globalThis as { navigator?: { gpu?: Gpu } }).navigator?.gpu;
  if (!gpu) {
    failure = 'this browser has no WebGPU (navigator.gpu is missing): use a recent Chrome, Edge or Safari, or a page served over https or localhost';
  } else {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
    if (!adapter) failure = 'the browser offers no WebGPU adapter (WebGPU is disabled, or no GPU supports it)';
    else {
      const L = adapter.limits;
      const device = await adapter.requestDevice({ requiredLimits: { maxStorageBufferBindingSize: L.maxStorageBufferBindingSize, maxBufferSize: L.maxBufferSize, maxComputeWorkgroupsPerDimension: L.maxComputeWorkgroupsPerDimension, maxComputeInvocationsPerWorkgroup: L.maxComputeInvocationsPerWorkgroup, maxComputeWorkgroupSizeX: L.maxComputeWorkgroupSizeX } });
      device.addEventListener?.('uncapturederror', (ev: Gpu) => errors.push(String(ev.error?.message ?? ev)));
      const info = adapter.info ?? {};
      memory = new BrowserMemory(device, `webgpu: ${info.description || info.vendor || 'browser adapter'}`);
    }
  }
  registerBackend({ name: 'webgpu', preference: 4, load: () => browserBackend });
  return browserBackend.probe();
}

/** Makes a grid's host copy current (downloading it from the GPU if needed); then `grid.data` reads it. */
export async function readAsync(grid: Grid): Promise<void> {
  for (;;) {
    try {
      grid.storage.hostForRead();
      break;
    } catch (e) {
      if (!(e instanceof NotFetched) || !memory) throw e;
      await memory.fetch(e.handle, grid.storage.bytes);
    }
  }
  if (errors.length) throw new Error(`webgpu: ${errors.splice(0).join('\n')}`);
}

/** WebGPU's guaranteed minimum limits, before a device is granted. */
const BROWSER_DEFAULT_LIMITS: DeviceLimits = { maxGroupSize: 256, sharedMemBytes: 16384, fieldBytes: 4 };
const limits = (): DeviceLimits => {
  const L = memory!.device.limits;
  return { maxGroupSize: Math.min(L.maxComputeInvocationsPerWorkgroup, L.maxComputeWorkgroupSizeX), sharedMemBytes: L.maxComputeWorkgroupStorageSize, fieldBytes: 4 };
};
/**
 * The first-call heuristic, without the tuner: its records live in the Node-only disk cache, and
 * a page has no `tune()` yet.
 */
function heuristicChooser(l: DeviceLimits): StrategyChooser {
  const chooser = { choose: (program: LoopProgram, shape: readonly number[]) => ({ strategy: heuristicStrategy(program, shape, l), origin: 'heuristic' as const }) };
  return chooser as unknown as StrategyChooser;
}
let chooser: StrategyChooser | undefined;
let heap: DeviceHeap<number> | undefined;
const prepared = new PreparedLaunches<CompiledBrowser, Prepared>();

function started(): { memory: BrowserMemory; chooser: StrategyChooser; heap: DeviceHeap<number> } {
  if (!memory) throw new BackendUnavailableError('webgpu', failure);
  chooser ??= heuristicChooser(limits());
  heap ??= DeviceHeap.shared(memory);
  return { memory, chooser, heap };
}

function build(device: Gpu, program: LoopProgram, rendered: RenderedWgsl): Pipeline {
  const module = device.createShaderModule({ code: rendered.source, label: program.name });
  // Compilation messages arrive later; they are reported with the generated and the kernel's line.
  void module.getCompilationInfo?.().then((info: Gpu) => {
    const messages = info.messages.filter((m: Gpu) => m.type === 'error').map((m: Gpu) => ({ line: m.lineNum, column: m.linePos, message: m.message }));
    if (messages.length) errors.push(new BackendCompileError('webgpu', formatCompileError(program, rendered, messages, undefined), undefined).message);
  });
  const entries = [{ binding: 0, visibility: COMPUTE, buffer: { type: 'uniform' } }];
  for (let i = 0; i < program.inputs.length; i++) entries.push({ binding: entries.length, visibility: COMPUTE, buffer: { type: 'read-only-storage' } });
  for (let k = 0; k < program.outputs.length; k++) entries.push({ binding: entries.length, visibility: COMPUTE, buffer: { type: 'storage' } });
  for (let k = 0; k < rendered.vectorInputs.length; k++) entries.push({ binding: entries.length, visibility: COMPUTE, buffer: { type: 'read-only-storage' } });
  const layout = device.createBindGroupLayout({ entries });
  const pipeline = device.createComputePipeline({ layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint: WGSL_ENTRY } });
  return { pipeline, layout, rendered };
}

const browserBackend: DeviceBackend<CompiledBrowser> = {
  name: 'webgpu',
  kind: 'device',
  get heap() {
    return started().heap;
  },
  probe(): ProbeResult {
    return memory ? { available: true, detail: memory.label } : { available: false, reason: failure };
  },
  supportsStaged: true,
  stagedFits: (program) => wgslStagedFits(program, memory ? limits() : BROWSER_DEFAULT_LIMITS),
  render(program) {
    rejectFloat64(program, 'webgpu');
    const l = memory ? limits() : BROWSER_DEFAULT_LIMITS;
    return renderWgslKernel(program, heuristicStrategy(program, new Array<number>(program.ndim).fill(1024), l)).source;
  },
  compile(program, source) {
    rejectFloat64(program, 'webgpu');
    const { memory: m } = started();
    const pipelines = new Map<string, Pipeline>();
    return {
      backend: 'webgpu',
      source,
      program,
      kernel(strategy) {
        const key = strategyKey(strategy);
        let p = pipelines.get(key);
        if (!p) pipelines.set(key, (p = build(m.device, program, renderWgslKernel(program, strategy, m.device.limits.maxComputeWorkgroupStorageSize))));
        return p;
      },
    };
  },
  run(compiled, launch: Launch<DeviceBuffer>) {
    if (launch.boxes.length === 0) return;
    const { memory: m, chooser: c } = started();
    const program = compiled.program;
    const p = prepared.get(compiled, launch.boxes, () => {
      const points = launch.shape.reduce((x, y) => x * y, 1);
      if (points >= 2 ** 31) throw new KernelArgumentError(`${program.name}: WGSL grids hold fewer than 2^31 points`);
      const plan = planLaunch(c, program, launch, false, (s) => compiled.kernel(s));
      const blocks = usesWordScheme(program) ? Math.ceil(Math.ceil(points / 4) / WORD_GROUP) : plan.geometry.blocks;
      return { ...plan, groups: dispatchGroups(blocks, m.device.limits.maxComputeWorkgroupsPerDimension, program.name), uniform: uniformBlock(program, plan.geometry.ints, launch.params) };
    });
    const data = sameParams(p, program, launch.params) ? p.uniform : uniformBlock(program, p.geometry.ints, launch.params);
    const device = m.device;
    const uniform = device.createBuffer({ size: data.byteLength, usage: UNIFORM });
    device.queue.writeBuffer(uniform, 0, data);
    const entries = [{ binding: 0, resource: { buffer: uniform } }];
    for (const b of [...launch.inputs, ...launch.outputs, ...p.kernel.rendered.vectorInputs.map((i) => launch.inputs[i])]) entries.push({ binding: entries.length, resource: { buffer: m.buffers.get(b.handle as number) } });
    const group = device.createBindGroup({ layout: p.kernel.layout, entries });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(p.kernel.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(p.groups[0], p.groups[1], 1);
    pass.end();
    device.queue.submit([enc.finish()]);
    // Freed once the submitted work is done.
    uniform.destroy();
  },
  synchronize() {
    // A page cannot wait here: `await readAsync(grid)` waits for the work a result depends on.
  },
};
