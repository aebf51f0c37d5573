#line 2 "sejits-seven.cu"
/* sejits cuda: seven (specialized, reflect, computes in float64); vector g1x4x32 p4x1x2 fold; shared tiles: none */
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
extern "C" __global__ void __launch_bounds__(128) sj_kernel(const double* __restrict__ in0, double* __restrict__ out0, const int sn0, const int sn1, const int sn2, const int ilo0, const int ilo1, const int ilo2, const int ihi0, const int ihi1, const int ihi2, const int fallback, const int nb0, const int nb1, const int nb2) {
  const sj_idx n0 = sn0, n1 = sn1, n2 = sn2;
  const sj_idx s0 = n1 * n2;
  const sj_idx s1 = n2;
  const int t = (int)threadIdx.x;
  const int l0 = t / 128, l1 = (t / 32) % 4, l2 = (t) % 32;
  sj_idx q = (sj_idx)blockIdx.x;
  const sj_idx g2 = (q % nb2) * 64;
  q /= nb2;
  const sj_idx g1 = (q % nb1) * 4;
  q /= nb1;
  const sj_idx g0 = q * 4;
  const sj_idx b0 = g0 + l0 * 4, b1 = g1 + l1, b2 = g2 + l2 * 2;
  if (fallback == -2 && b0 >= ilo0 && b0 + 4 <= ihi0 && b1 >= ilo1 && b1 + 1 <= ihi1 && b2 + 2 <= n2) {
    const sj_idx pb = b0 * s0 + b1 * s1 + b2;
    double w0_0, w0_1;
    const double2 v0_m1_0_0 = *(const double2*)(in0 + pb - s0);
    const double2 v0_1_0_0 = *(const double2*)(in0 + pb + s0);
    const double2 v0_0_m1_0 = *(const double2*)(in0 + pb - s1);
    const double2 v0_0_1_0 = *(const double2*)(in0 + pb + s1);
    const double2 v0_0_0_0 = *(const double2*)(in0 + pb);
    {
      const sj_idx i0 = b0, i1 = b1, i2 = b2;
#line 1 "seven (kernel)"
      w0_0 = (double)(((((((v0_m1_0_0.x + v0_1_0_0.x) + v0_0_m1_0.x) + v0_0_1_0.x) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * v0_0_0_0.x)));
#line 66 "sejits-seven.cu"
    }
    {
      const sj_idx i0 = b0, i1 = b1, i2 = b2 + 1;
#line 1 "seven (kernel)"
      w0_1 = (double)(((((((v0_m1_0_0.y + v0_1_0_0.y) + v0_0_m1_0.y) + v0_0_1_0.y) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * v0_0_0_0.y)));
#line 72 "sejits-seven.cu"
    }
    *(double2*)(out0 + pb) = make_double2(w0_0, w0_1);
    const double2 v0_2_0_0 = *(const double2*)(in0 + pb + 2 * s0);
    const double2 v0_1_m1_0 = *(const double2*)(in0 + pb + s0 - s1);
    const double2 v0_1_1_0 = *(const double2*)(in0 + pb + s0 + s1);
    {
      const sj_idx i0 = b0 + 1, i1 = b1, i2 = b2;
#line 1 "seven (kernel)"
      w0_0 = (double)(((((((v0_0_0_0.x + v0_2_0_0.x) + v0_1_m1_0.x) + v0_1_1_0.x) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * v0_1_0_0.x)));
#line 82 "sejits-seven.cu"
    }
    {
      const sj_idx i0 = b0 + 1, i1 = b1, i2 = b2 + 1;
#line 1 "seven (kernel)"
      w0_1 = (double)(((((((v0_0_0_0.y + v0_2_0_0.y) + v0_1_m1_0.y) + v0_1_1_0.y) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * v0_1_0_0.y)));
#line 88 "sejits-seven.cu"
    }
    *(double2*)(out0 + pb + s0) = make_double2(w0_0, w0_1);
    const double2 v0_3_0_0 = *(const double2*)(in0 + pb + 3 * s0);
    const double2 v0_2_m1_0 = *(const double2*)(in0 + pb + 2 * s0 - s1);
    const double2 v0_2_1_0 = *(const double2*)(in0 + pb + 2 * s0 + s1);
    {
      const sj_idx i0 = b0 + 2, i1 = b1, i2 = b2;
#line 1 "seven (kernel)"
      w0_0 = (double)(((((((v0_1_0_0.x + v0_3_0_0.x) + v0_2_m1_0.x) + v0_2_1_0.x) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * v0_2_0_0.x)));
#line 98 "sejits-seven.cu"
    }
    {
      const sj_idx i0 = b0 + 2, i1 = b1, i2 = b2 + 1;
#line 1 "seven (kernel)"
      w0_1 = (double)(((((((v0_1_0_0.y + v0_3_0_0.y) + v0_2_m1_0.y) + v0_2_1_0.y) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * v0_2_0_0.y)));
#line 104 "sejits-seven.cu"
    }
    *(double2*)(out0 + pb + 2 * s0) = make_double2(w0_0, w0_1);
    const double2 v0_4_0_0 = *(const double2*)(in0 + pb + 4 * s0);
    const double2 v0_3_m1_0 = *(const double2*)(in0 + pb + 3 * s0 - s1);
    const double2 v0_3_1_0 = *(const double2*)(in0 + pb + 3 * s0 + s1);
    {
      const sj_idx i0 = b0 + 3, i1 = b1, i2 = b2;
#line 1 "seven (kernel)"
      w0_0 = (double)(((((((v0_2_0_0.x + v0_4_0_0.x) + v0_3_m1_0.x) + v0_3_1_0.x) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * v0_3_0_0.x)));
#line 114 "sejits-seven.cu"
    }
    {
      const sj_idx i0 = b0 + 3, i1 = b1, i2 = b2 + 1;
#line 1 "seven (kernel)"
      w0_1 = (double)(((((((v0_2_0_0.y + v0_4_0_0.y) + v0_3_m1_0.y) + v0_3_1_0.y) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * v0_3_0_0.y)));
#line 120 "sejits-seven.cu"
    }
    *(double2*)(out0 + pb + 3 * s0) = make_double2(w0_0, w0_1);
    return;
  }
  for (int q0 = 0; q0 < 4; q0++) {
    for (int q1 = 0; q1 < 1; q1++) {
      for (int q2 = 0; q2 < 2; q2++) {
        const sj_idx i0 = b0 + q0, i1 = b1 + q1, i2 = b2 + q2;
        if (i0 >= n0 || i1 >= n1 || i2 >= n2) continue;
        const sj_idx p = i0 * s0 + i1 * s1 + i2;
        switch (fallback >= 0 ? fallback : (i0 >= ilo0 && i0 < ihi0 && i1 >= ilo1 && i1 < ihi1 && i2 >= ilo2 && i2 < ihi2) ? 0 : fallback == -1 ? -1 : (i0 < ilo0 ? 1 : i0 >= ihi0 ? 2 : i1 < ilo1 ? 3 : i1 >= ihi1 ? 4 : i2 < ilo2 ? 5 : i2 >= ihi2 ? 6 : -1)) {
          case 0: {
            const sj_idx o0_0 = -s0;
            const sj_idx o0_1 = s0;
            const sj_idx o0_2 = -s1;
            const sj_idx o0_3 = s1;
            const sj_idx o0_4 = -1;
            const sj_idx o0_5 = 1;
#line 1 "seven (kernel)"
            out0[p] = (double)(((((((in0[p + o0_0] + in0[p + o0_1]) + in0[p + o0_2]) + in0[p + o0_3]) + in0[p + o0_4]) + in0[p + o0_5]) - (6.0 * in0[p])));
#line 141 "sejits-seven.cu"
            break;
          }
          case 1: {
            const sj_idx o1_0 = s0;
#line 1 "seven (kernel)"
            out0[p] = (double)(((((((in0[(((i0 + (-1)) < 0) ? ((-1) - (i0 + (-1))) : (i0 + (-1))) * s0 + i1 * s1 + i2] + in0[p + o1_0]) + in0[i0 * s0 + (((i1 + (-1)) < 0) ? ((-1) - (i1 + (-1))) : (i1 + (-1))) * s1 + i2]) + in0[i0 * s0 + (((i1 + 1) >= n1) ? (((2 * n1) - 1) - (i1 + 1)) : (i1 + 1)) * s1 + i2]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 148 "sejits-seven.cu"
            break;
          }
          case 2: {
            const sj_idx o2_0 = -s0;
#line 1 "seven (kernel)"
            out0[p] = (double)(((((((in0[p + o2_0] + in0[(((i0 + 1) >= n0) ? (((2 * n0) - 1) - (i0 + 1)) : (i0 + 1)) * s0 + i1 * s1 + i2]) + in0[i0 * s0 + (((i1 + (-1)) < 0) ? ((-1) - (i1 + (-1))) : (i1 + (-1))) * s1 + i2]) + in0[i0 * s0 + (((i1 + 1) >= n1) ? (((2 * n1) - 1) - (i1 + 1)) : (i1 + 1)) * s1 + i2]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 155 "sejits-seven.cu"
            break;
          }
          case 3: {
            const sj_idx o3_0 = -s0;
            const sj_idx o3_1 = s0;
            const sj_idx o3_2 = s1;
#line 1 "seven (kernel)"
            out0[p] = (double)(((((((in0[p + o3_0] + in0[p + o3_1]) + in0[i0 * s0 + (((i1 + (-1)) < 0) ? ((-1) - (i1 + (-1))) : (i1 + (-1))) * s1 + i2]) + in0[p + o3_2]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 164 "sejits-seven.cu"
            break;
          }
          case 4: {
            const sj_idx o4_0 = -s0;
            const sj_idx o4_1 = s0;
            const sj_idx o4_2 = -s1;
#line 1 "seven (kernel)"
            out0[p] = (double)(((((((in0[p + o4_0] + in0[p + o4_1]) + in0[p + o4_2]) + in0[i0 * s0 + (((i1 + 1) >= n1) ? (((2 * n1) - 1) - (i1 + 1)) : (i1 + 1)) * s1 + i2]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 173 "sejits-seven.cu"
            break;
          }
          case 5: {
            const sj_idx o5_0 = -s0;
            const sj_idx o5_1 = s0;
            const sj_idx o5_2 = -s1;
            const sj_idx o5_3 = s1;
            const sj_idx o5_4 = 1;
#line 1 "seven (kernel)"
            out0[p] = (double)(((((((in0[p + o5_0] + in0[p + o5_1]) + in0[p + o5_2]) + in0[p + o5_3]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[p + o5_4]) - (6.0 * in0[p])));
#line 184 "sejits-seven.cu"
            break;
          }
          case 6: {
            const sj_idx o6_0 = -s0;
            const sj_idx o6_1 = s0;
            const sj_idx o6_2 = -s1;
            const sj_idx o6_3 = s1;
            const sj_idx o6_4 = -1;
#line 1 "seven (kernel)"
            out0[p] = (double)(((((((in0[p + o6_0] + in0[p + o6_1]) + in0[p + o6_2]) + in0[p + o6_3]) + in0[p + o6_4]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 195 "sejits-seven.cu"
            break;
          }
          case 7: {
#line 1 "seven (kernel)"
            out0[p] = (double)(((((((in0[((((((i0 + (-1)) % (2 * n0)) + (2 * n0)) % (2 * n0)) < n0) ? ((((i0 + (-1)) % (2 * n0)) + (2 * n0)) % (2 * n0)) : (((2 * n0) - 1) - ((((i0 + (-1)) % (2 * n0)) + (2 * n0)) % (2 * n0)))) * s0 + i1 * s1 + i2] + in0[((((((i0 + 1) % (2 * n0)) + (2 * n0)) % (2 * n0)) < n0) ? ((((i0 + 1) % (2 * n0)) + (2 * n0)) % (2 * n0)) : (((2 * n0) - 1) - ((((i0 + 1) % (2 * n0)) + (2 * n0)) % (2 * n0)))) * s0 + i1 * s1 + i2]) + in0[i0 * s0 + ((((((i1 + (-1)) % (2 * n1)) + (2 * n1)) % (2 * n1)) < n1) ? ((((i1 + (-1)) % (2 * n1)) + (2 * n1)) % (2 * n1)) : (((2 * n1) - 1) - ((((i1 + (-1)) % (2 * n1)) + (2 * n1)) % (2 * n1)))) * s1 + i2]) + in0[i0 * s0 + ((((((i1 + 1) % (2 * n1)) + (2 * n1)) % (2 * n1)) < n1) ? ((((i1 + 1) % (2 * n1)) + (2 * n1)) % (2 * n1)) : (((2 * n1) - 1) - ((((i1 + 1) % (2 * n1)) + (2 * n1)) % (2 * n1)))) * s1 + i2]) + in0[i0 * s0 + i1 * s1 + ((((((i2 + (-1)) % (2 * n2)) + (2 * n2)) % (2 * n2)) < n2) ? ((((i2 + (-1)) % (2 * n2)) + (2 * n2)) % (2 * n2)) : (((2 * n2) - 1) - ((((i2 + (-1)) % (2 * n2)) + (2 * n2)) % (2 * n2))))]) + in0[i0 * s0 + i1 * s1 + ((((((i2 + 1) % (2 * n2)) + (2 * n2)) % (2 * n2)) < n2) ? ((((i2 + 1) % (2 * n2)) + (2 * n2)) % (2 * n2)) : (((2 * n2) - 1) - ((((i2 + 1) % (2 * n2)) + (2 * n2)) % (2 * n2))))]) - (6.0 * in0[p])));
#line 201 "sejits-seven.cu"
            break;
          }
          default: break;
        }
      }
    }
  }
}
