#line 2 "sejits-table.cu"
/* sejits cuda: table (generic, wrap, computes in float64); scalar g256 p1; shared tiles: none */
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
/* static w [3] */
static __constant__ const unsigned long long T0_bits[3] = { 0x3fd0000000000000ull, 0x3fe0000000000000ull, 0x3fd0000000000000ull };
#define T0 ((const double*)T0_bits)
extern "C" __global__ void __launch_bounds__(256) sj_kernel(const double* __restrict__ in0, double* __restrict__ out0, const int sn0, const int ilo0, const int ihi0, const int fallback, const int nb0) {
  const sj_idx n0 = sn0;
  const int t = (int)threadIdx.x;
  const int l0 = t;
  sj_idx q = (sj_idx)blockIdx.x;
  const sj_idx g0 = q * 256;
  const sj_idx b0 = g0 + l0;
  const sj_idx i0 = b0;
  if (i0 >= n0) return;
  const sj_idx p = i0;
  switch (fallback >= 0 ? fallback : (i0 >= ilo0 && i0 < ihi0) ? 0 : fallback == -1 ? -1 : (i0 < ilo0 ? -1 : i0 >= ihi0 ? -1 : -1)) {
    case 0: {
#line 1 "table (kernel)"
      double v_s = 0.0;
      for (sj_idx v_i = 0; (double)v_i < 3.0; v_i += 1) {
        v_s += (sj_tab_i(T0, 3, v_i) * in0[((((i0 + (v_i - 1)) % n0) + n0) % n0)]);
      }
      out0[p] = (double)(v_s);
#line 62 "sejits-table.cu"
      break;
    }
    default: break;
  }
}
