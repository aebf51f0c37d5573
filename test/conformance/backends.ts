/**
 * The backends the conformance suite must run. CI names them in SEJITS_REQUIRED_BACKENDS (comma
 * separated); a required backend that does not probe as available fails the suite, never skips.
 */
import { probeBackend } from '../../src/index.js';

export function requiredBackends(): string[] {
  const list = (process.env.SEJITS_REQUIRED_BACKENDS ?? 'js').split(',').map((s) => s.trim()).filter(Boolean);
  return [...new Set(list)];
}

export function assertAvailable(name: string): void {
  const p = probeBackend(name);
  if (!p.available) throw new Error(`required backend '${name}' is unavailable: ${p.reason}`);
}
