/** Finds a command the way a shell would: a path as given, else the first match on $PATH. */
import { statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { searchPath } from './settings.js';

export function findCommand(command: string): string | undefined {
  if (isAbsolute(command) || command.includes('/')) return isFile(command) ? command : undefined;
  for (const dir of searchPath().split(delimiter)) {
    if (dir && isFile(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
