/**
 * CUDA C++ to a device binary: NVRTC (libnvrtc, through koffi) in process, or the `nvcc` command
 * when NVRTC is not installed. Both produce a cubin for the device's own architecture (sm_90 on an
 * H100) with the same flags: no fused multiply-adds (JavaScript rounds every operation), IEEE
 * division and square root, denormals kept.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendCompileError } from '../../errors.js';
import { findCommand } from '../../runtime/find-command.js';
import { loadKoffi } from './cuda-api.js';

export interface CudaCompiler {
  /** 'nvrtc 13.0' or 'nvcc (path)', for the cache key and `sejits doctor`. */
  readonly version: string;
  /** A cubin for `arch` (e.g. 'sm_90'); throws BackendCompileError with the compiler's log. */
  compile(source: string, name: string, arch: string, defines: readonly string[]): Uint8Array;
  /**
   * Starts the compiler's one-time initialization on a worker thread (NVRTC: loading its builtins
   * and front end, tens of milliseconds) so that it overlaps the driver's start.
   */
  warmUp(): void;
}

/** Flags both compilers take, with JavaScript's rounding. */
export function cudaFlags(defines: readonly string[]): string[] {
  return ['--fmad=false', '--prec-div=true', '--prec-sqrt=true', '--ftz=false', ...defines.map((d) => `-D${d}`)];
}

type Callback = (error: unknown, result: number) => void;

interface NvrtcApi {
  version(major: Int32Array, minor: Int32Array): number;
  createProgram(out: BigUint64Array, source: string, name: string, headers: number, contents: null, names: null): number;
  compileProgram: ((program: bigint, count: number, options: string[]) => number) & { async(program: bigint, count: number, options: string[], done: Callback): void };
  getProgramLogSize(program: bigint, out: BigUint64Array): number;
  getProgramLog(program: bigint, out: Uint8Array): number;
  getCUBINSize(program: bigint, out: BigUint64Array): number;
  getCUBIN(program: bigint, out: Uint8Array): number;
  destroyProgram(program: BigUint64Array): number;
  getErrorString(code: number): string;
}

/** Where NVRTC lives when the loader's search path does not have it. */
const NVRTC_DIRS = ['/usr/local/cuda/targets/x86_64-linux/lib', '/usr/local/cuda/lib64', '/usr/lib/x86_64-linux-gnu'];
const NVRTC_NAMES = ['libnvrtc.so.13', 'libnvrtc.so.12', 'libnvrtc.so'];

let nvrtc: { api: NvrtcApi; version: string } | undefined | null;

/** NVRTC, or null when it is not installed (SEJITS_NVRTC names the library explicitly). */
function loadNvrtc(): { api: NvrtcApi; version: string } | null {
  if (nvrtc !== undefined) return nvrtc;
  const koffi = loadKoffi('cuda');
  const roots = [process.env.CUDA_PATH, process.env.CUDA_HOME].filter((r): r is string => !!r).flatMap((r) => [join(r, 'lib64'), join(r, 'targets/x86_64-linux/lib')]);
  const candidates = [process.env.SEJITS_NVRTC, ...NVRTC_NAMES, ...[...roots, ...NVRTC_DIRS].flatMap((dir) => NVRTC_NAMES.map((n) => join(dir, n)).filter(existsSync))].filter((c): c is string => !!c);
  for (const name of candidates) {
    let lib: ReturnType<typeof koffi.load>;
    try {
      lib = koffi.load(name);
    } catch {
      continue;
    }
    const f = (proto: string) => lib.func(proto) as unknown;
    const api = {
      version: f('int nvrtcVersion(int *major, int *minor)'),
      createProgram: f('int nvrtcCreateProgram(uint64_t *out, const char *source, const char *name, int headers, void *contents, void *names)'),
      compileProgram: f('int nvrtcCompileProgram(uint64_t program, int count, const char **options)'),
      getProgramLogSize: f('int nvrtcGetProgramLogSize(uint64_t program, uint64_t *out)'),
      getProgramLog: f('int nvrtcGetProgramLog(uint64_t program, uint8_t *out)'),
      getCUBINSize: f('int nvrtcGetCUBINSize(uint64_t program, uint64_t *out)'),
      getCUBIN: f('int nvrtcGetCUBIN(uint64_t program, uint8_t *out)'),
      destroyProgram: f('int nvrtcDestroyProgram(uint64_t *program)'),
      getErrorString: f('const char *nvrtcGetErrorString(int code)'),
    } as NvrtcApi;
    const major = new Int32Array(1);
    const minor = new Int32Array(1);
    if (api.version(major, minor) !== 0) continue;
    return (nvrtc = { api, version: `nvrtc ${major[0]}.${minor[0]}` });
  }
  return (nvrtc = null);
}

/** NVRTC's result for an option it does not know (NVRTC_ERROR_INVALID_OPTION). */
const INVALID_OPTION = 5;

function nvrtcCompiler(api: NvrtcApi, version: string): CudaCompiler {
  const ok = (code: number, call: string) => {
    if (code !== 0) throw new Error(`${call} failed: ${api.getErrorString(code)} (${code})`);
  };
  let warmed = false;
  // `--minimal` (NVRTC 12.4 and later) leaves out the runtime API's headers, which generated
  // kernels never use: it cut the first compile in a process from 169 ms to 13 ms on the H100.
  let minimal = true;
  return {
    version,
    warmUp() {
      if (warmed) return;
      warmed = true;
      const handle = new BigUint64Array(1);
      if (api.createProgram(handle, 'extern "C" __global__ void sj_warm(float *x) { x[0] = 1.0f; }', 'sejits-warm-up.cu', 0, null, null) !== 0) return;
      // The options match real compiles' (bar the architecture, unknown before the driver starts).
      const options = cudaFlags([]);
      api.compileProgram.async(handle[0], options.length + 1, [...options, '--minimal'], () => api.destroyProgram(handle));
    },
    compile(source, name, arch, defines) {
      const handle = new BigUint64Array(1);
      ok(api.createProgram(handle, source, `sejits-${name}.cu`, 0, null, null), 'nvrtcCreateProgram');
      const program = handle[0];
      try {
        const options = [`--gpu-architecture=${arch}`, ...cudaFlags(defines)];
        let code = minimal ? api.compileProgram(program, options.length + 1, [...options, '--minimal']) : INVALID_OPTION;
        if (code === INVALID_OPTION) {
          minimal = false;
          code = api.compileProgram(program, options.length, options);
        }
        if (code !== 0) {
          const size = new BigUint64Array(1);
          api.getProgramLogSize(program, size);
          const log = new Uint8Array(Number(size[0]));
          api.getProgramLog(program, log);
          throw new BackendCompileError('cuda', `${api.getErrorString(code)}\n${Buffer.from(log).toString('utf8').replace(/\0+$/, '').trim()}`.split('\n').slice(0, 60).join('\n'), `sejits-${name}.cu`);
        }
        const size = new BigUint64Array(1);
        ok(api.getCUBINSize(program, size), 'nvrtcGetCUBINSize');
        const cubin = new Uint8Array(Number(size[0]));
        ok(api.getCUBIN(program, cubin), 'nvrtcGetCUBIN');
        return cubin;
      } finally {
        api.destroyProgram(handle);
      }
    },
  };
}

function nvccCompiler(nvcc: string): CudaCompiler {
  return {
    version: `nvcc (${nvcc})`,
    warmUp() {},
    compile(source, name, arch, defines) {
      const dir = mkdtempSync(join(tmpdir(), 'sejits-nvcc-'));
      try {
        const input = join(dir, `sejits-${name}.cu`);
        const output = join(dir, 'kernel.cubin');
        writeFileSync(input, source);
        const r = spawnSync(nvcc, ['--cubin', `-arch=${arch}`, ...cudaFlags(defines), '-o', output, input], { encoding: 'utf8' });
        if (r.status !== 0) throw new BackendCompileError('cuda', `${r.error?.message ?? ''}${r.stderr}${r.stdout}`.trim().split('\n').slice(0, 60).join('\n'), input);
        return new Uint8Array(readFileSync(output));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let compiler: CudaCompiler | undefined;

/** NVRTC when installed, else nvcc on PATH (or under CUDA_PATH), else undefined. */
export function cudaCompiler(): CudaCompiler | undefined {
  if (compiler) return compiler;
  const found = loadNvrtc();
  if (found) return (compiler = nvrtcCompiler(found.api, found.version));
  const nvcc = findCommand('nvcc') ?? [process.env.CUDA_PATH, '/usr/local/cuda'].map((r) => r && join(r, 'bin/nvcc')).find((p): p is string => !!p && existsSync(p));
  return nvcc ? (compiler = nvccCompiler(nvcc)) : undefined;
}
