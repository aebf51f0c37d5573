/** The machine and the versions a bench result was measured with, recorded in its JSON. */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probePython } from '../src/cli/python.js';

export interface MachineInfo {
  readonly hostname: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly versions: Readonly<Record<string, string>>;
}

/** The sejits package.json, found by walking up from this module (source or dist layout). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sejits') return pkg.version ?? 'unknown';
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const python = probePython();
  return {
    hostname: os.hostname(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    versions: {
      sejits: packageVersion(),
      node: process.versions.node,
      v8: process.versions.v8,
      ...(python.versions ? { python: python.versions.python, numpy: python.versions.numpy, scipy: python.versions.scipy } : {}),
    },
  };
}
