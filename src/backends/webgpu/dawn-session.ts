/**
 * WebGPU in Node through the `webgpu` package (Dawn), as a synchronous session: Dawn runs in a
 * worker thread (dawn-worker-source.ts) and this side waits on a shared flag for the requests that
 * need an answer. Implements DeviceMemory, so residency (lazy transfers, the pool, the
 * out-of-memory report) is the same code as the cuda and opencl backends'. Buffer handles are
 * numbers naming the worker's GPUBuffers.
 *
 * Only Node reaches this file: node:worker_threads and node:module are imported lazily by the
 * backend, never by the browser entry.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { TypedArray } from '../../dtype.js';
import type { DeviceMemory } from '../../runtime/residency.js';
import { DAWN_WORKER_SOURCE } from './dawn-worker-source.js';
import { webgpuSettings } from '../../runtime/settings.js';

export interface WebGpuAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A software (fallback) adapter such as SwiftShader. */
  readonly fallback: boolean;
}

export interface WebGpuLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupSizeX: number;
  readonly maxStorageBuffersPerShaderStage: number;
  readonly maxComputeWorkgroupStorageSize: number;
}

export interface CompileMessage {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Where Dawn finds Vulkan: the system's loader and drivers, or Chromium's SwiftShader (a CPU). */
export interface VulkanChoice {
  readonly library?: string;
  readonly icd?: string;
}

/** Chromium ships a Vulkan loader and SwiftShader; Dawn runs real WGSL on them on a CPU. */
export function chromiumSwiftShader(): VulkanChoice | undefined {
  for (const dir of ['/usr/lib/chromium', '/usr/lib/chromium-browser', '/opt/google/chrome']) {
    const library = `${dir}/libvulkan.so.1`;
    const icd = `${dir}/vk_swiftshader_icd.json`;
    if (existsSync(library) && existsSync(icd)) return { library, icd };
  }
  return undefined;
}

/** Whether the system has a Vulkan loader where the dynamic linker looks (Linux). */
export function systemVulkanLoader(): string | undefined {
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib', '/lib/x86_64-linux-gnu'];
  for (const dir of dirs) if (existsSync(`${dir}/libvulkan.so.1`)) return `${dir}/libvulkan.so.1`;
  return undefined;
}

type Reply = Record<string, unknown> & { error?: string };

const sessions = new Map<string, DawnSession | Error>();

export class DawnSession implements DeviceMemory<number> {
  readonly label: string;
  readonly totalBytes: number | undefined = undefined;
  readonly maxAllocationBytes: number;
  private nextId = 1;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly flag: Int32Array,
    readonly adapter: WebGpuAdapterInfo,
    readonly limits: WebGpuLimits,
  ) {
    this.label = `webgpu: ${adapter.description || adapter.device || adapter.vendor}`;
    this.maxAllocationBytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  }

  /**
   * One session per process and Vulkan choice, shared by every webgpu backend made with it, so
   * their grids live on one device and one heap (as cuda's backends share a context).
   */
  static shared(vulkan: VulkanChoice, dawnOptions: readonly string[]): DawnSession {
    const key = JSON.stringify([vulkan, dawnOptions]);
    const found = sessions.get(key);
    if (found instanceof Error) throw found;
    if (found) return found;
    try {
      const s = DawnSession.start(vulkan, dawnOptions);
      sessions.set(key, s);
      return s;
    } catch (e) {
      sessions.set(key, e as Error);
      throw e;
    }
  }

  /** Starts Dawn in a worker and requests an adapter and device; throws a reason string's Error. */
  static start(vulkan: VulkanChoice, dawnOptions: readonly string[]): DawnSession {
    const require = createRequire(import.meta.url);
    let webgpuPath: string;
    try {
      webgpuPath = require.resolve('webgpu');
    } catch {
      throw new Error('the webgpu package (Dawn) is not installed: npm install webgpu');
    }
    let koffiPath = '';
    try {
      koffiPath = require.resolve('koffi');
    } catch {
      if (vulkan.library) throw new Error('loading a Vulkan library by path needs koffi: npm install koffi');
    }
    // The Vulkan loader reads the real environment; a worker's process.env is only a copy.
    if (vulkan.icd) process.env.VK_ICD_FILENAMES = vulkan.icd;
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(DAWN_WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, flag, webgpuUrl: pathToFileURL(webgpuPath).href, vulkanLibrary: vulkan.library, koffiPath },
      transferList: [port2],
    });
    // The worker must not keep the process alive once the program is done with the GPU.
    worker.unref();
    const { timestamps, batchLimit } = webgpuSettings();
    const answer = ask(worker, port1, flag, { op: 'init', dawn: dawnOptions, timestamps, batchLimit });
    if (answer.error) {
      void worker.terminate();
      throw new Error(answer.error);
    }
    const session = new DawnSession(worker, port1, flag, answer.adapter as WebGpuAdapterInfo, answer.limits as WebGpuLimits);
    // At exit Node terminates the worker wherever it is. Terminated inside a Dawn call (a release
    // posted by the program's last cleanup, a map callback), a failing N-API call makes the addon
    // throw where it cannot, and the whole process aborts (seen once in CI, after every test had
    // passed). So the exit waits, briefly, for the worker to drain its queue and go idle.
    process.once('exit', () => session.quiesce());
    return session;
  }

  /** Waits (at most 20 s) until the worker has run every request and the GPU is idle; never throws. */
  private quiesce(): void {
    try {
      ask(this.worker, this.port, this.flag, { op: 'quiesce' }, 20_000);
    } catch {
      // A worker that cannot answer is ended by the exit anyway.
    }
  }

  allocate(bytes: number): number | undefined {
    const id = this.nextId++;
    // Whole 16-byte units: uint8 grids are read and written as u32 words.
    const r = this.ask({ op: 'allocate', id, bytes: roundUp(bytes, 16) });
    if (!r.ok && r.reason === undefined) throw new WebGpuError(`allocating ${bytes} bytes failed: ${r.error ?? 'no reason given'}`);
    return r.ok ? id : undefined;
  }

  release(handle: number): void {
    this.worker.postMessage({ op: 'release', id: handle });
  }

  write(handle: number, host: TypedArray): void {
    // A copy the worker owns (writeBuffer wants a multiple of 4 bytes), so `host` may change now.
    const data = new Uint8Array(roundUp(host.byteLength, 4));
    data.set(new Uint8Array(host.buffer, host.byteOffset, host.byteLength));
    this.worker.postMessage({ op: 'write', id: handle, data: data.buffer }, [data.buffer]);
  }

  read(handle: number, host: TypedArray): void {
    const r = this.ask({ op: 'read', id: handle, bytes: roundUp(host.byteLength, 4) });
    if (r.error) throw new WebGpuError(r.error);
    new Uint8Array(host.buffer, host.byteOffset, host.byteLength).set(new Uint8Array(r.data as ArrayBuffer, 0, host.byteLength));
  }

  fillZero(handle: number, bytes: number): void {
    this.worker.postMessage({ op: 'zero', id: handle, bytes: roundUp(bytes, 16) });
  }

  /** Queues a device-to-device copy (the bench's bandwidth reference). */
  copy(src: number, dst: number, bytes: number): void {
    this.worker.postMessage({ op: 'copy', src, dst, bytes: roundUp(bytes, 4) });
  }

  /** Compiles a shader and its pipeline under `key`; the WGSL compiler's errors, if any. */
  compile(key: string, label: string, source: string, inputs: number, outputs: number, entry: string, aliases = 0): { messages: CompileMessage[]; error?: string } {
    const r = this.ask({ op: 'compile', key, label, source, inputs, outputs, entry, aliases });
    return { messages: (r.messages as CompileMessage[] | undefined) ?? [], error: r.error };
  }

  /** Queues one dispatch (no wait); validation errors surface at the next read or synchronize. */
  dispatch(key: string, label: string, buffers: readonly number[], uniform: ArrayBuffer, groups: readonly [number, number]): void {
    this.worker.postMessage({ op: 'dispatch', key, label, buffers, uniform, groups });
  }

  /**
   * GPU time, in ns, of the launches since the last call, from timestamp queries around each batch's
   * compute pass; undefined unless the session was started with SEJITS_WEBGPU_TIMESTAMPS=1 and the
   * adapter has 'timestamp-query'. A profiling aid (the bench's), not for every program.
   */
  gpuTimeNs(): number | undefined {
    const ns = this.gpuProfile().busyNs;
    return Number.isNaN(ns) ? undefined : ns;
  }

  /**
   * As gpuTimeNs, with the span from the first timed pass's start to the last one's end (busy time
   * plus the GPU's idle gaps between submits) and the passes and dispatches timed.
   */
  gpuProfile(): { busyNs: number; spanNs: number; passes: number; dispatches: number; submits: number; launches: number } {
    const r = this.ask({ op: 'gpu-time' });
    const submitted = { submits: Number(r.submits ?? 0), launches: Number(r.launches ?? 0) };
    if (typeof r.ns !== 'number' || r.ns < 0) return { busyNs: NaN, spanNs: NaN, passes: 0, dispatches: 0, ...submitted };
    return { busyNs: r.ns, spanNs: Number(r.spanNs ?? 0), passes: Number(r.passes ?? 0), dispatches: Number(r.dispatches ?? 0), ...submitted };
  }

  synchronize(): void {
    const r = this.ask({ op: 'sync' });
    if (r.error) throw new WebGpuError(r.error);
  }

  private ask(message: Record<string, unknown>): Reply {
    return ask(this.worker, this.port, this.flag, message);
  }
}

/** Posts a request that needs an answer and sleeps until the worker has replied. */
function ask(worker: Worker, port: MessagePort, flag: Int32Array, message: Record<string, unknown>, timeoutMs = 600_000): Reply {
  Atomics.store(flag, 0, 0);
  worker.postMessage({ ...message, answer: true });
  // A worker that died cannot answer: give up rather than hang forever.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    Atomics.wait(flag, 0, 0, 1000);
    const got = receiveMessageOnPort(port);
    if (got) return got.message as Reply;
    if (Date.now() > deadline) throw new WebGpuError(`the Dawn worker did not answer '${String(message.op)}' within ${Math.round(timeoutMs / 1000)} s`);
  }
}

/** A WebGPU error reported by Dawn (validation, device loss, out of memory) with its message. */
export class WebGpuError extends Error {
  override readonly name = 'WebGpuError';
}

function roundUp(n: number, m: number): number {
  return Math.max(m, Math.ceil(n / m) * m);
}
