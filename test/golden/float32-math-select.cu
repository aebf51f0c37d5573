#line 2 "sejits-mathSelect.cu"
/* sejits cuda: mathSelect (specialized, nearest, computes in float32); vector g2x64 p2x2; shared tiles: none */
#ifndef SJ_IDX
#define SJ_IDX long long
#endif
typedef SJ_IDX sj_idx;
static __device__ __forceinline__ int sj_truthy(float x) { return x == x && x != 0; }
static __device__ __forceinline__ float sj_round(float x) {
  float r = floorf(x);
  if (x < 0 && x >= -0.5f) return -0.0f;
  return (x - r >= 0.5f) ? r + 1 : r;
}
static __device__ __forceinline__ float sj_sign(float x) { return x > 0 ? 1 : x < 0 ? -1 : x; }
static __device__ __forceinline__ float sj_min(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) return signbit(a) ? a : b;
  return a < b ? a : b;
}
static __device__ __forceinline__ float sj_max(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) return signbit(a) ? b : a;
  return a > b ? a : b;
}
static __device__ __forceinline__ float sj_pow(float a, float b) {
  if (b != b) return b;
  if ((a == 1 || a == -1) && (b == __int_as_float(0x7f800000) || b == -__int_as_float(0x7f800000))) return __int_as_float(0x7fffffff);
  return powf(a, b);
}
static __device__ __forceinline__ float sj_tab(const float* t, sj_idx n, float i) { return (i >= 0 && i < (float)n && i == floorf(i)) ? t[(sj_idx)i] : __int_as_float(0x7fffffff); }
static __device__ __forceinline__ float sj_tab_i(const float* t, sj_idx n, sj_idx i) { return (i >= 0 && i < n) ? t[i] : __int_as_float(0x7fffffff); }
extern "C" __global__ void __launch_bounds__(128) sj_kernel(const float* __restrict__ in0, float* __restrict__ out0, const int sn0, const int sn1, const int ilo0, const int ilo1, const int ihi0, const int ihi1, const int fallback, const int nb0, const int nb1) {
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
    float w0_0, w0_1;
    const float2 v0_0_0 = *(const float2*)(in0 + pb);
    const float2 v0_1_0 = *(const float2*)(in0 + pb + s0);
    const float2 v0_m1_0 = *(const float2*)(in0 + pb - s0);
    {
#line 1 "mathSelect (kernel)"
      w0_0 = (float)(fmodf(((v0_0_0.x > v0_0_0.y) ? expf((-v0_0_0.x)) : (sj_round(v0_1_0.x) + sj_min(v0_m1_0.x, 0.1f))), 3.0f));
#line 51 "sejits-mathSelect.cu"
    }
    const float x0_0_2 = in0[pb + 2];
    {
#line 1 "mathSelect (kernel)"
      w0_1 = (float)(fmodf(((v0_0_0.y > x0_0_2) ? expf((-v0_0_0.y)) : (sj_round(v0_1_0.y) + sj_min(v0_m1_0.y, 0.1f))), 3.0f));
#line 57 "sejits-mathSelect.cu"
    }
    *(float2*)(out0 + pb) = make_float2(w0_0, w0_1);
    const float2 v0_2_0 = *(const float2*)(in0 + pb + 2 * s0);
    {
#line 1 "mathSelect (kernel)"
      w0_0 = (float)(fmodf(((v0_1_0.x > v0_1_0.y) ? expf((-v0_1_0.x)) : (sj_round(v0_2_0.x) + sj_min(v0_0_0.x, 0.1f))), 3.0f));
#line 64 "sejits-mathSelect.cu"
    }
    const float x0_1_2 = in0[pb + s0 + 2];
    {
#line 1 "mathSelect (kernel)"
      w0_1 = (float)(fmodf(((v0_1_0.y > x0_1_2) ? expf((-v0_1_0.y)) : (sj_round(v0_2_0.y) + sj_min(v0_0_0.y, 0.1f))), 3.0f));
#line 70 "sejits-mathSelect.cu"
    }
    *(float2*)(out0 + pb + s0) = make_float2(w0_0, w0_1);
    return;
  }
  for (int q0 = 0; q0 < 2; q0++) {
    for (int q1 = 0; q1 < 2; q1++) {
      const sj_idx i0 = b0 + q0, i1 = b1 + q1;
      if (i0 >= n0 || i1 >= n1) continue;
      const sj_idx p = i0 * s0 + i1;
      switch (fallback >= 0 ? fallback : (i0 >= ilo0 && i0 < ihi0 && i1 >= ilo1 && i1 < ihi1) ? 0 : fallback == -1 ? -1 : (i0 < ilo0 ? 1 : i0 >= ihi0 ? 2 : i1 < ilo1 ? -1 : i1 >= ihi1 ? 3 : -1)) {
        case 0: {
          const sj_idx o0_0 = 1;
          const sj_idx o0_1 = s0;
          const sj_idx o0_2 = -s0;
#line 1 "mathSelect (kernel)"
          out0[p] = (float)(fmodf(((in0[p] > in0[p + o0_0]) ? expf((-in0[p])) : (sj_round(in0[p + o0_1]) + sj_min(in0[p + o0_2], 0.1f))), 3.0f));
#line 87 "sejits-mathSelect.cu"
          break;
        }
        case 1: {
          const sj_idx o1_0 = s0;
#line 1 "mathSelect (kernel)"
          out0[p] = (float)(fmodf(((in0[p] > in0[i0 * s0 + (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))]) ? expf((-in0[p])) : (sj_round(in0[p + o1_0]) + sj_min(in0[(((i0 + (-1)) < 0) ? 0 : (i0 + (-1))) * s0 + i1], 0.1f))), 3.0f));
#line 94 "sejits-mathSelect.cu"
          break;
        }
        case 2: {
          const sj_idx o2_0 = -s0;
#line 1 "mathSelect (kernel)"
          out0[p] = (float)(fmodf(((in0[p] > in0[i0 * s0 + (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))]) ? expf((-in0[p])) : (sj_round(in0[(((i0 + 1) >= n0) ? (n0 - 1) : (i0 + 1)) * s0 + i1]) + sj_min(in0[p + o2_0], 0.1f))), 3.0f));
#line 101 "sejits-mathSelect.cu"
          break;
        }
        case 3: {
          const sj_idx o3_0 = s0;
          const sj_idx o3_1 = -s0;
#line 1 "mathSelect (kernel)"
          out0[p] = (float)(fmodf(((in0[p] > in0[i0 * s0 + (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))]) ? expf((-in0[p])) : (sj_round(in0[p + o3_0]) + sj_min(in0[p + o3_1], 0.1f))), 3.0f));
#line 109 "sejits-mathSelect.cu"
          break;
        }
        case 4: {
#line 1 "mathSelect (kernel)"
          out0[p] = (float)(fmodf(((in0[p] > in0[i0 * s0 + (((i1 + 1) < 0) ? 0 : (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1)))]) ? expf((-in0[p])) : (sj_round(in0[(((i0 + 1) < 0) ? 0 : (((i0 + 1) >= n0) ? (n0 - 1) : (i0 + 1))) * s0 + i1]) + sj_min(in0[(((i0 + (-1)) < 0) ? 0 : (((i0 + (-1)) >= n0) ? (n0 - 1) : (i0 + (-1)))) * s0 + i1], 0.1f))), 3.0f));
#line 115 "sejits-mathSelect.cu"
          break;
        }
        default: break;
      }
    }
  }
}
