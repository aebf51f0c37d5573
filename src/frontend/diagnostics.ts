/** Positions and code frames for errors in a user's kernel. */
import { KernelSyntaxError, type SourceLocation } from '../errors.js';

/** The kernel's source text as the user wrote it (as far as fn.toString() shows it). */
export interface KernelSourceText {
  readonly name: string;
  readonly text: string;
  /** Where the text starts in the user's file, when it could be found there. */
  readonly origin?: { readonly file: string; readonly line: number; readonly column: number };
  /** The call that declared the kernel (stencil(...) or the first call of a class kernel). */
  readonly declaredAt?: { readonly file: string; readonly line: number; readonly column: number };
}

/** A frame of up to two lines either side, with a caret under the column. */
export function codeFrame(text: string, loc: SourceLocation, firstLine = 1): string {
  const lines = text.split('\n');
  const from = Math.max(1, loc.line - 2);
  const to = Math.min(lines.length, loc.line + 2);
  const width = String(to + firstLine - 1).length;
  const out: string[] = [];
  for (let l = from; l <= to; l++) {
    const marker = l === loc.line ? '>' : ' ';
    out.push(`${marker} ${String(l + firstLine - 1).padStart(width)} | ${lines[l - 1]}`);
    if (l === loc.line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, loc.column - 1))}^`);
  }
  return out.join('\n');
}

/** Builds the KernelSyntaxError for a construct at a location in the kernel's text. */
export function kernelSyntaxError(source: KernelSourceText, loc: SourceLocation | undefined, construct: string, detail: string): KernelSyntaxError {
  const at = loc ?? { line: 1, column: 1 };
  const origin = source.origin;
  const fileLine = origin ? origin.line + at.line - 1 : at.line;
  const fileColumn = origin && at.line === 1 ? origin.column + at.column - 1 : at.column;
  const declared = source.declaredAt ? `; declared at ${source.declaredAt.file}:${source.declaredAt.line}:${source.declaredAt.column}` : '';
  const where = origin ? `${origin.file}:${fileLine}:${fileColumn}` : `${source.name} (kernel line ${at.line}, column ${at.column}${declared})`;
  // In the file the kernel's first line starts at origin.column: indent it so the frame reads as the file does.
  const frame = origin
    ? codeFrame(' '.repeat(origin.column - 1) + source.text, { line: at.line, column: fileColumn }, origin.line)
    : codeFrame(source.text, at);
  return new KernelSyntaxError(construct, detail, at, frame, source.name, where);
}
