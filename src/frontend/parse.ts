/** Reads a kernel's source with fn.toString() and parses it with acorn, keeping locations. */
import * as acorn from 'acorn';
import type { SourceLocation } from '../errors.js';
import { kernelSyntaxError, type KernelSourceText } from './diagnostics.js';
import { callerFrame, locateInCallerFile } from './locate.js';

/** A loosely typed ESTree node: the lowering checks every `type` it accepts. */
export interface EsNode {
  readonly type: string;
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } };
  readonly [key: string]: any;
}

export interface ParsedKernel {
  /** The FunctionExpression / ArrowFunctionExpression node. */
  readonly fn: EsNode;
  /** Where the function's text starts (for methods, the `async`/`*`/name before the parameters). */
  readonly header: EsNode;
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
  const source: KernelSourceText = { name, text, origin: locateInCallerFile(text, callerStack), declaredAt: callerFrame(callerStack) };
  if (/^\s*class\b/.test(text)) {
    throw kernelSyntaxError(source, { line: 1, column: 1 }, 'class', 'pass a function or a StencilKernel subclass instance, not a class');
  }
  // [wrapper open, close, the function node, the node where the function's text starts]
  const attempts: [string, string, (root: any) => [EsNode, EsNode]][] = [
    ['(', ')', (root) => [root.body[0].expression, root.body[0].expression]],
    ['({', '})', (root) => [root.body[0].expression.properties[0].value, root.body[0].expression.properties[0]]],
  ];
  let firstError: { error: unknown; open: string } | undefined;
  for (const [open, close, pick] of attempts) {
    const locate = (node: EsNode | undefined): SourceLocation | undefined => {
      if (!node?.loc) return undefined;
      const { line, column } = node.loc.start;
      return { line, column: (line === 1 ? column - open.length : column) + 1 };
    };
    try {
      const root = acorn.parse(open + text + close, { ecmaVersion: 'latest', locations: true, sourceType: 'module' });
      const [node, header] = pick(root);
      if (!node || !/Function/.test(node.type)) break;
      return { fn: node, header, source, locate };
    } catch (e) {
      firstError ??= { error: e, open };
    }
  }
  // The plain wrapper's error is the meaningful one: the method wrapper fails on any function text.
  const error = firstError?.error as { loc?: { line: number; column: number }; message?: string } | undefined;
  const loc = error?.loc;
  const shift = loc && loc.line === 1 ? firstError!.open.length : 0;
  throw kernelSyntaxError(
    source,
    loc ? { line: loc.line, column: loc.column - shift + 1 } : undefined,
    'unparsable kernel',
    `sejits could not parse this function's source (${String(error?.message ?? 'not a function')})`,
  );
}
