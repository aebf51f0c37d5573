/* sejits wgsl: smooth (specialized, constant, computes in f32); vector g128 p4; workgroup tiles: none */
struct U { sn0: i32, ilo0: i32, ihi0: i32, fallback: i32, nb0: i32, P0: f32, sj_inf: f32, sj_nan: f32 }
@group(0) @binding(0) var<uniform> u: U;
@group(0) @binding(1) var<storage, read> in0: array<f32>;
@group(0) @binding(2) var<storage, read_write> out0: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> in0v: array<vec4<f32>>;
fn sj_nan() -> f32 { return u.sj_nan; }
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
fn sj_to_u8(x: f32) -> u32 { return bitcast<u32>(sj_to_i32(x)) & 255u; }
@compute @workgroup_size(128)
fn sj_kernel(@builtin(local_invocation_index) sj_lid: u32, @builtin(workgroup_id) sj_wid: vec3<u32>, @builtin(num_workgroups) sj_nwg: vec3<u32>) {
  let n0 = u.sn0;
  let ilo0 = u.ilo0;
  let ihi0 = u.ihi0;
  let fallback = u.fallback;
  let nb0 = u.nb0;
  let t = i32(sj_lid);
  var q = i32(sj_wid.x + sj_wid.y * sj_nwg.x);
  if (q >= nb0) { return; }
  let l0 = t;
  let g0 = q * 512;
  let b0 = g0 + l0 * 4;
  if (b0 >= ilo0 && b0 + 4 <= ihi0) {
    let pb = b0;
    var w0_0: f32; var w0_1: f32; var w0_2: f32; var w0_3: f32;
    let x0_m1 = in0[pb - 1];
    let v0_0 = in0v[(pb) / 4];
    {
      w0_0 = ((u.P0 * (x0_m1 + v0_0.y)) + v0_0.x);
    }
    {
      w0_1 = ((u.P0 * (v0_0.x + v0_0.z)) + v0_0.y);
    }
    {
      w0_2 = ((u.P0 * (v0_0.y + v0_0.w)) + v0_0.z);
    }
    let x0_4 = in0[pb + 4];
    {
      w0_3 = ((u.P0 * (v0_0.z + x0_4)) + v0_0.w);
    }
    out0[(pb) / 4] = vec4<f32>(w0_0, w0_1, w0_2, w0_3);
    return;
  }
  for (var q0 = 0; q0 < 4; q0++) {
    let i0 = b0 + q0;
    if (i0 >= n0) { continue; }
    let p = i0;
    switch (select(select(select(select(select(-1, 2, i0 >= ihi0), 1, i0 < ilo0), -1, fallback == -1), 0, i0 >= ilo0 && i0 < ihi0), fallback, fallback >= 0)) {
      case 0: {
        let o0_0 = -1;
        let o0_1 = 1;
        out0[p >> 2u][p & 3] = ((u.P0 * (in0[p + o0_0] + in0[p + o0_1])) + in0[p]);
      }
      case 1: {
        let o1_0 = -1;
        let o1_1 = 1;
        out0[p >> 2u][p & 3] = ((u.P0 * (select(2.0f, in0[p + o1_0], ((f32(i0) + (-1.0f)) >= 0.0f)) + in0[p + o1_1])) + in0[p]);
      }
      case 2: {
        let o2_0 = -1;
        let o2_1 = 1;
        out0[p >> 2u][p & 3] = ((u.P0 * (in0[p + o2_0] + select(2.0f, in0[p + o2_1], ((f32(i0) + 1.0f) < f32(n0))))) + in0[p]);
      }
      case 3: {
        let o3_0 = -1;
        let o3_1 = 1;
        out0[p >> 2u][p & 3] = ((u.P0 * (select(2.0f, in0[p + o3_0], ((f32(i0) + (-1.0f)) >= 0.0f)) + select(2.0f, in0[p + o3_1], ((f32(i0) + 1.0f) < f32(n0))))) + in0[p]);
      }
      default: {}
    }
  }
}
