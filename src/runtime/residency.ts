/**
 * Where a grid's contents live (DESIGN.md, "Grids and where data lives"), for every device backend
 * alike: OpenCL, CUDA and WebGPU only implement DeviceMemory (allocate, copy, free); the flags, the
 * lazy transfers, the buffer pool, the FinalizationRegistry and the out-of-memory report are here.
 *
 * A grid's contents are current in one or more of: the host array, one device buffer, or nowhere
 * yet because they are known to be zeros (a fresh output that no one has read). Reading on the host
 * downloads only when the device copy is the current one; running on a device uploads only when the
 * host copy is. A write on either side makes the other copy stale.
 */
import { allocTyped, bytesPerElement, typedOn, type Dtype, type TypedArray } from '../dtype.js';
import { DeviceMemoryError, KernelArgumentError } from '../errors.js';

/** The few operations a device backend provides; handles are the backend's own buffer objects. */
export interface DeviceMemory<Handle = unknown> {
  /** The backend and device, for messages: "opencl: NVIDIA H100 80GB HBM3". */
  readonly label: string;
  /** The device's memory and its largest single allocation, when the API reports them. */
  readonly totalBytes: number | undefined;
  readonly maxAllocationBytes: number | undefined;
  /** A new buffer, or undefined when the device is out of memory (any other failure throws). */
  allocate(bytes: number): Handle | undefined;
  release(handle: Handle): void;
  /** Copies host → device; returns once `host` may be reused. */
  write(handle: Handle, host: TypedArray): void;
  /** Copies device → host after all queued work; returns once `host` holds the data. */
  read(handle: Handle, host: TypedArray): void;
  fillZero(handle: Handle, bytes: number): void;
}

export interface DeviceBuffer<Handle = unknown> {
  readonly handle: Handle;
  readonly bytes: number;
}

/** Transfer and allocation counts of one heap, for tests, `explain()` and the bench. */
export interface TransferStats {
  uploads: number;
  uploadBytes: number;
  downloads: number;
  downloadBytes: number;
  zeroFills: number;
  allocations: number;
  /** Allocations served from the pool of freed buffers. */
  reused: number;
}

const sharedHeaps = new WeakMap<object, DeviceHeap<unknown>>();

/** Freed buffers kept for reuse are capped at this share of the device (or of the limit). */
const POOL_SHARE = 0.25;

/**
 * The buffers sejits holds on one device: live ones (owned by grids) and a pool of freed ones kept
 * for reuse by size, since a stencil loop frees and allocates the same sizes every call.
 */
export class DeviceHeap<Handle = unknown> {
  liveBytes = 0;
  liveBuffers = 0;
  pooledBytes = 0;
  readonly stats: TransferStats = { uploads: 0, uploadBytes: 0, downloads: 0, downloadBytes: 0, zeroFills: 0, allocations: 0, reused: 0 };
  private readonly pool = new Map<number, Handle[]>();

  constructor(
    readonly memory: DeviceMemory<Handle>,
    /** A cap on what sejits may hold on this device (default: the device's own size). */
    readonly limitBytes?: number,
  ) {}

  /**
   * The heap backends on one device share (their buffers are the same memory, so grids never move
   * between them), or a heap of its own for a backend that sets a memory limit.
   */
  static shared<H>(memory: DeviceMemory<H>, limitBytes?: number): DeviceHeap<H> {
    if (limitBytes !== undefined) return new DeviceHeap(memory, limitBytes);
    let heap = sharedHeaps.get(memory) as DeviceHeap<H> | undefined;
    if (!heap) sharedHeaps.set(memory, (heap = new DeviceHeap(memory)) as DeviceHeap<unknown>);
    return heap;
  }

  get heldBytes(): number {
    return this.liveBytes + this.pooledBytes;
  }

  /** A buffer of `bytes`, from the pool or newly allocated; `what` names the grid for errors. */
  acquire(bytes: number, what: string): DeviceBuffer<Handle> {
    const size = Math.max(bytes, 1);
    const pooled = this.pool.get(size)?.pop();
    if (pooled !== undefined) {
      this.pooledBytes -= size;
      this.stats.reused++;
      return this.adopt(pooled, size);
    }
    const max = this.memory.maxAllocationBytes;
    if (max !== undefined && size > max) {
      throw this.error(size, `${what} needs ${formatBytes(size)} in one buffer, but this device allows at most ${formatBytes(max)} per allocation`);
    }
    if (this.limitBytes !== undefined && this.liveBytes + size > this.limitBytes) {
      this.trim();
      if (this.liveBytes + size > this.limitBytes) throw this.error(size, `${what} needs ${formatBytes(size)}, but sejits already holds ${formatBytes(this.liveBytes)} in ${this.liveBuffers} grid(s) of its ${formatBytes(this.limitBytes)} limit`);
    }
    let handle = this.memory.allocate(size);
    if (handle === undefined && this.pooledBytes > 0) {
      this.trim();
      handle = this.memory.allocate(size);
    }
    if (handle === undefined) {
      const total = this.memory.totalBytes;
      throw this.error(size, `allocating ${formatBytes(size)} for ${what} failed; sejits holds ${formatBytes(this.liveBytes)} in ${this.liveBuffers} grid(s)${total ? ` of the device's ${formatBytes(total)}` : ''}`);
    }
    this.stats.allocations++;
    return this.adopt(handle, size);
  }

  /** Returns a buffer to the pool, or frees it when the pool is full. */
  recycle(buffer: DeviceBuffer<Handle>): void {
    this.liveBytes -= buffer.bytes;
    this.liveBuffers--;
    const cap = POOL_SHARE * (this.limitBytes ?? this.memory.totalBytes ?? 0);
    if (this.pooledBytes + buffer.bytes <= cap) {
      const list = this.pool.get(buffer.bytes) ?? [];
      list.push(buffer.handle);
      this.pool.set(buffer.bytes, list);
      this.pooledBytes += buffer.bytes;
    } else {
      this.memory.release(buffer.handle);
    }
  }

  /** Frees every pooled buffer. */
  trim(): void {
    for (const list of this.pool.values()) for (const h of list) this.memory.release(h);
    this.pool.clear();
    this.pooledBytes = 0;
  }

  upload(buffer: DeviceBuffer<Handle>, host: TypedArray): void {
    this.memory.write(buffer.handle, host);
    this.stats.uploads++;
    this.stats.uploadBytes += host.byteLength;
  }

  download(buffer: DeviceBuffer<Handle>, host: TypedArray): void {
    this.memory.read(buffer.handle, host);
    this.stats.downloads++;
    this.stats.downloadBytes += host.byteLength;
  }

  zero(buffer: DeviceBuffer<Handle>): void {
    this.memory.fillZero(buffer.handle, buffer.bytes);
    this.stats.zeroFills++;
  }

  private adopt(handle: Handle, bytes: number): DeviceBuffer<Handle> {
    this.liveBytes += bytes;
    this.liveBuffers++;
    return { handle, bytes };
  }

  private error(size: number, detail: string): DeviceMemoryError {
    const limit = this.limitBytes ?? this.memory.totalBytes;
    return new DeviceMemoryError(this.memory.label, size, this.heldBytes, limit, `${detail}. Free grids you no longer need with grid.dispose(), or move them to the host with grid.toHost().`);
  }
}

interface DeviceCopy {
  readonly heap: DeviceHeap;
  readonly buffer: DeviceBuffer;
  valid: boolean;
}

/** Frees the device buffer of a grid that was garbage-collected without dispose(). */
const finalizer = new FinalizationRegistry<{ heap: DeviceHeap; buffer: DeviceBuffer }>(({ heap, buffer }) => heap.recycle(buffer));

/**
 * Host arrays of disposed grids, by byte length, handed to the next grid of that size: fresh pages
 * fault in one by one on first touch (milliseconds for a 4096² grid), a reused array does not.
 * Only arrays sejits allocated itself are pooled, never ones a caller passed in.
 */
const hostPool = new Map<number, ArrayBuffer[]>();
let pooledBytes = 0;
const HOST_POOL_MAX_BYTES = 1 << 30;
const HOST_POOL_PER_SIZE = 8;

function takeHost(dtype: Dtype, length: number): TypedArray | undefined {
  const list = hostPool.get(length * bytesPerElement(dtype));
  const buffer = list?.pop();
  if (!buffer) return undefined;
  pooledBytes -= buffer.byteLength;
  return typedOn(dtype, buffer);
}

function giveHost(array: TypedArray): void {
  const buffer = array.buffer as ArrayBuffer;
  if (buffer.byteLength < 1 << 16 || pooledBytes + buffer.byteLength > HOST_POOL_MAX_BYTES) return;
  let list = hostPool.get(buffer.byteLength);
  if (!list) hostPool.set(buffer.byteLength, (list = []));
  if (list.length >= HOST_POOL_PER_SIZE) return;
  list.push(buffer);
  pooledBytes += buffer.byteLength;
}

/** Where a grid's contents are current. */
export type GridLocation = 'host' | 'device' | 'host+device' | 'zeros' | 'disposed';

/** The storage behind one Grid: its host array (allocated lazily) and at most one device copy. */
export class GridStorage {
  private host: TypedArray | undefined;
  private hostValid: boolean;
  /** The contents are all zeros and no copy has been materialized yet. */
  private zeros: boolean;
  private device: DeviceCopy | undefined;
  private disposed = false;
  /** Whether the host array was allocated here (and may go back to the pool on dispose). */
  private ownsHost = false;

  constructor(
    readonly dtype: Dtype,
    readonly length: number,
    host?: TypedArray,
  ) {
    this.host = host;
    this.hostValid = host !== undefined;
    this.zeros = host === undefined;
  }

  get bytes(): number {
    return this.length * bytesPerElement(this.dtype);
  }

  get location(): GridLocation {
    if (this.disposed) return 'disposed';
    const dev = this.device?.valid ?? false;
    if (this.hostValid) return dev ? 'host+device' : 'host';
    return dev ? 'device' : 'zeros';
  }

  /** The host array if one was allocated, current or not (for aliasing checks). */
  get hostArrayIfAllocated(): TypedArray | undefined {
    return this.host;
  }

  /** The current contents on the host; the device copy stays valid, so the caller must not write. */
  hostForRead(): TypedArray {
    this.checkAlive();
    if (this.hostValid) return this.host!;
    const host = (this.host ??= this.newHost());
    if (this.device?.valid) this.device.heap.download(this.device.buffer, host);
    else if (this.zeros) host.fill(0);
    this.hostValid = true;
    return host;
  }

  private newHost(): TypedArray {
    this.ownsHost = true;
    return takeHost(this.dtype, this.length) ?? allocTyped(this.dtype, this.length);
  }

  /**
   * The host array for a kernel that overwrites every point: a grid still all zeros skips filling
   * its (possibly reused) array with zeros first. The device copy becomes stale.
   */
  hostForOverwrite(): TypedArray {
    this.checkAlive();
    if (this.hostValid || this.device?.valid || !this.zeros) return this.hostForWrite();
    const host = (this.host ??= this.newHost());
    this.hostValid = true;
    this.zeros = false;
    return host;
  }

  /** The current contents on the host, for writing: the device copy becomes stale. */
  hostForWrite(): TypedArray {
    const host = this.hostForRead();
    if (this.device) this.device.valid = false;
    this.zeros = false;
    return host;
  }

  /**
   * A device buffer on `heap` holding the current contents (uploaded or zero-filled if needed);
   * `what` names the grid in an out-of-memory error.
   */
  deviceForRead(heap: DeviceHeap, what: () => string): DeviceBuffer {
    const copy = this.deviceCopy(heap, what);
    if (!copy.valid) {
      if (this.hostValid) heap.upload(copy.buffer, this.host!);
      else if (this.zeros) heap.zero(copy.buffer);
      copy.valid = true;
    }
    return copy.buffer;
  }

  /** A device buffer on `heap` that a kernel will overwrite entirely: nothing is transferred. */
  deviceForOverwrite(heap: DeviceHeap, what: () => string): DeviceBuffer {
    return this.deviceCopy(heap, what).buffer;
  }

  /** Records that a kernel wrote the device copy: the host copy is stale now. */
  deviceWritten(): void {
    this.device!.valid = true;
    this.hostValid = false;
    this.zeros = false;
  }

  /** Makes the host copy current and frees the device buffer. */
  toHost(): void {
    this.hostForRead();
    this.freeDevice();
  }

  /** Keeps the current contents on the host only (paper 000's copy-always baseline re-uploads). */
  dropDeviceCopy(): void {
    if (this.device?.valid) this.hostForRead();
    if (this.device) this.device.valid = false;
  }

  /** Frees the device buffer and the host array; any later use is an error. */
  dispose(): void {
    if (this.disposed) return;
    this.freeDevice();
    if (this.ownsHost && this.host) giveHost(this.host);
    this.host = undefined;
    this.hostValid = false;
    this.disposed = true;
  }

  private deviceCopy(heap: DeviceHeap, what: () => string): DeviceCopy {
    this.checkAlive();
    if (this.device && this.device.heap !== heap) this.toHost();
    if (!this.device) {
      const buffer = heap.acquire(this.bytes, what());
      this.device = { heap, buffer, valid: false };
      finalizer.register(this, { heap, buffer }, this.device);
    }
    return this.device;
  }

  private freeDevice(): void {
    const copy = this.device;
    if (!copy) return;
    this.device = undefined;
    finalizer.unregister(copy);
    copy.heap.recycle(copy.buffer);
  }

  private checkAlive(): void {
    if (this.disposed) throw new KernelArgumentError('this grid was disposed: its memory is freed, so it cannot be read or passed to a kernel');
  }
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]} (${n.toLocaleString('en-US')} bytes)`;
}
