/**
 * Finds where a kernel's text sits in the user's file, so errors can say file:line:column. The
 * caller's file comes from a stack trace taken where the kernel was declared; when the file cannot
 * be read (browsers, bundles, transpiled TypeScript) errors fall back to kernel-relative positions.
 */
import { createRequire } from 'node:module';

type Fs = { readFileSync(path: string, enc: 'utf8'): string };
let fs: Fs | null | undefined;
function nodeFs(): Fs | null {
  if (fs !== undefined) return fs;
  try {
    fs = createRequire(import.meta.url)('node:fs') as Fs;
  } catch {
    fs = null;
  }
  return fs;
}

/** This package's own source folder (src/ or dist/src/): frames inside it are not the user's. */
const OWN_SOURCES = new URL('..', import.meta.url).pathname;

/** The first stack frame outside sejits itself: where the user declared the kernel. */
export function callerFrame(stack: string | undefined): { file: string; line: number; column: number } | undefined {
  if (!stack) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1].replace(/^file:\/\//, '');
    if (file.startsWith(OWN_SOURCES) || file.includes('/node_modules/')) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

export function callerFileFromStack(stack: string | undefined): string | undefined {
  return callerFrame(stack)?.file;
}

export function locateInCallerFile(text: string, stack: string | undefined): { file: string; line: number; column: number } | undefined {
  const file = callerFileFromStack(stack);
  const reader = nodeFs();
  if (!file || !reader) return undefined;
  let content: string;
  try {
    content = reader.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const at = content.indexOf(text);
  if (at < 0) return undefined;
  const before = content.slice(0, at).split('\n');
  return { file, line: before.length, column: before[before.length - 1].length + 1 };
}
