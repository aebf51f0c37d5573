/** Reads a kernel's source with fn.toString() and parses it with acorn, keeping locations. */
import * as acorn from 'acorn';
import type { SourceLocation } from '../errors.js';
import { kernelSyntaxError, type KernelSourceText } from './diagnostics.js';
import { locateInCallerFile } from './locate.js';

/** A loosely typed ESTree node: the lowering checks every `type` it accepts. */
export interface EsNode {
  readonly type: string;
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } };
  readonly [key: string]: any;
}

export interface ParsedKernel {
  /** The FunctionExpression / ArrowFunctionExpression node. */
  readonly fn: EsNode;
  readonly source: KernelSourceText;
  /** Maps an acorn node to a 1-based location in the kernel's own text. */
  readonly locate: (node: EsNode | undefined) => SourceLocation | undefined;
}

/**
 * Functions print as `(a) => ...`, `function f(a) {...}` or, for methods, `kernel(a) {...}`. The
 * text is wrapped so each form parses as an expression; the wrapper's columns are subtracted again.
 */
export function parseKernel(fn: Function, name: string, callerStack?: string): ParsedKernel {
  const text = fn.toString();
  const source: KernelSourceText = { name, text, origin: locateInCallerFile(text, callerStack) };
  if (/^\s*class\b/.test(text)) {
    throw kernelSyntaxError(source, { line: 1, column: 1 }, 'class', 'pass a function or a StencilKernel subclass instance, not a class');
  }
  const attempts: [string, string, (root: any) => EsNode][] = [
    ['(', ')', (root) => root.body[0].expression],
    ['({', '})', (root) => root.body[0].expression.properties[0].value],
  ];
  let lastError: unknown;
  for (const [open, close, pick] of attempts) {
    try {
      const root = acorn.parse(open + text + close, { ecmaVersion: 'latest', locations: true, sourceType: 'module' });
      const locate = (node: EsNode | undefined): SourceLocation | undefined => {
        if (!node?.loc) return undefined;
        const { line, column } = node.loc.start;
        return { line, column: (line === 1 ? column - open.length : column) + 1 };
      };
      const node = pick(root);
      if (!node || !/Function/.test(node.type)) break;
      return { fn: node, source, locate };
    } catch (e) {
      lastError = e;
    }
  }
  const loc = (lastError as { loc?: { line: number; column: number } } | undefined)?.loc;
  throw kernelSyntaxError(
    source,
    loc ? { line: loc.line, column: loc.column + 1 } : undefined,
    'unparsable kernel',
    `sejits could not parse this function's source (${String((lastError as Error | undefined)?.message ?? 'not a function')})`,
  );
}
