/**
 * JavaScript's meaning of the operations WGSL spells differently, in WGSL: the same rules as the
 * C-family prelude (c-like/prelude.ts), in f32. NaN tests are bit tests, so no compiler may assume
 * finite math away; NaN and ±∞ are read from the uniform block because WGSL rejects constant
 * expressions that evaluate to them. The integer store conversion is ToInt32 (truncate, wrap modulo
 * 2³², NaN and ±∞ to 0): WGSL's i32()/u32() saturate, which typed arrays never do.
 */
import type { LoopProgram } from '../../ir/kernel.js';
import type { CodeWriter } from '../c-like/code-writer.js';

export const WGSL_PRELUDE = `fn sj_nan() -> f32 { return u.sj_nan; }
fn sj_inf() -> f32 { return u.sj_inf; }
fn sj_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn sj_isinf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn sj_signbit(x: f32) -> bool { return (bitcast<u32>(x) >> 31u) != 0u; }
fn sj_truthy(x: f32) -> bool { return !sj_isnan(x) && x != 0.0; }
fn sj_b2f(b: bool) -> f32 { return select(0.0, 1.0, b); }
fn sj_round(x: f32) -> f32 {
  let r = floor(x);
  // -0 built from the bits of x: SwiftShader turned both a -0 constant and x * 0.0 into +0.
  if (x < 0.0 && x >= -0.5) { return bitcast<f32>(bitcast<u32>(x) & 0x80000000u); }
  return select(r, r + 1.0, x - r >= 0.5);
}
fn sj_sign(x: f32) -> f32 { return select(select(x, -1.0, x < 0.0), 1.0, x > 0.0); }
fn sj_min(a: f32, b: f32) -> f32 {
  let m = select(select(b, a, a < b), select(b, a, sj_signbit(a)), a == b);
  return select(m, sj_nan(), sj_isnan(a) || sj_isnan(b));
}
fn sj_max(a: f32, b: f32) -> f32 {
  let m = select(select(b, a, a > b), select(a, b, sj_signbit(a)), a == b);
  return select(m, sj_nan(), sj_isnan(a) || sj_isnan(b));
}
fn sj_self_div(x: f32) -> f32 { return select(1.0, sj_nan(), x == 0.0 || sj_isinf(x) || sj_isnan(x)); }
/*
 * JavaScript's % (C's fmod): exact. A fused multiply-add gives the remainder of the truncated
 * quotient exactly, and one correction each way fixes a quotient that f32 division rounded.
 * Branch-free: nested calls of a branching helper made SwiftShader's compiler blow up.
 */
fn sj_fmod(a: f32, b: f32) -> f32 {
  let x = abs(a);
  let y = abs(b);
  var r = fma(-y, trunc(x / y), x);
  r = select(r, r + y, r < 0.0);
  r = select(r, r - y, r >= y);
  let signed = bitcast<f32>(bitcast<u32>(r) | (bitcast<u32>(a) & 0x80000000u));
  return select(select(signed, a, sj_isinf(b)), sj_nan(), sj_isnan(a) || sj_isnan(b) || sj_isinf(a) || b == 0.0);
}
fn sj_pow(a: f32, b: f32) -> f32 {
  if (sj_isnan(b)) { return b; }
  if (b == 0.0) { return 1.0; }
  if (sj_isnan(a)) { return a; }
  let m = abs(a);
  if (m == 1.0 && sj_isinf(b)) { return sj_nan(); }
  var r: f32;
  if (m == 0.0) { r = select(sj_inf(), 0.0, b > 0.0); } else { r = exp2(b * log2(m)); }
  if (sj_signbit(a)) {
    let integral = floor(b) == b;
    if (!integral && !sj_isinf(a) && m != 0.0) { return sj_nan(); }
    let h = b * 0.5;
    if (integral && abs(b) < 16777216.0 && floor(h) != h) { return -r; }
  }
  return r;
}
fn sj_hypot(a: f32, b: f32) -> f32 {
  if (sj_isinf(a) || sj_isinf(b)) { return sj_inf(); }
  let m = max(abs(a), abs(b));
  if (m == 0.0 || sj_isnan(m)) { return m + a + b; }
  let x = a / m;
  let y = b / m;
  return m * sqrt(x * x + y * y);
}
fn sj_cbrt(x: f32) -> f32 {
  if (x == 0.0 || sj_isnan(x) || sj_isinf(x)) { return x; }
  let r = exp2(log2(abs(x)) / 3.0);
  return select(r, -r, x < 0.0);
}
fn sj_expm1(x: f32) -> f32 { return select(exp(x) - 1.0, x + 0.5 * x * x + x * x * x / 6.0, abs(x) < 1e-3); }
fn sj_log1p(x: f32) -> f32 { return select(log(1.0 + x), x - 0.5 * x * x + x * x * x / 3.0, abs(x) < 1e-3); }
fn sj_log10(x: f32) -> f32 { return log2(x) * 0.30102999566398120; }
/* ToInt32 of a typed-array store (the common in-range case is a plain conversion). */
fn sj_to_i32(x: f32) -> i32 {
  if ((bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u) { return 0; }
  let t = trunc(x);
  if (t > -2147483648.0 && t < 2147483648.0) { return i32(t); }
  let m = t - 4294967296.0 * floor(t / 4294967296.0);
  return bitcast<i32>(u32(m));
}
fn sj_to_u8(x: f32) -> u32 { return bitcast<u32>(sj_to_i32(x)) & 255u; }`;

/** Static tables as bit patterns (NaN entries cannot be WGSL constants), with bounds-checked reads. */
export function writeWgslTables(program: LoopProgram, w: CodeWriter): void {
  Object.entries(program.tables).forEach(([name, t], k) => {
    const n = t.data.length;
    const bits = t.data.map((v) => `0x${f32Bits(v).toString(16)}u`).join(', ') || '0u';
    w.line(`/* static ${name} [${t.dims.join('×')}] */`);
    w.line(`const T${k} = array<u32, ${Math.max(1, n)}>(${bits});`);
    w.line(`fn sj_tab${k}(i: i32) -> f32 { if (i < 0 || i >= ${n}) { return sj_nan(); } return bitcast<f32>(T${k}[i]); }`);
    w.line(`fn sj_tabf${k}(x: f32) -> f32 { if (!(x >= 0.0 && x < ${n}.0 && x == floor(x))) { return sj_nan(); } return sj_tab${k}(i32(x)); }`);
  });
}

function f32Bits(v: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, v);
  return view.getUint32(0);
}
