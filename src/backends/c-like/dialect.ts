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
  /** NaN in a constant initializer (OpenCL's NAN macro is not a compile-time constant everywhere). */
  readonly nanConstant: string;
  readonly infinityLiteral: string;
  readonly int64: string;
  readonly int32: string;
  readonly uint32: string;
  readonly uint8: string;
  /** Whether #line directives are understood (OpenCL compilers vary; C and CUDA do). */
  readonly lineDirectives: boolean;
  /** Whether float math functions carry C's `f` suffix (floorf); OpenCL C overloads `floor` instead. */
  readonly suffixedMath: boolean;
  /** The int32 with the same bits as a uint32 expression (C's cast is implementation-defined). */
  readonly uint32Bits: (expr: string) => string;
  /**
   * Static tables as integer bit patterns read through a float pointer: for a compiler with no
   * constant spelling of NaN and the infinities (NVRTC, which has no headers and no GCC builtins).
   */
  readonly bitTables?: boolean;
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
  nanConstant: 'NAN',
  infinityLiteral: 'INFINITY',
  int64: 'int64_t',
  int32: 'int32_t',
  uint32: 'uint32_t',
  uint8: 'uint8_t',
  lineDirectives: true,
  suffixedMath: true,
  uint32Bits: (x) => `(int32_t)${x}`,
};

/** OpenCL C 1.2: address spaces on pointers and tables, overloaded math, as_int for bit casts. */
export const OPENCL_C: CDialect = {
  name: 'opencl',
  includes: [],
  helperQualifier: 'static inline',
  regionQualifier: 'static inline',
  restrict: 'restrict',
  globalSpace: '__global ',
  constantSpace: '__constant ',
  tablePointer: '__constant',
  nanLiteral: 'NAN',
  nanConstant: '(0.0f / 0.0f)',
  infinityLiteral: 'INFINITY',
  // Index arithmetic: 32-bit where a grid has fewer than 2^31 elements (the build defines SJ_IDX).
  int64: 'sj_idx',
  int32: 'int',
  uint32: 'uint',
  uint8: 'uchar',
  lineDirectives: true,
  suffixedMath: false,
  uint32Bits: (x) => `as_int(${x})`,
};

/** The suffix of float math functions in this dialect and compute type ('f' or ''). */
export function mathSuffix(dialect: CDialect, compute: ComputeType): string {
  return dialect.suffixedMath && compute === 'float32' ? 'f' : '';
}

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
export function libmName(dialect: CDialect, fn: MathFunction, compute: ComputeType): string | undefined {
  const base = LIBM[fn];
  return base && `${base}${mathSuffix(dialect, compute)}`;
}
