/**
 * The on-disk cache under $SEJITS_CACHE_DIR (default ~/.cache/sejits), shared by every backend and
 * the tuner. Node only.
 *
 * - Artifacts (shared libraries, binaries) are content-addressed: `<key>-<sha>.<ext>`, named by an
 *   index `<key>.json` that records the artifact's SHA-256. A reader hashes the bytes before using
 *   them, so a truncated or corrupt artifact is rebuilt, never loaded.
 * - Every write goes to a temporary file in the same folder and is renamed into place, so a reader
 *   sees the old entry or the new one, never half of one. Two processes building the same entry
 *   both succeed: the last rename wins, and both renamed complete files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { cacheDirSetting, homeDir } from './settings.js';

/** Bumped when the layout of entries changes, so old entries are ignored rather than misread. */
const FORMAT = 1;

/** The configured folder ($SEJITS_CACHE_DIR, else ~/.cache/sejits). */
function configuredRoot(): string {
  const home = homeDir();
  return cacheDirSetting() ?? (home ? join(home, '.cache', 'sejits') : join(tmpdir(), 'sejits-cache'));
}

const usableRoots = new Map<string, string>();

/**
 * The cache folder. One that cannot be created or written (a read-only home, a path through a
 * file) is replaced by a per-user folder under the system's temporary directory, with a one-line
 * notice, so kernels still compile and are still cached.
 */
export function cacheRoot(): string {
  const wanted = configuredRoot();
  let root = usableRoots.get(wanted);
  if (root === undefined) {
    root = writable(wanted) ? wanted : join(tmpdir(), `sejits-cache-${userInfo().uid}`);
    if (root !== wanted) {
      mkdirSync(root, { recursive: true });
      console.warn(`sejits: cannot write the compile cache at ${wanted}; using ${root} (set SEJITS_CACHE_DIR to choose another)`);
    }
    usableRoots.set(wanted, root);
  }
  return root;
}

function writable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A stable hash of a JSON-able description (source, flags, compiler, CPU, ...). */
export function hashKey(parts: unknown): string {
  return sha256(JSON.stringify({ format: FORMAT, parts }));
}

function folder(kind: string): string {
  const dir = join(cacheRoot(), kind);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes bytes to `path` atomically: a temporary sibling, then a rename. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

interface ArtifactIndex {
  readonly format: number;
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly created: string;
  readonly meta: unknown;
}

export type ArtifactOrigin = 'disk' | 'built' | 'rebuilt-corrupt';

export interface Artifact {
  /** The verified artifact's path. */
  readonly path: string;
  readonly origin: ArtifactOrigin;
}

/** Paths of an entry, for tools and tests. */
export function artifactIndexPath(kind: string, key: string): string {
  return join(folder(kind), `${key}.json`);
}

/** The verified path of a cached artifact, or why it cannot be used ('missing' or 'corrupt'). */
export function lookupArtifact(kind: string, key: string): { path: string } | 'missing' | 'corrupt' {
  const indexPath = artifactIndexPath(kind, key);
  if (!existsSync(indexPath)) return 'missing';
  let index: ArtifactIndex;
  try {
    index = JSON.parse(readFileSync(indexPath, 'utf8')) as ArtifactIndex;
  } catch {
    return 'corrupt';
  }
  if (index.format !== FORMAT || typeof index.file !== 'string' || index.file.includes('/')) return 'corrupt';
  const path = join(folder(kind), index.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return 'corrupt';
  }
  if (bytes.length !== index.bytes || sha256(bytes) !== index.sha256) return 'corrupt';
  return { path };
}

/**
 * The artifact for `key`, built by `build(outputPath)` when it is missing or fails its checksum.
 * `build` writes a complete file at the path it is given (a temporary name); this function hashes
 * it, moves it to its content-addressed name and then publishes the index.
 */
export function cachedArtifact(kind: string, key: string, ext: string, meta: unknown, build: (outputPath: string) => void): Artifact {
  const found = lookupArtifact(kind, key);
  if (typeof found === 'object') return { path: found.path, origin: 'disk' };
  const dir = folder(kind);
  const tmp = join(dir, `${key}.${process.pid}.${randomBytes(4).toString('hex')}.building.${ext}`);
  try {
    build(tmp);
    const bytes = readFileSync(tmp);
    const sum = sha256(bytes);
    const file = `${key}-${sum.slice(0, 16)}.${ext}`;
    renameSync(tmp, join(dir, file));
    const index: ArtifactIndex = { format: FORMAT, file, sha256: sum, bytes: bytes.length, created: new Date().toISOString(), meta };
    writeAtomic(artifactIndexPath(kind, key), JSON.stringify(index, null, 2));
    return { path: join(dir, file), origin: found === 'corrupt' ? 'rebuilt-corrupt' : 'built' };
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** A small JSON record (a compiler probe, a tuning result) with a checksum over its payload. */
export function readRecord<T>(kind: string, key: string): T | undefined {
  const path = join(folder(kind), `${key}.record.json`);
  try {
    const { sha, payload } = JSON.parse(readFileSync(path, 'utf8')) as { sha: string; payload: string };
    return sha256(payload) === sha ? (JSON.parse(payload) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function writeRecord(kind: string, key: string, value: unknown): void {
  const payload = JSON.stringify(value);
  writeAtomic(join(folder(kind), `${key}.record.json`), JSON.stringify({ sha: sha256(payload), payload }));
}
