/**
 * JavaScript's meaning of the operations C spells differently, written once for every C-family
 * target: truthiness (NaN is false), Math.round (ties toward +∞, keeps -0), Math.sign, Math.min /
 * Math.max (NaN wins, -0 < +0), `**` (NaN exponents, ±1 ** ±∞), static-table lookups (undefined
 * reads as NaN), and the integer store conversion of typed arrays (ToInt32: truncate, wrap
 * modulo 2³², NaN and ±∞ become 0). CUDA's cvt and WGSL's u32() saturate instead, which is why
 * the conversion is emitted here rather than left to a cast.
 */
import { mathSuffix, realType, type CDialect, type ComputeType } from './dialect.js';

export function prelude(dialect: CDialect, compute: ComputeType): string {
  const T = realType(compute);
  const f = mathSuffix(dialect, compute);
  const lit = compute === 'float32' ? 'f' : '';
  const q = dialect.helperQualifier;
  const i64 = dialect.int64;
  const nan = dialect.nanLiteral;
  const lines = [
    `${q} int sj_truthy(${T} x) { return x == x && x != 0; }`,
    `${q} ${T} sj_round(${T} x) {`,
    `  ${T} r = floor${f}(x);`,
    `  if (x < 0 && x >= -0.5${lit}) return -0.0${lit};`,
    `  return (x - r >= 0.5${lit}) ? r + 1 : r;`,
    `}`,
    `${q} ${T} sj_sign(${T} x) { return x > 0 ? 1 : x < 0 ? -1 : x; }`,
    `${q} ${T} sj_min(${T} a, ${T} b) {`,
    `  if (a != a || b != b) return a + b;`,
    `  if (a == b) return signbit(a) ? a : b;`,
    `  return a < b ? a : b;`,
    `}`,
    `${q} ${T} sj_max(${T} a, ${T} b) {`,
    `  if (a != a || b != b) return a + b;`,
    `  if (a == b) return signbit(a) ? b : a;`,
    `  return a > b ? a : b;`,
    `}`,
    `${q} ${T} sj_pow(${T} a, ${T} b) {`,
    `  if (b != b) return b;`,
    `  if ((a == 1 || a == -1) && (b == ${dialect.infinityLiteral} || b == -${dialect.infinityLiteral})) return ${nan};`,
    `  return pow${f}(a, b);`,
    `}`,
    `${q} ${T} sj_tab(${dialect.tablePointer} ${T}* t, ${i64} n, ${T} i) { return (i >= 0 && i < (${T})n && i == floor${f}(i)) ? t[(${i64})i] : ${nan}; }`,
    `${q} ${T} sj_tab_i(${dialect.tablePointer} ${T}* t, ${i64} n, ${i64} i) { return (i >= 0 && i < n) ? t[i] : ${nan}; }`,
  ];
  if (compute === 'float64') {
    lines.push(
      `${q} ${dialect.int32} sj_to_i32_slow(double x) {`,
      `  if (!(x == x) || x == ${dialect.infinityLiteral} || x == -${dialect.infinityLiteral}) return 0;`,
      `  double m = fmod(trunc(x), 4294967296.0);`,
      `  if (m < 0) m += 4294967296.0;`,
      `  return ${dialect.uint32Bits(`(${dialect.uint32})m`)};`,
      `}`,
      `/* ToInt32 of a typed-array store; the common in-range case is a plain truncating cast. */`,
      `${q} ${dialect.int32} sj_to_i32(double x) { return (x > -2147483649.0 && x < 2147483648.0) ? (${dialect.int32})x : sj_to_i32_slow(x); }`,
      `${q} ${dialect.uint8} sj_to_u8(double x) { return (${dialect.uint8})(${dialect.uint32})sj_to_i32(x); }`,
    );
  }
  return lines.join('\n');
}
