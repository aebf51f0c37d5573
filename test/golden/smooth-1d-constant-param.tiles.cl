#line 2 "sejits-smooth.cl"
/* sejits opencl: smooth (specialized, constant, computes in float64); tiles g256 p1; shared tiles: in0 258 */
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
__kernel __attribute__((reqd_work_group_size(256, 1, 1))) void sj_kernel(__global const double* restrict in0, __global double* restrict out0, const int sn0, const int ilo0, const int ihi0, const int fallback, const int nb0, const double P0) {
  __local double t0[258];
  const sj_idx n0 = sn0;
  const int t = (int)get_local_id(0);
  const int l0 = t;
  sj_idx q = (sj_idx)get_group_id(0);
  const sj_idx g0 = q * 256;
  const sj_idx b0 = g0 + l0;
  const int tiled = g0 >= ilo0 && g0 + 256 <= ihi0;
  if (tiled) {
    /* in0 → t0: 258, halo -[1] +[1] */
    for (int k = t; k < 258; k += 256) {
      const int x0 = k;
      t0[k] = (double)in0[(g0 - 1 + x0)];
    }
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  if (tiled) {
    const sj_idx i0 = b0;
    const sj_idx p = i0;
    const int lp0 = (l0 + 1);
#line 1 "smooth (kernel)"
    out0[p] = (double)(((P0 * (t0[lp0 - 1] + t0[lp0 + 1])) + t0[lp0]));
#line 66 "sejits-smooth.cl"
    return;
  }
  const sj_idx i0 = b0;
  if (i0 >= n0) return;
  const sj_idx p = i0;
  switch (fallback >= 0 ? fallback : (i0 >= ilo0 && i0 < ihi0) ? 0 : fallback == -1 ? -1 : (i0 < ilo0 ? 1 : i0 >= ihi0 ? 2 : -1)) {
    case 0: {
      const sj_idx o0_0 = -1;
      const sj_idx o0_1 = 1;
#line 1 "smooth (kernel)"
      out0[p] = (double)(((P0 * (in0[p + o0_0] + in0[p + o0_1])) + in0[p]));
#line 78 "sejits-smooth.cl"
      break;
    }
    case 1: {
      const sj_idx o1_0 = -1;
      const sj_idx o1_1 = 1;
#line 1 "smooth (kernel)"
      out0[p] = (double)(((P0 * (((((double)i0 + (-1.0)) >= 0.0) ? in0[p + o1_0] : 2.0) + in0[p + o1_1])) + in0[p]));
#line 86 "sejits-smooth.cl"
      break;
    }
    case 2: {
      const sj_idx o2_0 = -1;
      const sj_idx o2_1 = 1;
#line 1 "smooth (kernel)"
      out0[p] = (double)(((P0 * (in0[p + o2_0] + ((((double)i0 + 1.0) < (double)n0) ? in0[p + o2_1] : 2.0))) + in0[p]));
#line 94 "sejits-smooth.cl"
      break;
    }
    case 3: {
      const sj_idx o3_0 = -1;
      const sj_idx o3_1 = 1;
#line 1 "smooth (kernel)"
      out0[p] = (double)(((P0 * (((((double)i0 + (-1.0)) >= 0.0) ? in0[p + o3_0] : 2.0) + ((((double)i0 + 1.0) < (double)n0) ? in0[p + o3_1] : 2.0))) + in0[p]));
#line 102 "sejits-smooth.cl"
      break;
    }
    default: break;
  }
}
