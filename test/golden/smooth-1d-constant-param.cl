#line 2 "sejits-smooth.cl"
/* sejits opencl: smooth (specialized, constant, computes in float64); vector g128 p4; shared tiles: none */
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
__kernel __attribute__((reqd_work_group_size(128, 1, 1))) void sj_kernel(__global const double* restrict in0, __global double* restrict out0, const int sn0, const int ilo0, const int ihi0, const int fallback, const int nb0, const double P0) {
  const sj_idx n0 = sn0;
  const int t = (int)get_local_id(0);
  const int l0 = t;
  sj_idx q = (sj_idx)get_group_id(0);
  const sj_idx g0 = q * 512;
  const sj_idx b0 = g0 + l0 * 4;
  if (b0 >= ilo0 && b0 + 4 <= ihi0) {
    const sj_idx pb = b0;
    double w0_0, w0_1, w0_2, w0_3;
    const double x0_m1 = in0[pb - 1];
    const double2 v0_0 = vload2(0, in0 + pb);
    const double2 v0_2 = vload2(0, in0 + pb + 2);
    {
#line 1 "smooth (kernel)"
      w0_0 = (double)(((P0 * (x0_m1 + v0_0.y)) + v0_0.x));
#line 59 "sejits-smooth.cl"
    }
    {
#line 1 "smooth (kernel)"
      w0_1 = (double)(((P0 * (v0_0.x + v0_2.x)) + v0_0.y));
#line 64 "sejits-smooth.cl"
    }
    {
#line 1 "smooth (kernel)"
      w0_2 = (double)(((P0 * (v0_0.y + v0_2.y)) + v0_2.x));
#line 69 "sejits-smooth.cl"
    }
    const double x0_4 = in0[pb + 4];
    {
#line 1 "smooth (kernel)"
      w0_3 = (double)(((P0 * (v0_2.x + x0_4)) + v0_2.y));
#line 75 "sejits-smooth.cl"
    }
    vstore2((double2)(w0_0, w0_1), 0, out0 + pb);
    vstore2((double2)(w0_2, w0_3), 0, out0 + pb + 2);
    return;
  }
  for (int q0 = 0; q0 < 4; q0++) {
    const sj_idx i0 = b0 + q0;
    if (i0 >= n0) continue;
    const sj_idx p = i0;
    switch (fallback >= 0 ? fallback : (i0 >= ilo0 && i0 < ihi0) ? 0 : fallback == -1 ? -1 : (i0 < ilo0 ? 1 : i0 >= ihi0 ? 2 : -1)) {
      case 0: {
        const sj_idx o0_0 = -1;
        const sj_idx o0_1 = 1;
#line 1 "smooth (kernel)"
        out0[p] = (double)(((P0 * (in0[p + o0_0] + in0[p + o0_1])) + in0[p]));
#line 91 "sejits-smooth.cl"
        break;
      }
      case 1: {
        const sj_idx o1_0 = -1;
        const sj_idx o1_1 = 1;
#line 1 "smooth (kernel)"
        out0[p] = (double)(((P0 * (((((double)i0 + (-1.0)) >= 0.0) ? in0[p + o1_0] : 2.0) + in0[p + o1_1])) + in0[p]));
#line 99 "sejits-smooth.cl"
        break;
      }
      case 2: {
        const sj_idx o2_0 = -1;
        const sj_idx o2_1 = 1;
#line 1 "smooth (kernel)"
        out0[p] = (double)(((P0 * (in0[p + o2_0] + ((((double)i0 + 1.0) < (double)n0) ? in0[p + o2_1] : 2.0))) + in0[p]));
#line 107 "sejits-smooth.cl"
        break;
      }
      case 3: {
        const sj_idx o3_0 = -1;
        const sj_idx o3_1 = 1;
#line 1 "smooth (kernel)"
        out0[p] = (double)(((P0 * (((((double)i0 + (-1.0)) >= 0.0) ? in0[p + o3_0] : 2.0) + ((((double)i0 + 1.0) < (double)n0) ? in0[p + o3_1] : 2.0))) + in0[p]));
#line 115 "sejits-smooth.cl"
        break;
      }
      default: break;
    }
  }
}
