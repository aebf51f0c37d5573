/** The elementwise arithmetic ops: add, sub, mul, div, scale and axpy, each one ElementwiseDefinition. */
import { binary, type BinaryOp, type Expr, type Stmt } from '../ir/nodes.js';
import { elementwise, type ArgKind, type ElementwiseDefinition, type ElementwiseFunction } from './elementwise.js';

const store = (value: Expr): Stmt[] => [{ kind: 'store', output: 0, op: '=', value }];

function binaryOp(name: string, op: BinaryOp & ('+' | '-' | '*' | '/'), f: (a: number, b: number) => number): ElementwiseDefinition {
  return {
    name,
    args: ['grid', 'grid'],
    scalarNames: [],
    text: `a ${op} b`,
    body: ([a, b]) => store(binary(op, a, b)),
    pure: ([a, b]) => f(a, b),
  };
}

const GRID_SCALAR: readonly ArgKind[] = ['grid', 'scalar'];

/** a + b, pointwise. */
export const add: ElementwiseFunction = elementwise(binaryOp('add', '+', (a, b) => a + b));
/** a - b, pointwise. */
export const sub: ElementwiseFunction = elementwise(binaryOp('sub', '-', (a, b) => a - b));
/** a * b, pointwise. */
export const mul: ElementwiseFunction = elementwise(binaryOp('mul', '*', (a, b) => a * b));
/** a / b, pointwise (JavaScript division: x/0 is ±Infinity or NaN; integer outputs store NaN as 0). */
export const div: ElementwiseFunction = elementwise(binaryOp('div', '/', (a, b) => a / b));

/** s * a for a scalar s: `scale(a, 0.5)`. */
export const scale: ElementwiseFunction = elementwise({
  name: 'scale',
  args: GRID_SCALAR,
  scalarNames: ['s'],
  text: 's * a',
  body: ([a], [s]) => store(binary('*', s, a)),
  pure: ([a], [s]) => s * a,
});

/** alpha * x + y for a scalar alpha (BLAS's axpy): `axpy(alpha, x, y)`. */
export const axpy: ElementwiseFunction = elementwise({
  name: 'axpy',
  args: ['scalar', 'grid', 'grid'],
  scalarNames: ['alpha'],
  text: 'alpha * x + y',
  body: ([x, y], [alpha]) => store(binary('+', binary('*', alpha, x), y)),
  pure: ([x, y], [alpha]) => alpha * x + y,
});
