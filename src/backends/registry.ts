/**
 * The backend registry. Entries load their backend lazily, on first use, so that nothing a backend
 * needs (koffi, a compiler, a GPU library) is touched on a machine or page that never asks for it.
 * `auto` picks the first entry, in preference order, whose probe succeeds; a backend asked for by
 * name never falls back silently.
 */
import { BackendUnavailableError } from '../errors.js';
import { backend as jsBackend } from './js/index.js';
import type { Backend, ProbeResult } from './types.js';

export interface BackendEntry {
  readonly name: string;
  /** Higher is preferred by `auto`. */
  readonly preference: number;
  /** Loads the backend; throws BackendUnavailableError when its module cannot load here. */
  readonly load: () => Backend;
  /** Why `auto` passes over a backend that probes as available (webgpu on a software adapter), if it does. */
  readonly autoSkip?: () => string | undefined;
}

const entries = new Map<string, BackendEntry>();
const loaded = new Map<string, Backend>();

export function registerBackend(entry: BackendEntry): void {
  entries.set(entry.name, entry);
  loaded.delete(entry.name);
}

registerBackend({ name: 'js', preference: 0, load: () => jsBackend });

export function backendNames(): string[] {
  return [...entries.values()].sort((a, b) => b.preference - a.preference).map((e) => e.name);
}

/**
 * A backend by name without probing it: what `show` renders with, since a backend may render
 * code for a device this machine lacks (cuda's kernels print without a GPU).
 */
export function loadBackend(name: string): Backend {
  return load(name);
}

function load(name: string): Backend {
  const cached = loaded.get(name);
  if (cached) return cached;
  const entry = entries.get(name);
  if (!entry) throw new BackendUnavailableError(name, `unknown backend; known backends: ${backendNames().join(', ')}`);
  const b = entry.load();
  loaded.set(name, b);
  return b;
}

/** Probes one backend without throwing. */
export function probeBackend(name: string): ProbeResult {
  try {
    return load(name).probe();
  } catch (e) {
    return { available: false, reason: e instanceof BackendUnavailableError ? e.reason : (e as Error).message };
  }
}

let autoNotice: ((message: string) => void) | undefined = (m) => console.warn(m);

/** Where `auto`'s one-line fallback notices go (set to undefined to silence them). */
export function setBackendNotice(sink: ((message: string) => void) | undefined): void {
  autoNotice = sink;
}

const noticed = new Set<string>();

/** The backend for a name, or the best available one for 'auto'. */
export function resolveBackend(name: string = 'auto'): Backend {
  if (name !== 'auto') {
    const b = load(name);
    const p = b.probe();
    if (!p.available) throw new BackendUnavailableError(name, p.reason ?? 'probe failed');
    return b;
  }
  const skipped: string[] = [];
  for (const candidate of backendNames()) {
    const p = probeBackend(candidate);
    const passOver = p.available ? entries.get(candidate)?.autoSkip?.() : undefined;
    if (passOver) {
      skipped.push(`${candidate}: ${passOver}`);
      continue;
    }
    if (p.available) {
      const key = skipped.join(';');
      if (skipped.length && autoNotice && !noticed.has(key)) {
        noticed.add(key);
        autoNotice(`sejits: using the ${candidate} backend (${skipped.join('; ')})`);
      }
      return load(candidate);
    }
    skipped.push(`${candidate}: ${p.reason ?? 'unavailable'}`);
  }
  throw new BackendUnavailableError('auto', `no backend is usable: ${skipped.join('; ')}`);
}
