/**
 * The hook that lets meta() trace a plain function of specialized calls (paper 000, section 4):
 * while a tracer is active, every specializer call is recorded instead of run, and its results are
 * placeholder grids that carry a shape and dtype but no data. Specializers call through
 * `Specializer.dispatch`, so third-party specializers are traced without knowing about meta.
 */
import type { Dtype } from '../dtype.js';
import { KernelArgumentError } from '../errors.js';
import { Grid, isGrid } from '../grid.js';
import { GridStorage } from '../runtime/residency.js';

/** What one call reads, writes and returns: enough for meta to build the dataflow without running it. */
export interface CallSignature {
  /** Grids read, in the order the specializer's Fusable kernel numbers its inputs. */
  readonly inputs: readonly Grid[];
  /** Each result's shape and dtype, in output order. */
  readonly outputs: readonly { readonly shape: readonly number[]; readonly dtype: Dtype }[];
  /** Outputs passed in by the caller (`out`), written in place; undefined where the call allocates. */
  readonly written: readonly (Grid | undefined)[];
  /** Runtime scalar values, in the order the Fusable kernel declares its params. */
  readonly params: readonly number[];
  /** How results are returned: one grid, an array, or an object keyed by `names`. */
  readonly style: 'single' | 'array' | 'object';
  readonly names: readonly string[];
  /**
   * Whether a replay may pass `{ out: grids }` as a trailing options object (so meta can reuse dead
   * buffers), and whether every point of every output is overwritten (so a reused buffer's old
   * contents never show).
   */
  readonly acceptsOut: boolean;
  readonly overwrites: boolean;
}

/** Runs a recorded call again on real grids (placeholders replaced); returns the call's result. */
export type Replay = (args: readonly unknown[]) => unknown;

export interface Tracer {
  record(specializer: object, args: readonly unknown[], signature: CallSignature, replay: Replay): unknown;
}

let active: Tracer | undefined;

export function activeTracer(): Tracer | undefined {
  return active;
}

/** Runs `body` with `tracer` recording every specializer call (nested tracing is restored after). */
export function withTracer<T>(tracer: Tracer, body: () => T): T {
  const previous = active;
  active = tracer;
  try {
    return body();
  } finally {
    active = previous;
  }
}

/** Raised when traced code reads a placeholder's data: data-dependent control flow cannot be traced. */
export class TraceDataError extends KernelArgumentError {}

class PlaceholderStorage extends GridStorage {
  constructor(
    dtype: Dtype,
    length: number,
    readonly label: string,
  ) {
    super(dtype, length);
  }
  private fail(): never {
    throw new TraceDataError(
      `meta: ${this.label} was read as data while tracing. meta() traces the function once with placeholder grids, ` +
        'so its control flow must not depend on grid values (no grid.data, get() or host reads inside it); ' +
        'read results after the meta call returns, or run that part outside meta',
    );
  }
  override hostForRead(): never {
    return this.fail();
  }
  override hostForWrite(): never {
    return this.fail();
  }
  override hostForOverwrite(): never {
    return this.fail();
  }
  override deviceForRead(): never {
    return this.fail();
  }
  override deviceForOverwrite(): never {
    return this.fail();
  }
  override toHost(): never {
    return this.fail();
  }
}

/** A grid with a shape and dtype and no data, standing for a value while tracing. */
export function placeholderGrid(shape: readonly number[], dtype: Dtype, label: string): Grid {
  return new Grid(new PlaceholderStorage(dtype, shape.reduce((a, b) => a * b, 1), label), shape);
}

export function isPlaceholder(g: unknown): boolean {
  return isGrid(g) && g.storage instanceof PlaceholderStorage;
}

/** The result of a call in its declared style. */
export function shapeResult(outputs: readonly Grid[], style: CallSignature['style'], names: readonly string[]): Grid | Grid[] | Record<string, Grid> {
  if (style === 'single') return outputs[0];
  if (style === 'array') return [...outputs];
  return Object.fromEntries(names.map((n, i) => [n, outputs[i]]));
}

/** The grids of a result, in output order. */
export function flattenResult(result: unknown, style: CallSignature['style'], names: readonly string[]): Grid[] {
  if (style === 'single') return isGrid(result) ? [result] : [];
  if (style === 'array') return Array.isArray(result) ? result.filter(isGrid) : [];
  const r = result as Record<string, unknown>;
  return names.map((n) => r[n]).filter(isGrid);
}
