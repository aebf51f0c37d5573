#line 2 "sejits-smooth.cu"
/* sejits cuda: smooth (specialized, constant, computes in float64); vector g128 p4; shared tiles: none */
#ifndef SJ_IDX
#define SJ_IDX long long
#endif
typedef SJ_IDX sj_idx;
static __device__ __forceinline__ int sj_truthy(double x) { return x == x && x != 0; }
static __device__ __forceinline__ double sj_round(double x) {
  double r = floor(x);
  if (x < 0 && x >= -0.5) return -0.0;
  return (x - r >= 0.5) ? r + 1 : r;
}
static __device__ __forceinline__ double sj_sign(double x) { return x > 0 ? 1 : x < 0 ? -1 : x; }
static __device__ __forceinline__ double sj_min(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) return signbit(a) ? a : b;
  return a < b ? a : b;
}
static __device__ __forceinline__ double sj_max(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) return signbit(a) ? b : a;
  return a > b ? a : b;
}
static __device__ __forceinline__ double sj_pow(double a, double b) {
  if (b != b) return b;
  if ((a == 1 || a == -1) && (b == __int_as_float(0x7f800000) || b == -__int_as_float(0x7f800000))) return __int_as_float(0x7fffffff);
  return pow(a, b);
}
static __device__ __forceinline__ double sj_tab(const double* t, sj_idx n, double i) { return (i >= 0 && i < (double)n && i == floor(i)) ? t[(sj_idx)i] : __int_as_float(0x7fffffff); }
static __device__ __forceinline__ double sj_tab_i(const double* t, sj_idx n, sj_idx i) { return (i >= 0 && i < n) ? t[i] : __int_as_float(0x7fffffff); }
static __device__ __forceinline__ int sj_to_i32_slow(double x) {
  if (!(x == x) || x == __int_as_float(0x7f800000) || x == -__int_as_float(0x7f800000)) return 0;
  double m = fmod(trunc(x), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return (int)((unsigned int)m);
}
/* ToInt32 of a typed-array store; the common in-range case is a plain truncating cast. */
static __device__ __forceinline__ int sj_to_i32(double x) { return (x > -2147483649.0 && x < 2147483648.0) ? (int)x : sj_to_i32_slow(x); }
static __device__ __forceinline__ unsigned char sj_to_u8(double x) { return (unsigned char)(unsigned int)sj_to_i32(x); }
extern "C" __global__ void __launch_bounds__(128) sj_kernel(const double* __restrict__ in0, double* __restrict__ out0, const int sn0, const int ilo0, const int ihi0, const int fallback, const int nb0, const double P0) {
  const sj_idx n0 = sn0;
  const int t = (int)threadIdx.x;
  const int l0 = t;
  sj_idx q = (sj_idx)blockIdx.x;
  const sj_idx g0 = q * 512;
  const sj_idx b0 = g0 + l0 * 4;
  if (b0 >= ilo0 && b0 + 4 <= ihi0) {
    const sj_idx pb = b0;
    double w0_0, w0_1, w0_2, w0_3;
    const double x0_m1 = in0[pb - 1];
    const double2 v0_0 = *(const double2*)(in0 + pb);
    const double2 v0_2 = *(const double2*)(in0 + pb + 2);
    {
#line 1 "smooth (kernel)"
      w0_0 = (double)(((P0 * (x0_m1 + v0_0.y)) + v0_0.x));
#line 57 "sejits-smooth.cu"
    }
    {
#line 1 "smooth (kernel)"
      w0_1 = (double)(((P0 * (v0_0.x + v0_2.x)) + v0_0.y));
#line 62 "sejits-smooth.cu"
    }
    {
#line 1 "smooth (kernel)"
      w0_2 = (double)(((P0 * (v0_0.y + v0_2.y)) + v0_2.x));
#line 67 "sejits-smooth.cu"
    }
    const double x0_4 = in0[pb + 4];
    {
#line 1 "smooth (kernel)"
      w0_3 = (double)(((P0 * (v0_2.x + x0_4)) + v0_2.y));
#line 73 "sejits-smooth.cu"
    }
    *(double2*)(out0 + pb) = make_double2(w0_0, w0_1);
    *(double2*)(out0 + pb + 2) = make_double2(w0_2, w0_3);
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
#line 89 "sejits-smooth.cu"
        break;
      }
      case 1: {
        const sj_idx o1_0 = -1;
        const sj_idx o1_1 = 1;
#line 1 "smooth (kernel)"
        out0[p] = (double)(((P0 * (((((double)i0 + (-1.0)) >= 0.0) ? in0[p + o1_0] : 2.0) + in0[p + o1_1])) + in0[p]));
#line 97 "sejits-smooth.cu"
        break;
      }
      case 2: {
        const sj_idx o2_0 = -1;
        const sj_idx o2_1 = 1;
#line 1 "smooth (kernel)"
        out0[p] = (double)(((P0 * (in0[p + o2_0] + ((((double)i0 + 1.0) < (double)n0) ? in0[p + o2_1] : 2.0))) + in0[p]));
#line 105 "sejits-smooth.cu"
        break;
      }
      case 3: {
        const sj_idx o3_0 = -1;
        const sj_idx o3_1 = 1;
#line 1 "smooth (kernel)"
        out0[p] = (double)(((P0 * (((((double)i0 + (-1.0)) >= 0.0) ? in0[p + o3_0] : 2.0) + ((((double)i0 + 1.0) < (double)n0) ? in0[p + o3_1] : 2.0))) + in0[p]));
#line 113 "sejits-smooth.cu"
        break;
      }
      default: break;
    }
  }
}
