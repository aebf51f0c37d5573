/**
 * The backend contract. A backend renders a LoopProgram to source, compiles it, runs it over region
 * boxes and moves grid data between host and device. Backends are additions: the passes, the
 * semantics and the specializers never change when one is added.
 */
import type { Grid } from '../grid.js';
import type { LoopProgram } from '../ir/kernel.js';

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

export interface Launch {
  readonly inputs: readonly Grid[];
  readonly outputs: readonly Grid[];
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

export interface Backend<C extends Compiled = Compiled> {
  readonly name: string;
  /** Cheap, cached check that the backend can run here. */
  probe(): ProbeResult;
  render(program: LoopProgram): string;
  compile(program: LoopProgram, source: string): C;
  run(compiled: C, launch: Launch): void;
  /** Makes the device copy of a grid current (no-op for host backends). */
  upload(grid: Grid): void;
  /** Makes the host copy current (no-op for host backends). */
  download(grid: Grid): void;
}
