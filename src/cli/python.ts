/**
 * python3 with numpy and scipy, the CPU peer of the bench (scipy.ndimage). Probed once per process;
 * `sejits doctor` reports the result.
 */
import { spawnSync } from 'node:child_process';
import { pythonCommand } from '../runtime/settings.js';

export interface PythonProbe {
  readonly available: boolean;
  readonly command: string;
  readonly versions?: { readonly python: string; readonly numpy: string; readonly scipy: string };
  readonly reason?: string;
}

let probed: PythonProbe | undefined;

/** The python3 on PATH (or $PYTHON) and its numpy/scipy versions. */
export function probePython(): PythonProbe {
  if (probed) return probed;
  const command = pythonCommand();
  const r = spawnSync(command, ['-c', 'import sys, numpy, scipy; print(sys.version.split()[0], numpy.__version__, scipy.__version__)'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) {
    probed = { available: false, command, reason: `${command} not found (install python3, numpy and scipy for the scipy.ndimage reference)` };
  } else if (r.status !== 0) {
    const missing = /No module named '(\w+)'/.exec(r.stderr)?.[1];
    probed = { available: false, command, reason: missing ? `${command} has no ${missing} (pip install numpy scipy, or apt-get install python3-scipy)` : `${command} failed: ${r.stderr.trim().split('\n').pop()}` };
  } else {
    const [python, numpy, scipy] = r.stdout.trim().split(/\s+/);
    probed = { available: true, command, versions: { python, numpy, scipy } };
  }
  return probed;
}
