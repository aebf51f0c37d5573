/**
 * The backend contract. A backend renders a LoopProgram to source, compiles it, runs it over region
 * boxes and moves grid data between host and device. Backends are additions: the passes, the
 * semantics and the specializers never change when one is added.
 */
import type { TypedArray } from '../dtype.js';
import type { LoopProgram } from '../ir/kernel.js';
import type { DeviceBuffer, DeviceHeap } from '../runtime/residency.js';
import type { TuneOptions, TuneReport } from './gpu/tuner.js';

export interface ProbeResult {
  readonly available: boolean;
  /** Why not, and what to install, when unavailable. */
  readonly reason?: string;
  /** The device or toolchain found, for `sejits doctor`. */
  readonly detail?: string;
}

/** One box of points run by the loop nest of program.regions[region]. */
export interface LaunchBox {
  readonly region: number;
  readonly lo: readonly number[];
  readonly hi: readonly number[];
}

/**
 * One call's operands: host arrays for host backends, device buffers for device backends (the
 * framework resolves grids to either, moving data only when needed).
 */
export interface Launch<Operand = TypedArray> {
  readonly inputs: readonly Operand[];
  readonly outputs: readonly Operand[];
  /** Runtime parameters in program.params order. */
  readonly params: readonly number[];
  readonly shape: readonly number[];
  readonly boxes: readonly LaunchBox[];
  /** Threads for CPU backends; undefined means the backend's default (all cores). */
  readonly threads?: number;
}

export interface Compiled {
  readonly backend: string;
  readonly source: string;
}

interface BackendBase<C extends Compiled> {
  readonly name: string;
  /** Cheap, cached check that the backend can run here. */
  probe(): ProbeResult;
  /** Whether render() takes staged programs (LoopProgram.staged: fused stencil chains run by tiles). */
  readonly supportsStaged?: boolean;
  /** Whether some strategy of this backend holds a staged program's fields on chip (absent: always). */
  stagedFits?(program: LoopProgram): boolean;
  render(program: LoopProgram): string;
  compile(program: LoopProgram, source: string): C;
}

/** Runs on host memory: the grids' typed arrays are passed as they are. */
export interface HostBackend<C extends Compiled = Compiled> extends BackendBase<C> {
  readonly kind: 'host';
  run(compiled: C, launch: Launch<TypedArray>): void;
}

/** Runs on a device's memory; residency (runtime/residency.ts) decides what to transfer. */
export interface DeviceBackend<C extends Compiled = Compiled> extends BackendBase<C> {
  readonly kind: 'device';
  /** The buffers sejits holds on the backend's device (selecting the device on first use). */
  readonly heap: DeviceHeap;
  /** Queues the launch; results are read back only when the host asks for them. */
  run(compiled: C, launch: Launch<DeviceBuffer>): void;
  /** Waits until every queued launch and copy has finished (for timing). */
  synchronize(): void;
  /**
   * Times the backend's strategies on this launch's operands and keeps the fastest for the
   * program, device and shape class (in the disk cache too). The outputs end up computed.
   */
  tune?(compiled: C, launch: Launch<DeviceBuffer>, options?: TuneOptions): TuneReport;
}

export type Backend<C extends Compiled = Compiled> = HostBackend<C> | DeviceBackend<C>;
