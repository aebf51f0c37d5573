/** Runs the `sejits` command as a child process, exactly as `npm run sejits` does (node --import tsx src/cli/main.ts). */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...process.env };
delete env.SEJITS_DUMP;
delete env.SEJITS_BACKEND;

/** Runs the CLI and returns stdout; a non-zero exit throws an error carrying status, stdout and stderr. */
export function sejits(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', stdio: 'pipe', timeout: 120_000 });
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI and returns status, stdout and stderr whatever the exit status. */
export function sejitsRun(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI expecting failure. */
export function sejitsFails(...args: string[]): CliResult {
  const r = sejitsRun(...args);
  assert.notEqual(r.status, 0, `sejits ${args.join(' ')} succeeded but should fail; stdout:\n${r.stdout}`);
  return r;
}
