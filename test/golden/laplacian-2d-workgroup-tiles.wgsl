/* sejits wgsl: laplacian (specialized, nearest, computes in f32); tiles g8x32 p1x1; workgroup tiles: in0 10×34 */
struct U { sn0: i32, sn1: i32, ilo0: i32, ilo1: i32, ihi0: i32, ihi1: i32, fallback: i32, nb0: i32, nb1: i32, sj_inf: f32, sj_nan: f32 }
@group(0) @binding(0) var<uniform> u: U;
@group(0) @binding(1) var<storage, read> in0: array<f32>;
@group(0) @binding(2) var<storage, read_write> out0: array<f32>;
var<workgroup> t0: array<f32, 340>;
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
@compute @workgroup_size(256)
fn sj_kernel(@builtin(local_invocation_index) sj_lid: u32, @builtin(workgroup_id) sj_wid: vec3<u32>, @builtin(num_workgroups) sj_nwg: vec3<u32>) {
  let n0 = u.sn0;
  let n1 = u.sn1;
  let ilo0 = u.ilo0;
  let ilo1 = u.ilo1;
  let ihi0 = u.ihi0;
  let ihi1 = u.ihi1;
  let fallback = u.fallback;
  let nb0 = u.nb0;
  let nb1 = u.nb1;
  let s0 = n1;
  let t = i32(sj_lid);
  var q = i32(sj_wid.x + sj_wid.y * sj_nwg.x);
  if (q >= nb0 * nb1) { return; }
  let l0 = t / 32;
  let l1 = (t) % 32;
  let g1 = (q % nb1) * 32;
  q = q / nb1;
  let g0 = q * 8;
  let b0 = g0 + l0;
  let b1 = g1 + l1;
  let tiled = g0 >= ilo0 && g0 + 8 <= ihi0 && g1 >= ilo1 && g1 + 32 <= ihi1;
  if (tiled) {
    /* in0 → t0: 10×34, halo -[1, 1] +[1, 1] */
    for (var k = t; k < 340; k += 256) {
      let x0 = k / 34;
      let x1 = (k) % 34;
      t0[k] = in0[(g0 - 1 + x0) * s0 + (g1 - 1 + x1)];
    }
  }
  workgroupBarrier();
  if (tiled) {
    let i0 = b0;
    let i1 = b1;
    let p = i0 * s0 + i1;
    let lp0 = ((l0 + 1)) * 34 + (l1 + 1);
    out0[p] = ((((t0[lp0 + 1] + t0[lp0 - 1]) + t0[lp0 + 34]) + t0[lp0 - 34]) - (4.0f * t0[lp0]));
    return;
  }
  let i0 = b0;
  let i1 = b1;
  if (i0 >= n0 || i1 >= n1) { return; }
  let p = i0 * s0 + i1;
  switch (select(select(select(select(select(select(select(-1, 4, i1 >= ihi1), 3, i1 < ilo1), 2, i0 >= ihi0), 1, i0 < ilo0), -1, fallback == -1), 0, i0 >= ilo0 && i0 < ihi0 && i1 >= ilo1 && i1 < ihi1), fallback, fallback >= 0)) {
    case 0: {
      let o0_0 = 1;
      let o0_1 = -1;
      let o0_2 = s0;
      let o0_3 = -s0;
      out0[p] = ((((in0[p + o0_0] + in0[p + o0_1]) + in0[p + o0_2]) + in0[p + o0_3]) - (4.0f * in0[p]));
    }
    case 1: {
      let o1_0 = s0;
      out0[p] = ((((in0[i0 * s0 + select((i1 + 1), (n1 - 1), ((i1 + 1) >= n1))] + in0[i0 * s0 + select((i1 + (-1)), 0, ((i1 + (-1)) < 0))]) + in0[p + o1_0]) + in0[select((i0 + (-1)), 0, ((i0 + (-1)) < 0)) * s0 + i1]) - (4.0f * in0[p]));
    }
    case 2: {
      let o2_0 = -s0;
      out0[p] = ((((in0[i0 * s0 + select((i1 + 1), (n1 - 1), ((i1 + 1) >= n1))] + in0[i0 * s0 + select((i1 + (-1)), 0, ((i1 + (-1)) < 0))]) + in0[select((i0 + 1), (n0 - 1), ((i0 + 1) >= n0)) * s0 + i1]) + in0[p + o2_0]) - (4.0f * in0[p]));
    }
    case 3: {
      let o3_0 = 1;
      let o3_1 = s0;
      let o3_2 = -s0;
      out0[p] = ((((in0[p + o3_0] + in0[i0 * s0 + select((i1 + (-1)), 0, ((i1 + (-1)) < 0))]) + in0[p + o3_1]) + in0[p + o3_2]) - (4.0f * in0[p]));
    }
    case 4: {
      let o4_0 = -1;
      let o4_1 = s0;
      let o4_2 = -s0;
      out0[p] = ((((in0[i0 * s0 + select((i1 + 1), (n1 - 1), ((i1 + 1) >= n1))] + in0[p + o4_0]) + in0[p + o4_1]) + in0[p + o4_2]) - (4.0f * in0[p]));
    }
    case 5: {
      out0[p] = ((((in0[i0 * s0 + select(select((i1 + 1), (n1 - 1), ((i1 + 1) >= n1)), 0, ((i1 + 1) < 0))] + in0[i0 * s0 + select(select((i1 + (-1)), (n1 - 1), ((i1 + (-1)) >= n1)), 0, ((i1 + (-1)) < 0))]) + in0[select(select((i0 + 1), (n0 - 1), ((i0 + 1) >= n0)), 0, ((i0 + 1) < 0)) * s0 + i1]) + in0[select(select((i0 + (-1)), (n0 - 1), ((i0 + (-1)) >= n0)), 0, ((i0 + (-1)) < 0)) * s0 + i1]) - (4.0f * in0[p]));
    }
    default: {}
  }
}
