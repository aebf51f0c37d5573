/**
 * The c backend (Sepya's OpenMP target): C99 from the shared C-family renderer, built by the
 * system compiler into a shared library, loaded with koffi and called with the grids' typed arrays
 * themselves, without copies.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { LoopProgram } from '../../ir/kernel.js';
import { BackendUnavailableError } from '../../errors.js';
import type { Compiled, HostBackend, Launch, LaunchBox, ProbeResult } from '../types.js';
import { buildLibrary, type LibraryBuild } from './compile-c.js';
import { ENTRY_POINT, renderC } from './render-c.js';
import { renderCStaged } from './render-c-staged.js';
import { lastLevelCacheBytes } from './streaming.js';
import { configuredFlags, probeToolchain, type Toolchain } from './toolchain.js';

type Koffi = typeof import('koffi');
type NativeEntry = (...args: unknown[]) => void;

export interface CompiledC extends Compiled {
  readonly library: LibraryBuild;
  readonly entry: NativeEntry;
  readonly ndim: number;
}

export interface CBackendOptions {
  /** Registry name (default 'c'); variants built with other options need their own. */
  readonly name?: string;
  /** `omp simd` on the interior loop (default true). */
  readonly vectorize?: boolean;
  /** Replaces the optimization flags (default: $SEJITS_CFLAGS or DEFAULT_CFLAGS). */
  readonly flags?: readonly string[];
  /** Added after the flags. */
  readonly extraFlags?: readonly string[];
  /**
   * Calls touching at least this many bytes stream their outputs past the cache (default: the
   * last-level cache's size). 0 streams always, which tests use to cover that path on small grids.
   */
  readonly streamMinBytes?: number;
}

const requireCjs = createRequire(import.meta.url);
let koffiModule: Koffi | undefined;

function koffi(): Koffi {
  koffiModule ??= requireCjs('koffi') as Koffi;
  return koffiModule;
}

/** Loads a shared library built by this backend's toolchain (the bench's native references use it too). */
export function loadNativeLibrary(path: string): ReturnType<Koffi['load']> {
  return koffi().load(path);
}

export function createCBackend(options: CBackendOptions = {}): HostBackend<CompiledC> {
  const name = options.name ?? 'c';
  const vectorize = options.vectorize ?? true;
  let streamMin: number | undefined = options.streamMinBytes;
  let probed: { result: ProbeResult; toolchain?: Toolchain } | undefined;

  const flags = () => [...(options.flags ?? configuredFlags()), ...(options.extraFlags ?? [])];
  const probe = () => {
    if (!probed) {
      const t = probeToolchain(flags());
      if (!t.ok) probed = { result: { available: false, reason: t.reason } };
      else {
        try {
          koffi();
          const threads = t.toolchain.openmp ? `OpenMP, ${availableParallelism()} threads` : 'no OpenMP: one thread';
          probed = { result: { available: true, detail: `${t.toolchain.version} (${t.toolchain.flags.join(' ')}; ${threads})` }, toolchain: t.toolchain };
        } catch (e) {
          probed = { result: { available: false, reason: `koffi, the FFI that loads compiled kernels, failed to load (${(e as Error).message}): reinstall sejits's dependencies (npm ci)` } };
        }
      }
    }
    return probed;
  };

  return {
    name,
    kind: 'host',
    probe: () => probe().result,
    supportsStaged: true,
    render: (program: LoopProgram) => (program.staged ? renderCStaged(program, vectorize) : renderC(program, { vectorize })),
    compile(program, source) {
      const { toolchain, result } = probe();
      if (!toolchain) throw new BackendUnavailableError(name, result.reason ?? 'probe failed');
      const library = buildLibrary(source, toolchain);
      const grids = program.inputs.length + program.outputs.length;
      const gridArgs = Array.from({ length: grids }, (_, i) => `void *g${i}`);
      const prototype = `void ${ENTRY_POINT}(${[...gridArgs, 'int32_t *shape', 'double *params', 'int32_t *boxes', 'int32_t nboxes', 'int32_t nthreads', 'int64_t stream_min'].join(', ')})`;
      const entry = loadNativeLibrary(library.path).func(prototype) as NativeEntry;
      return { backend: name, source, library, entry, ndim: program.ndim };
    },
    run(compiled, launch) {
      const args: unknown[] = [];
      args.push(...launch.inputs, ...launch.outputs);
      args.push(shapeArray(launch.shape), launch.params.length ? Float64Array.from(launch.params) : null);
      streamMin ??= lastLevelCacheBytes();
      args.push(packBoxes(launch.boxes, compiled.ndim), launch.boxes.length, launch.threads ?? 0, streamMin);
      compiled.entry(...args);
    },
  };
}

const packedBoxes = new WeakMap<readonly LaunchBox[], Int32Array>();

/** [region, lo0, hi0, lo1, hi1, ...] per box; planned boxes are cached, so this packs once per plan. */
function packBoxes(boxes: Launch['boxes'], ndim: number): Int32Array {
  let packed = packedBoxes.get(boxes);
  if (!packed) {
    packed = new Int32Array(Math.max(1, boxes.length * (1 + 2 * ndim)));
    let k = 0;
    for (const b of boxes) {
      packed[k++] = b.region;
      for (let a = 0; a < ndim; a++) {
        packed[k++] = b.lo[a];
        packed[k++] = b.hi[a];
      }
    }
    packedBoxes.set(boxes, packed);
  }
  return packed;
}

const shapes = new WeakMap<readonly number[], Int32Array>();

function shapeArray(shape: readonly number[]): Int32Array {
  let s = shapes.get(shape);
  if (!s) shapes.set(shape, (s = Int32Array.from(shape)));
  return s;
}

export const backend = createCBackend();
