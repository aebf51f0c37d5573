/**
 * What differs between the C-family targets, as data: type names, qualifiers, address spaces and
 * math-function spelling. C, OpenCL C and CUDA share every rendering rule and differ only here
 * (tinygrad's renderer attributes, as DESIGN.md proposes).
 */
import type { Dtype } from '../../dtype.js';
import type { MathFunction } from '../../ir/nodes.js';

export type ComputeType = 'float32' | 'float64';

export interface CDialect {
  /** Name used in generated comments and #line restore directives. */
  readonly name: string;
  /** Lines at the top of every translation unit. */
  readonly includes: readonly string[];
  /** Qualifier of small helper functions. */
  readonly helperQualifier: string;
  /** Qualifier of per-region functions. */
  readonly regionQualifier: string;
  /** The restrict keyword, or '' where the target has none. */
  readonly restrict: string;
  /** Address-space prefix of grid pointers ('' in C, '__global ' in OpenCL). */
  readonly globalSpace: string;
  /** Declaration prefix of static tables at file scope. */
  readonly constantSpace: string;
  /** Qualifier of a pointer to a static table. */
  readonly tablePointer: string;
  readonly nanLiteral: string;
  readonly infinityLiteral: string;
  readonly int64: string;
  readonly int32: string;
  readonly uint32: string;
  readonly uint8: string;
  /** Whether #line directives are understood (OpenCL compilers vary; C and CUDA do). */
  readonly lineDirectives: boolean;
}

export const C99: CDialect = {
  name: 'c',
  includes: ['#include <stdint.h>', '#include <math.h>'],
  helperQualifier: 'static inline',
  // Not inlined into the entry: compilers then report each region's loops at their own lines.
  regionQualifier: 'static __attribute__((noinline))',
  restrict: 'restrict',
  globalSpace: '',
  constantSpace: 'static const ',
  tablePointer: 'const',
  nanLiteral: 'NAN',
  infinityLiteral: 'INFINITY',
  int64: 'int64_t',
  int32: 'int32_t',
  uint32: 'uint32_t',
  uint8: 'uint8_t',
  lineDirectives: true,
};

export function realType(compute: ComputeType): string {
  return compute === 'float32' ? 'float' : 'double';
}

export function elementType(dialect: CDialect, dtype: Dtype): string {
  switch (dtype) {
    case 'float32':
      return 'float';
    case 'float64':
      return 'double';
    case 'int32':
      return dialect.int32;
    case 'uint8':
      return dialect.uint8;
  }
}

/** C99 <math.h> names; float32 computation uses the `f`-suffixed functions. */
const LIBM: Partial<Record<MathFunction, string>> = {
  abs: 'fabs',
  sqrt: 'sqrt',
  cbrt: 'cbrt',
  exp: 'exp',
  expm1: 'expm1',
  log: 'log',
  log1p: 'log1p',
  log2: 'log2',
  log10: 'log10',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  asin: 'asin',
  acos: 'acos',
  atan: 'atan',
  atan2: 'atan2',
  sinh: 'sinh',
  cosh: 'cosh',
  tanh: 'tanh',
  floor: 'floor',
  ceil: 'ceil',
  trunc: 'trunc',
};

/** The libm function computing Math.fn exactly as JavaScript defines it, if one exists. */
export function libmName(fn: MathFunction, compute: ComputeType): string | undefined {
  const base = LIBM[fn];
  return base && (compute === 'float32' ? `${base}f` : base);
}
