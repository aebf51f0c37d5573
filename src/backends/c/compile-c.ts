/**
 * Builds generated C into a shared library through the disk cache. The key covers everything that
 * changes the binary: the source, the compiler (path and version), the flags and the CPU that
 * -march=native targets.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendCompileError } from '../../errors.js';
import { artifactIndexPath, cachedArtifact, hashKey, writeAtomic, type Artifact } from '../../runtime/disk-cache.js';
import { cpuIdentity, LINK_FLAGS, type Toolchain } from './toolchain.js';

export interface LibraryBuild extends Artifact {
  readonly key: string;
}

/** Counters for tests and `sejits doctor`: how often this process compiled or hit the disk cache. */
export const cBuildStats = { compiled: 0, fromDisk: 0, rebuiltCorrupt: 0 };

export function cacheKeyFor(source: string, toolchain: Toolchain): string {
  return hashKey({ backend: 'c', source, cc: toolchain.cc, version: toolchain.version, flags: toolchain.flags, link: LINK_FLAGS, cpu: cpuIdentity() });
}

export function buildLibrary(source: string, toolchain: Toolchain): LibraryBuild {
  const key = cacheKeyFor(source, toolchain);
  const meta = { cc: toolchain.cc, version: toolchain.version, flags: toolchain.flags, cpu: cpuIdentity() };
  const artifact = cachedArtifact('c', key, 'so', meta, (out) => {
    // The source is kept beside the library so that `#line`-mapped messages can be checked.
    const src = join(artifactIndexPath('c', key).replace(/\.json$/, '.c'));
    writeAtomic(src, source);
    const r = spawnSync(toolchain.cc, [...toolchain.flags, ...LINK_FLAGS, '-o', out, src, '-lm'], { encoding: 'utf8', timeout: 600_000 });
    if (r.error || r.status !== 0) {
      const log = `${r.error ? `${r.error.message}\n` : ''}${r.stderr}`.split('\n').slice(0, 60).join('\n');
      throw new BackendCompileError('c', log, src);
    }
  });
  if (artifact.origin === 'disk') cBuildStats.fromDisk++;
  else cBuildStats.compiled++;
  if (artifact.origin === 'rebuilt-corrupt') cBuildStats.rebuiltCorrupt++;
  return { ...artifact, key };
}

/**
 * Compiles `source` outside the cache with extra flags and returns the compiler's messages: with
 * -fopt-info-vec-optimized this is the vectorizer's report (`sejits show --backend c --vec-report`).
 */
export function compilerReport(source: string, toolchain: Toolchain, extraFlags: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sejits-report-'));
  try {
    const src = join(dir, 'kernel.c');
    writeFileSync(src, source);
    const r = spawnSync(toolchain.cc, [...toolchain.flags, ...extraFlags, ...LINK_FLAGS, '-o', join(dir, 'kernel.so'), src, '-lm'], { encoding: 'utf8', cwd: dir, timeout: 600_000 });
    if (r.error || r.status !== 0) throw new BackendCompileError('c', `${r.error?.message ?? ''}${r.stderr}`, undefined);
    return r.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface VectorizationNote {
  /** The file the compiler names: `sejits-<kernel>.c` for generated lines, else the kernel's file. */
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/**
 * The loops the compiler vectorized in `source`: gcc's -fopt-info-vec-optimized notes, or clang's
 * -Rpass=loop-vectorize remarks.
 */
export function vectorizationNotes(source: string, toolchain: Toolchain): VectorizationNote[] {
  const clang = toolchain.kind === 'clang';
  const report = compilerReport(source, toolchain, clang ? ['-Rpass=loop-vectorize', '-gline-tables-only'] : ['-fopt-info-vec-optimized']);
  const pattern = clang ? /^(?:.*\/)?([^/:]+):(\d+):\d+: remark: (vectorized loop.*?)(?: \[-Rpass=loop-vectorize\])?$/ : /^(?:.*\/)?([^/:]+):(\d+):\d+: optimized: (.*)$/;
  return report.split('\n').flatMap((l) => {
    const m = pattern.exec(l);
    return m ? [{ file: m[1], line: Number(m[2]), text: m[3] }] : [];
  });
}
