#line 2 "sejits-Jacobi.cl"
/* sejits opencl: Jacobi (specialized, interior, computes in float64); tiles g8x32 p1x1; shared tiles: in0 10×34 */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL FP_CONTRACT OFF
#ifndef SJ_IDX
#define SJ_IDX long
#endif
typedef SJ_IDX sj_idx;
static inline int sj_truthy(double x) { return x == x && x != 0; }
static inline double sj_round(double x) {
  double r = floor(x);
  if (x < 0 && x >= -0.5) return -0.0;
  return (x - r >= 0.5) ? r + 1 : r;
}
static inline double sj_sign(double x) { return x > 0 ? 1 : x < 0 ? -1 : x; }
static inline double sj_min(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) return signbit(a) ? a : b;
  return a < b ? a : b;
}
static inline double sj_max(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) return signbit(a) ? b : a;
  return a > b ? a : b;
}
static inline double sj_pow(double a, double b) {
  if (b != b) return b;
  if ((a == 1 || a == -1) && (b == INFINITY || b == -INFINITY)) return NAN;
  return pow(a, b);
}
static inline double sj_tab(__constant double* t, sj_idx n, double i) { return (i >= 0 && i < (double)n && i == floor(i)) ? t[(sj_idx)i] : NAN; }
static inline double sj_tab_i(__constant double* t, sj_idx n, sj_idx i) { return (i >= 0 && i < n) ? t[i] : NAN; }
static inline int sj_to_i32_slow(double x) {
  if (!(x == x) || x == INFINITY || x == -INFINITY) return 0;
  double m = fmod(trunc(x), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return as_int((uint)m);
}
/* ToInt32 of a typed-array store; the common in-range case is a plain truncating cast. */
static inline int sj_to_i32(double x) { return (x > -2147483649.0 && x < 2147483648.0) ? (int)x : sj_to_i32_slow(x); }
static inline uchar sj_to_u8(double x) { return (uchar)(uint)sj_to_i32(x); }
__kernel __attribute__((reqd_work_group_size(256, 1, 1))) void sj_kernel(__global const double* restrict in0, __global double* restrict out0, const int sn0, const int sn1, const int ilo0, const int ilo1, const int ihi0, const int ihi1, const int fallback, const int nb0, const int nb1) {
  __local double t0[340];
  const sj_idx n0 = sn0, n1 = sn1;
  const sj_idx s0 = n1;
  const int t = (int)get_local_id(0);
  const int l0 = t / 32, l1 = (t) % 32;
  sj_idx q = (sj_idx)get_group_id(0);
  const sj_idx g1 = (q % nb1) * 32;
  q /= nb1;
  const sj_idx g0 = q * 8;
  const sj_idx b0 = g0 + l0, b1 = g1 + l1;
  const int tiled = g0 >= ilo0 && g0 + 8 <= ihi0 && g1 >= ilo1 && g1 + 32 <= ihi1;
  if (tiled) {
    /* in0 → t0: 10×34, halo -[1, 1] +[1, 1] */
    for (int k = t; k < 340; k += 256) {
      const int x0 = k / 34, x1 = (k) % 34;
      t0[k] = (double)in0[(g0 - 1 + x0) * s0 + (g1 - 1 + x1)];
    }
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  if (tiled) {
    const sj_idx i0 = b0, i1 = b1;
    const sj_idx p = i0 * s0 + i1;
    const int lp0 = ((l0 + 1)) * 34 + (l1 + 1);
#line 1 "Jacobi (kernel)"
    out0[p] = (double)(out0[p] + (0.1 * t0[lp0 - 1]));
    out0[p] = (double)(out0[p] + (0.1 * t0[lp0 + 1]));
    out0[p] = (double)(out0[p] + (0.3 * t0[lp0 - 34]));
    out0[p] = (double)(out0[p] + (0.3 * t0[lp0 + 34]));
#line 72 "sejits-Jacobi.cl"
    return;
  }
  const sj_idx i0 = b0, i1 = b1;
  if (i0 >= n0 || i1 >= n1) return;
  const sj_idx p = i0 * s0 + i1;
  switch (fallback >= 0 ? fallback : (i0 >= ilo0 && i0 < ihi0 && i1 >= ilo1 && i1 < ihi1) ? 0 : fallback == -1 ? -1 : (i0 < ilo0 ? -1 : i0 >= ihi0 ? -1 : i1 < ilo1 ? -1 : i1 >= ihi1 ? -1 : -1)) {
    case 0: {
      const sj_idx o0_0 = -1;
      const sj_idx o0_1 = 1;
      const sj_idx o0_2 = -s0;
      const sj_idx o0_3 = s0;
#line 1 "Jacobi (kernel)"
      out0[p] = (double)(out0[p] + (0.1 * in0[p + o0_0]));
      out0[p] = (double)(out0[p] + (0.1 * in0[p + o0_1]));
      out0[p] = (double)(out0[p] + (0.3 * in0[p + o0_2]));
      out0[p] = (double)(out0[p] + (0.3 * in0[p + o0_3]));
#line 89 "sejits-Jacobi.cl"
      break;
    }
    default: break;
  }
}
