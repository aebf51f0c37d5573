/**
 * The one place that reads environment variables, so configuration is not scattered. Browsers have
 * no process; every setting then takes its default.
 */
function env(name: string): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env?.[name];
}

/** SEJITS_DUMP=ir prints the IR after every pass. */
export function dumpEnabled(): boolean {
  return (env('SEJITS_DUMP') ?? '').split(',').includes('ir');
}

/** SEJITS_BACKEND overrides 'auto'. */
export function defaultBackend(): string {
  return env('SEJITS_BACKEND') || 'auto';
}

/** The python3 used for the bench's scipy.ndimage reference ($PYTHON, default python3). */
export function pythonCommand(): string {
  return env('PYTHON') ?? 'python3';
}

/** $SEJITS_CACHE_DIR, else ~/.cache/sejits (undefined when there is no home, e.g. in a browser). */
export function cacheDirSetting(): string | undefined {
  return env('SEJITS_CACHE_DIR') || undefined;
}

/** $SEJITS_CC: the C compiler for the c backend (default: cc on PATH). */
export function cCompilerSetting(): string | undefined {
  return env('SEJITS_CC') || undefined;
}

/** $SEJITS_CFLAGS: replaces the c backend's optimization flags (-shared -fPIC are always added). */
export function cFlagsSetting(): string | undefined {
  return env('SEJITS_CFLAGS') || undefined;
}

/** PATH and HOME, for finding a compiler and the default cache folder. */
export function searchPath(): string {
  return env('PATH') ?? '';
}

export function homeDir(): string | undefined {
  return env('HOME') || undefined;
}

/** $SEJITS_OPENCL_DEVICE: which OpenCL device to use, as `platform:device` (indices or names). */
export function openclDeviceSetting(): string | undefined {
  return env('SEJITS_OPENCL_DEVICE') || undefined;
}

/**
 * The webgpu backend's settings: SEJITS_WEBGPU_SWIFTSHADER=1 runs Dawn on Chromium's SwiftShader
 * (a CPU Vulkan: how CI executes WGSL without a GPU); SEJITS_WEBGPU_DAWN holds Dawn's `create`
 * options, comma separated within each and separated by spaces between them.
 */
export function webgpuSettings(): { readonly swiftShader: boolean; readonly dawnOptions: readonly string[]; readonly timestamps: boolean; readonly batchLimit: number } {
  return {
    swiftShader: env('SEJITS_WEBGPU_SWIFTSHADER') === '1',
    dawnOptions: (env('SEJITS_WEBGPU_DAWN') ?? '').split(/\s+/).filter(Boolean),
    // SEJITS_WEBGPU_TIMESTAMPS=1: time each batch of launches on the GPU (DawnSession.gpuTimeNs).
    timestamps: env('SEJITS_WEBGPU_TIMESTAMPS') === '1',
    // SEJITS_X_WEBGPU_BATCH=n, an experiment's switch (bench/gpu/webgpu-gaps.ts): submit exactly n
    // launches per command buffer (or up to the next request) instead of the doubling batches.
    batchLimit: Number(env('SEJITS_X_WEBGPU_BATCH') || 0),
  };
}
