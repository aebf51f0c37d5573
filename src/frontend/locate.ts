/**
 * Finds where a kernel's text sits in the user's file, so errors can say file:line:column. The
 * caller's file comes from a stack trace taken where the kernel was declared; when the file cannot
 * be read (browsers, bundles, transpiled TypeScript) errors fall back to kernel-relative positions.
 */
type Fs = { readFileSync(path: string, enc: 'utf8'): string };
let fs: Fs | null | undefined;
/** Node's fs without importing it, so a browser bundle of the frontend contains no Node module. */
function nodeFs(): Fs | null {
  if (fs !== undefined) return fs;
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    fs = (p?.getBuiltinModule?.('node:fs') as Fs | undefined) ?? null;
  } catch {
    fs = null;
  }
  return fs;
}

/** This package's own source folder (src/ or dist/src/): frames inside it are not the user's. */
const OWN_SOURCES = String(import.meta.url ?? '').startsWith('file:') ? new URL('..', import.meta.url).pathname : '\0';

type Frame = { file: string; line: number; column: number };

/** Stack frames outside sejits itself, innermost first: where the user declared the kernel. */
function userFrames(stack: string | undefined): Frame[] {
  const frames: Frame[] = [];
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1].replace(/^file:\/\//, '');
    if (file.startsWith(OWN_SOURCES) || file.includes('/node_modules/')) continue;
    frames.push({ file, line: Number(m[2]), column: Number(m[3]) });
  }
  return frames;
}

export function callerFrame(stack: string | undefined): Frame | undefined {
  return userFrames(stack)[0];
}

/** The kernel's text in the first calling file (innermost first) that contains it verbatim. */
export function locateInCallerFile(text: string, stack: string | undefined): Frame | undefined {
  const reader = nodeFs();
  if (!reader) return undefined;
  const tried = new Set<string>();
  for (const { file } of userFrames(stack)) {
    if (tried.has(file)) continue;
    tried.add(file);
    let content: string;
    try {
      content = reader.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const at = content.indexOf(text);
    if (at < 0) continue;
    const before = content.slice(0, at).split('\n');
    return { file, line: before.length, column: before[before.length - 1].length + 1 };
  }
  return undefined;
}
