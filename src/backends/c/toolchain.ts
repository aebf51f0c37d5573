/**
 * Finds the system C compiler and checks, once per compiler binary and flag set, that it builds a
 * shared OpenMP library. The result is kept in the disk cache keyed by the compiler's path, size and
 * modification time, so a warm start runs no `cc --version` and no test build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashKey, readRecord, writeRecord } from '../../runtime/disk-cache.js';
import { cCompilerSetting, cFlagsSetting } from '../../runtime/settings.js';
import { findCommand } from '../../runtime/find-command.js';

export interface Toolchain {
  /** Absolute path of the compiler binary. */
  readonly cc: string;
  readonly kind: 'gcc' | 'clang' | 'other';
  /** First line of `cc --version`. */
  readonly version: string;
  /** Optimization and target flags (-shared -fPIC are added to every build). */
  readonly flags: readonly string[];
  /** Whether the flags build OpenMP code (false when overridden without -fopenmp). */
  readonly openmp: boolean;
}

export type ToolchainProbe = { readonly ok: true; readonly toolchain: Toolchain } | { readonly ok: false; readonly reason: string };

/**
 * -ffp-contract=off keeps a*b+c as two roundings, as JavaScript computes it, so float64 and integer
 * results match the pure mode exactly; -fno-math-errno lets sqrt inline and vectorize.
 */
export const DEFAULT_CFLAGS: readonly string[] = ['-O3', '-march=native', '-fopenmp', '-ffp-contract=off', '-fno-math-errno'];

/** nodelete: unloading a library at exit would unload libgomp under its still-running worker threads. */
/**
 * Added for gcc with the default flags: no vectorized epilogue loops. Rows are long, so a scalar
 * remainder costs little, and it cuts compile time by a quarter (JIT latency).
 */
export const GCC_DEFAULT_EXTRA_FLAGS: readonly string[] = ['--param=vect-epilogues-nomask=0'];

export const LINK_FLAGS: readonly string[] = ['-shared', '-fPIC', '-Wl,-z,nodelete'];

export function configuredFlags(): string[] {
  const override = cFlagsSetting();
  return override ? override.split(/\s+/).filter(Boolean) : [...DEFAULT_CFLAGS];
}

/** The compiler named by $SEJITS_CC (a path or a command on PATH), else `cc` on PATH. */
export function findCompiler(): { path: string } | { missing: string } {
  const wanted = cCompilerSetting() ?? 'cc';
  const path = findCommand(wanted);
  return path ? { path } : { missing: wanted };
}

/** The CPU the code is built for: -march=native output differs between machines. */
export function cpuIdentity(): string {
  return `${arch()} ${cpus()[0]?.model ?? 'unknown cpu'}`;
}

const TEST_SOURCE = `#include <omp.h>
int sejits_probe(void) { int n = 0;
#pragma omp parallel reduction(+:n)
  n += 1;
  return n + omp_get_max_threads() * 0; }
`;
const TEST_SOURCE_NO_OPENMP = 'int sejits_probe(void) { return 1; }\n';

/** Bumped whenever what the probe records changes, so a stale record is never reused. */
const PROBE_VERSION = 2;

export function probeToolchain(flags: readonly string[] = configuredFlags()): ToolchainProbe {
  const found = findCompiler();
  if ('missing' in found) {
    const named = cCompilerSetting();
    return {
      ok: false,
      reason: named
        ? `SEJITS_CC=${named} was not found: set it to an installed C compiler, or install gcc (apt-get install gcc)`
        : 'no C compiler found (cc is not on PATH): install gcc (apt-get install gcc libgomp1), or set SEJITS_CC',
    };
  }
  const real = realpathSync(found.path);
  const st = statSync(real);
  const key = hashKey({ probe: 'c-toolchain', version: PROBE_VERSION, path: found.path, real, size: st.size, mtime: st.mtimeMs, flags });
  const cached = readRecord<ToolchainProbe>('c', key);
  if (cached) return cached;
  const result = runProbe(found.path, flags);
  // Only successes are kept: a failure should be re-checked once the user installs what it names.
  if (result.ok) writeRecord('c', key, result);
  return result;
}

function runProbe(cc: string, flags: readonly string[]): ToolchainProbe {
  const v = spawnSync(cc, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (v.error || v.status !== 0) return { ok: false, reason: `${cc} --version failed (${v.error?.message ?? v.stderr.trim()}): install gcc (apt-get install gcc)` };
  const version = v.stdout.split('\n')[0].trim();
  const kind = /clang/i.test(v.stdout) ? 'clang' : /gcc|free software foundation/i.test(v.stdout) ? 'gcc' : 'other';
  const openmp = flags.includes('-fopenmp') || flags.some((f) => f.startsWith('-fopenmp='));
  if (kind === 'gcc' && flags.join(' ') === DEFAULT_CFLAGS.join(' ')) flags = [...flags, ...GCC_DEFAULT_EXTRA_FLAGS];
  const dir = mkdtempSync(join(tmpdir(), 'sejits-probe-'));
  try {
    const src = join(dir, 'probe.c');
    writeFileSync(src, openmp ? TEST_SOURCE : TEST_SOURCE_NO_OPENMP);
    const b = spawnSync(cc, [...flags, ...LINK_FLAGS, '-o', join(dir, 'probe.so'), src], { encoding: 'utf8', timeout: 60_000 });
    if (b.error || b.status !== 0) return { ok: false, reason: explainFailure(kind, version, `${b.error?.message ?? ''}${b.stderr}`) };
    return { ok: true, toolchain: { cc, kind, version, flags: [...flags], openmp } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What to install, from a failed OpenMP test build. */
export function explainFailure(kind: Toolchain['kind'], version: string, stderr: string): string {
  const first = stderr.split('\n').find((l) => /error/i.test(l))?.trim() ?? stderr.trim().split('\n')[0] ?? '';
  if (/omp\.h|-lomp\b|libomp|-fopenmp/i.test(stderr) && kind === 'clang') {
    return `${version} cannot build OpenMP code (${first}): install libomp-dev (apt-get install libomp-dev), or set SEJITS_CC=gcc`;
  }
  if (/omp\.h|-lgomp\b|libgomp/i.test(stderr)) {
    return `${version} cannot build OpenMP code (${first}): install gcc's OpenMP runtime (apt-get install gcc libgomp1)`;
  }
  return `${version} failed a test build of a shared library (${first}): check SEJITS_CFLAGS, or install gcc (apt-get install gcc)`;
}
