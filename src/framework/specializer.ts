/**
 * The specializer framework (paper 000, section 2). A specializer turns calls of its DSEL into a
 * LoopProgram; the framework provides the passes' driver, backend resolution, compilation with
 * caching, launching, and inspection. Stencils, elementwise operations and third-party
 * specializers are all written against this class alone.
 */
import { loadBackend, resolveBackend } from '../backends/registry.js';
import { BackendUnavailableError, KernelArgumentError } from '../errors.js';
import type { TuneOptions, TuneReport } from '../backends/gpu/tuner.js';
import type { Backend, Compiled, Launch } from '../backends/types.js';
import { overwritesEveryPoint } from '../ir/output-coverage.js';
import type { LoopProgram } from '../ir/kernel.js';
import type { Mode, PassDump, PipelineResult } from '../passes/pipeline.js';
import { isGrid, type Grid } from '../grid.js';
import { compileCached } from '../runtime/compile-cache.js';
import { COPY_MODES, runOnDevice, type CopyMode } from '../runtime/device-launch.js';
import { defaultBackend, dumpEnabled } from '../runtime/settings.js';
import { activeTracer, type CallSignature } from './trace.js';

export type { Mode, CopyMode };

export interface SpecializerOptions {
  /**
   * A backend name or 'auto' (the default): the fastest backend that probes as working. A Backend
   * object (say, a c backend built with other flags) is used as given.
   */
  readonly backend?: string | Backend;
  /** Threads for CPU backends (default: all cores, or OMP_NUM_THREADS). */
  readonly threads?: number;
  /** 'specialized' (default), 'generic' (no partial evaluation or region splitting) or 'pure'. */
  readonly mode?: Mode;
  /** Print the IR after each pass (also SEJITS_DUMP=ir). */
  readonly dump?: boolean;
  /**
   * Device backends: 'lazy' (default) keeps results on the device until the host reads them;
   * 'always' copies every operand in and every result out around each call (paper 000's baseline).
   */
  readonly copyMode?: CopyMode;
}

/** The option names every specializer takes (kernel forms add their own), for unknown-option errors. */
export const SPECIALIZER_OPTION_KEYS: readonly string[] = ['backend', 'threads', 'mode', 'dump', 'copyMode'];

export interface ShowResult {
  readonly backend: string;
  readonly mode: Mode;
  readonly source: string;
  readonly passes: readonly PassDump[];
}

export abstract class Specializer {
  readonly mode: Mode;
  private readonly programs = new Map<string, PipelineResult>();
  private backendInstance: Backend | undefined;

  constructor(readonly options: SpecializerOptions = {}) {
    this.mode = options.mode ?? 'specialized';
    if (!['pure', 'generic', 'specialized'].includes(this.mode)) throw new TypeError(`mode must be 'pure', 'generic' or 'specialized', not '${String(this.mode)}'`);
    if (options.copyMode !== undefined && !COPY_MODES.includes(options.copyMode)) throw new TypeError(`copyMode must be 'lazy' or 'always', not '${String(options.copyMode)}'`);
    const t = options.threads;
    if (t !== undefined && !(Number.isInteger(t) && t >= 1 && t <= 4096)) throw new TypeError(`threads must be a positive integer, not ${String(t)}`);
  }

  /** A short name for messages and the registry. */
  abstract get name(): string;

  private fellBackToPure: boolean | undefined;

  /**
   * The mode calls run in. With backend 'auto' and no usable backend (say, a page whose CSP forbids
   * `new Function`), calls run the kernel as plain JavaScript, with a one-line notice.
   */
  get effectiveMode(): Mode {
    if (this.mode === 'pure') return 'pure';
    if (this.fellBackToPure === undefined) {
      this.fellBackToPure = false;
      if ((this.options.backend ?? defaultBackend()) === 'auto') {
        try {
          void this.backend;
        } catch (e) {
          if (!(e instanceof BackendUnavailableError)) throw e;
          this.fellBackToPure = true;
          console.warn(`sejits: ${this.name} runs in pure mode: ${e.reason}`);
        }
      }
    }
    return this.fellBackToPure ? 'pure' : this.mode;
  }

  /** The backend this specializer runs on, resolved on first use. */
  get backend(): Backend {
    const wanted = this.options.backend ?? defaultBackend();
    this.backendInstance ??= typeof wanted === 'string' ? resolveBackend(wanted) : checkedBackend(wanted);
    return this.backendInstance;
  }

  protected get dump(): boolean {
    return this.options.dump ?? dumpEnabled();
  }

  /**
   * What a call reads, writes and returns, for meta() tracing. The default suits a kernel that reads
   * every grid argument, takes every number argument as a runtime parameter and returns one grid
   * shaped like its first input; specializers whose calls differ override it.
   */
  describeCall(args: readonly unknown[]): CallSignature {
    const inputs = args.filter(isGrid);
    if (inputs.length === 0) throw new KernelArgumentError(`${this.name}: a call needs at least one grid`);
    return {
      inputs,
      outputs: [{ shape: inputs[0].shape, dtype: inputs[0].dtype }],
      written: [undefined],
      params: args.filter((a): a is number => typeof a === 'number'),
      style: 'single',
      names: ['out'],
      acceptsOut: false,
      overwrites: false,
    };
  }

  /**
   * The entry point of every call: runs `run` on the arguments, or, while meta() traces a function,
   * records the call (with describeCall's signature) and returns placeholder results instead.
   */
  protected dispatch<R>(args: readonly unknown[], run: (args: readonly unknown[]) => R): R {
    const tracer = activeTracer();
    if (!tracer) return run(args);
    return tracer.record(this, args, this.describeCall(args), run) as R;
  }

  /** The pipeline's result for a signature key, built once per key and mode. */
  protected program(key: string, generic: boolean, build: (generic: boolean) => PipelineResult): PipelineResult {
    const k = `${generic ? 'generic' : 'specialized'}|${key}`;
    let p = this.programs.get(k);
    if (!p) {
      p = build(generic);
      this.programs.set(k, p);
    }
    return p;
  }

  /**
   * Renders and compiles a program for this specializer's backend. Programs are cached objects, so
   * a call after the first is one WeakMap lookup: no rendering and no hashing of the source.
   */
  protected compiled(program: LoopProgram): Compiled {
    const b = this.backend;
    let byBackend = compiledPrograms.get(program);
    if (!byBackend) compiledPrograms.set(program, (byBackend = new Map()));
    let c = byBackend.get(b.name);
    if (!c) {
      c = compileCached(b, program, b.render(program));
      byBackend.set(b.name, c);
    }
    return c;
  }

  /** Runs a program on the backend, moving data to and from the device as needed. */
  protected launch(program: LoopProgram, plan: Launch<Grid>): void {
    const b = this.backend;
    const c = this.compiled(program);
    if (b.kind === 'device') {
      runOnDevice(b, c, program, plan, this.options.copyMode ?? 'lazy');
      return;
    }
    const inputs = plan.inputs.map((g) => g.storage.hostForRead());
    const overwrite = overwritesEveryPoint(program);
    const outputs = plan.outputs.map((g) => (overwrite ? g.storage.hostForOverwrite() : g.storage.hostForWrite()));
    b.run(c, { ...plan, inputs, outputs, threads: this.options.threads ?? plan.threads });
  }

  /**
   * Tunes a program's launch on the backend (device backends with strategies: opencl, cuda) with
   * the call's real operands, which stay where residency puts them; the outputs end up computed.
   */
  protected tuneLaunch(program: LoopProgram, plan: Launch<Grid>, options: TuneOptions): TuneReport {
    const b = this.backend;
    if (b.kind !== 'device' || !b.tune) throw new KernelArgumentError(`${this.name}: the ${b.name} backend has no strategies to tune; tuning is for the GPU backends (opencl, cuda)`);
    const c = this.compiled(program);
    let report: TuneReport | undefined;
    runOnDevice(b, c, program, plan, this.options.copyMode ?? 'lazy', (launch) => {
      report = b.tune!(c, launch, options);
    });
    if (!report) throw new Error('internal: the tuner did not report');
    return report;
  }

  /** The generated source and per-pass IR for a program. */
  protected showProgram(result: PipelineResult, generic: boolean): ShowResult {
    const wanted = this.options.backend ?? defaultBackend();
    // A backend named or given explicitly renders even where it cannot run (cuda without a GPU).
    const b = typeof wanted !== 'string' ? wanted : wanted === 'auto' ? this.backend : loadBackend(wanted);
    return { backend: b.name, mode: generic ? 'generic' : 'specialized', source: b.render(result.program), passes: result.dumps };
  }
}

/** A Backend object passed as an option: used as given once its probe succeeds. */
function checkedBackend(b: Backend): Backend {
  const p = b.probe();
  if (!p.available) throw new BackendUnavailableError(b.name, p.reason ?? 'probe failed');
  return b;
}

/** Compiled code per program object and backend name. */
const compiledPrograms = new WeakMap<LoopProgram, Map<string, Compiled>>();

/** Registry of specializer kinds, so tools (the CLI, meta) can find them by name. */
const registry = new Map<string, new (...args: never[]) => Specializer>();

export function registerSpecializer(name: string, ctor: new (...args: never[]) => Specializer): void {
  registry.set(name, ctor);
}

export function specializerKinds(): string[] {
  return [...registry.keys()];
}
