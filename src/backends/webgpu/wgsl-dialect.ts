/**
 * WGSL as a CDialect, for what the shared body renderer reads from its dialect (names in comments,
 * no #line directives). Everything WGSL spells differently from C is overridden in wgsl-body.ts;
 * these attributes only keep the base class's defaults harmless.
 */
import type { CDialect } from '../c-like/dialect.js';

export const WGSL_C: CDialect = {
  name: 'wgsl',
  includes: [],
  helperQualifier: 'fn',
  regionQualifier: 'fn',
  restrict: '',
  globalSpace: '',
  constantSpace: 'const ',
  tablePointer: '',
  nanLiteral: 'sj_nan()',
  nanConstant: 'sj_nan()',
  infinityLiteral: 'sj_inf()',
  // WGSL has no 64-bit integers: index arithmetic is i32 (grids under 2^31 points).
  int64: 'i32',
  int32: 'i32',
  uint32: 'u32',
  // uint8 grids are packed four to a u32 word (render-wgsl.ts).
  uint8: 'u32',
  lineDirectives: false,
  suffixedMath: false,
  uint32Bits: (x) => `bitcast<i32>(${x})`,
};

/** The WGSL element type a grid's storage array holds. */
export function wgslElement(dtype: 'float32' | 'float64' | 'int32' | 'uint8'): string {
  switch (dtype) {
    case 'float32':
      return 'f32';
    case 'int32':
      return 'i32';
    case 'uint8':
      return 'u32';
    case 'float64':
      throw new Error('internal: float64 reached the WGSL renderer');
  }
}
