/**
 * JavaScript's own meaning of every IR operator, used to fold constants so that partial evaluation
 * computes exactly what the pure mode would.
 */
import type { BinaryOp, MathFunction, UnaryOp } from './nodes.js';

export function applyUnary(op: UnaryOp, x: number): number {
  switch (op) {
    case '-':
      return -x;
    case '+':
      return +x;
    case '!':
      return x ? 0 : 1;
  }
}

export function applyBinary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '**':
      return a ** b;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
  }
}

export function applyCall(fn: MathFunction, args: readonly number[]): number {
  return (Math[fn] as (...xs: number[]) => number)(...args);
}

/** JavaScript truthiness of a number (NaN and ±0 are false). */
export function truthy(x: number): boolean {
  return !!x;
}
