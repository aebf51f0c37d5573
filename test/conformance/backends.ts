/**
 * The backends the conformance suite must run. CI names them in SEJITS_REQUIRED_BACKENDS (comma
 * separated); a required backend that does not probe as available fails the suite, never skips.
 *
 * Variants are backends built with other options, registered here so the suite can name them:
 * `opencl-tiles` forces the local-memory tiles, which 'auto' leaves out on CPU devices such as
 * PoCL, so CI covers the tiled interior too; `webgpu-tiles` does the same for WGSL's workgroup
 * tiles. Tiles exist only in specialized code.
 */
import { createOpenCLBackend, createWebGpuBackend, probeBackend, registerBackend, type Backend } from '../../src/index.js';

type TestedMode = 'generic' | 'specialized';

const VARIANTS: Record<string, { readonly modes: readonly TestedMode[]; readonly load: () => Backend }> = {
  'opencl-tiles': { modes: ['specialized'], load: () => createOpenCLBackend({ name: 'opencl-tiles', tiles: 'local' }) as Backend },
  // WGSL's var<workgroup> tiles, forced on (the GPU machine runs it: scripts/gpu-run.sh webgpu-tiles).
  'webgpu-tiles': { modes: ['specialized'], load: () => createWebGpuBackend({ name: 'webgpu-tiles', tiles: 'local' }) as Backend },
};

for (const [name, v] of Object.entries(VARIANTS)) registerBackend({ name, preference: -1, load: v.load });

/** Backends that refuse float64 grids by design (WGSL has no f64): suites use float32 there. */
const NO_FLOAT64 = new Set(['webgpu', 'webgpu-tiles']);

export function supportsFloat64(backend: string): boolean {
  return !NO_FLOAT64.has(backend);
}

/** The widest float dtype a backend takes: float64, or float32 where it refuses float64. */
export function widestFloat(backend: string): 'float64' | 'float32' {
  return supportsFloat64(backend) ? 'float64' : 'float32';
}

export function requiredBackends(): string[] {
  const list = (process.env.SEJITS_REQUIRED_BACKENDS ?? 'js').split(',').map((s) => s.trim()).filter(Boolean);
  return [...new Set(list)];
}

export function assertAvailable(name: string): void {
  const p = probeBackend(name);
  if (!p.available) throw new Error(`required backend '${name}' is unavailable: ${p.reason}`);
}

/** The modes a backend's code differs in. */
export function modesFor(backend: string): readonly TestedMode[] {
  return VARIANTS[backend]?.modes ?? ['generic', 'specialized'];
}

/**
 * fast-check runs per property: SEJITS_CONFORMANCE_RUNS_<BACKEND> (say, _OPENCL_TILES), else
 * SEJITS_CONFORMANCE_RUNS, else 150. Backends that compile slowly cap it on CI (DESIGN.md).
 */
export function fastCheckRuns(backend: string): number {
  const own = process.env[`SEJITS_CONFORMANCE_RUNS_${backend.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
  return Number(own ?? process.env.SEJITS_CONFORMANCE_RUNS ?? 150);
}
