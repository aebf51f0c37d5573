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
  return env('SEJITS_BACKEND') ?? 'auto';
}

/** The python3 used for the bench's scipy.ndimage reference ($PYTHON, default python3). */
export function pythonCommand(): string {
  return env('PYTHON') ?? 'python3';
}
