#line 2 "sejits-accumulate.cu"
/* sejits cuda: accumulate (specialized, mirror, computes in float64); vector g2x64 p2x2; shared tiles: none */
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
extern "C" __global__ void __launch_bounds__(128) sj_kernel(const int* __restrict__ in0, int* __restrict__ out0, const int sn0, const int sn1, const int ilo0, const int ilo1, const int ihi0, const int ihi1, const int fallback, const int nb0, const int nb1) {
  const sj_idx n0 = sn0, n1 = sn1;
  const sj_idx s0 = n1;
  const int t = (int)threadIdx.x;
  const int l0 = t / 64, l1 = (t) % 64;
  sj_idx q = (sj_idx)blockIdx.x;
  const sj_idx g1 = (q % nb1) * 128;
  q /= nb1;
  const sj_idx g0 = q * 4;
  const sj_idx b0 = g0 + l0 * 2, b1 = g1 + l1 * 2;
  if (b0 >= ilo0 && b0 + 2 <= ihi0 && b1 >= ilo1 && b1 + 2 <= ihi1) {
    const sj_idx pb = b0 * s0 + b1;
    const int x0_0_m1 = in0[pb - 1];
    const int2 v0_0_0 = *(const int2*)(in0 + pb);
    const int2 v0_1_0 = *(const int2*)(in0 + pb + s0);
    {
      const sj_idx p = pb;
#line 1 "accumulate (kernel)"
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)x0_0_m1));
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)v0_0_0.y));
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)v0_1_0.x));
#line 62 "sejits-accumulate.cu"
    }
    const int x0_0_2 = in0[pb + 2];
    {
      const sj_idx p = pb + 1;
#line 1 "accumulate (kernel)"
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)v0_0_0.x));
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)x0_0_2));
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)v0_1_0.y));
#line 71 "sejits-accumulate.cu"
    }
    const int x0_1_m1 = in0[pb + s0 - 1];
    const int2 v0_2_0 = *(const int2*)(in0 + pb + 2 * s0);
    {
      const sj_idx p = pb + s0;
#line 1 "accumulate (kernel)"
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)x0_1_m1));
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)v0_1_0.y));
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)v0_2_0.x));
#line 81 "sejits-accumulate.cu"
    }
    const int x0_1_2 = in0[pb + s0 + 2];
    {
      const sj_idx p = pb + s0 + 1;
#line 1 "accumulate (kernel)"
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)v0_1_0.x));
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)x0_1_2));
      out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)v0_2_0.y));
#line 90 "sejits-accumulate.cu"
    }
    return;
  }
  for (int q0 = 0; q0 < 2; q0++) {
    for (int q1 = 0; q1 < 2; q1++) {
      const sj_idx i0 = b0 + q0, i1 = b1 + q1;
      if (i0 >= n0 || i1 >= n1) continue;
      const sj_idx p = i0 * s0 + i1;
      switch (fallback >= 0 ? fallback : (i0 >= ilo0 && i0 < ihi0 && i1 >= ilo1 && i1 < ihi1) ? 0 : fallback == -1 ? -1 : (i0 < ilo0 ? -1 : i0 >= ihi0 ? 1 : i1 < ilo1 ? 2 : i1 >= ihi1 ? 3 : -1)) {
        case 0: {
          const sj_idx o0_0 = -1;
          const sj_idx o0_1 = 1;
          const sj_idx o0_2 = s0;
#line 1 "accumulate (kernel)"
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[p + o0_0]));
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[p + o0_1]));
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[p + o0_2]));
#line 108 "sejits-accumulate.cu"
          break;
        }
        case 1: {
#line 1 "accumulate (kernel)"
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[i0 * s0 + (((i1 + (-1)) < 0) ? (0 - (i1 + (-1))) : (i1 + (-1)))]));
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[i0 * s0 + (((i1 + 1) >= n1) ? (((2 * n1) - 2) - (i1 + 1)) : (i1 + 1))]));
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[(((i0 + 1) >= n0) ? (((2 * n0) - 2) - (i0 + 1)) : (i0 + 1)) * s0 + i1]));
#line 116 "sejits-accumulate.cu"
          break;
        }
        case 2: {
          const sj_idx o2_0 = 1;
          const sj_idx o2_1 = s0;
#line 1 "accumulate (kernel)"
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[i0 * s0 + (((i1 + (-1)) < 0) ? (0 - (i1 + (-1))) : (i1 + (-1)))]));
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[p + o2_0]));
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[p + o2_1]));
#line 126 "sejits-accumulate.cu"
          break;
        }
        case 3: {
          const sj_idx o3_0 = -1;
          const sj_idx o3_1 = s0;
#line 1 "accumulate (kernel)"
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[p + o3_0]));
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[i0 * s0 + (((i1 + 1) >= n1) ? (((2 * n1) - 2) - (i1 + 1)) : (i1 + 1))]));
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[p + o3_1]));
#line 136 "sejits-accumulate.cu"
          break;
        }
        case 4: {
#line 1 "accumulate (kernel)"
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[i0 * s0 + ((n1 == 1) ? 0 : ((((((i1 + (-1)) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)) < n1) ? ((((i1 + (-1)) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)) : (((2 * n1) - 2) - ((((i1 + (-1)) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)))))]));
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[i0 * s0 + ((n1 == 1) ? 0 : ((((((i1 + 1) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)) < n1) ? ((((i1 + 1) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)) : (((2 * n1) - 2) - ((((i1 + 1) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)))))]));
          out0[p] = sj_to_i32((double)out0[p] + (0.75 * (double)in0[((n0 == 1) ? 0 : ((((((i0 + 1) % ((2 * n0) - 2)) + ((2 * n0) - 2)) % ((2 * n0) - 2)) < n0) ? ((((i0 + 1) % ((2 * n0) - 2)) + ((2 * n0) - 2)) % ((2 * n0) - 2)) : (((2 * n0) - 2) - ((((i0 + 1) % ((2 * n0) - 2)) + ((2 * n0) - 2)) % ((2 * n0) - 2))))) * s0 + i1]));
#line 144 "sejits-accumulate.cu"
          break;
        }
        default: break;
      }
    }
  }
}
