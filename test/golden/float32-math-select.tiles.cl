#line 2 "sejits-mathSelect.cl"
/* sejits opencl: mathSelect (specialized, nearest, computes in float32); tiles g8x32 p1x1; shared tiles: in0 10×33 */
#pragma OPENCL FP_CONTRACT OFF
#ifndef SJ_IDX
#define SJ_IDX long
#endif
typedef SJ_IDX sj_idx;
static inline int sj_truthy(float x) { return x == x && x != 0; }
static inline float sj_round(float x) {
  float r = floor(x);
  if (x < 0 && x >= -0.5f) return -0.0f;
  return (x - r >= 0.5f) ? r + 1 : r;
}
static inline float sj_sign(float x) { return x > 0 ? 1 : x < 0 ? -1 : x; }
static inline float sj_min(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) return signbit(a) ? a : b;
  return a < b ? a : b;
}
static inline float sj_max(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) return signbit(a) ? b : a;
  return a > b ? a : b;
}
static inline float sj_pow(float a, float b) {
  if (b != b) return b;
  if ((a == 1 || a == -1) && (b == INFINITY || b == -INFINITY)) return NAN;
  return pow(a, b);
}
static inline float sj_tab(__constant float* t, sj_idx n, float i) { return (i >= 0 && i < (float)n && i == floor(i)) ? t[(sj_idx)i] : NAN; }
static inline float sj_tab_i(__constant float* t, sj_idx n, sj_idx i) { return (i >= 0 && i < n) ? t[i] : NAN; }
__kernel __attribute__((reqd_work_group_size(256, 1, 1))) void sj_kernel(__global const float* restrict in0, __global float* restrict out0, const int sn0, const int sn1, const int ilo0, const int ilo1, const int ihi0, const int ihi1, const int fallback, const int nb0, const int nb1) {
  __local float t0[330];
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
    /* in0 → t0: 10×33, halo -[1, 0] +[1, 1] */
    for (int k = t; k < 330; k += 256) {
      const int x0 = k / 33, x1 = (k) % 33;
      t0[k] = (float)in0[(g0 - 1 + x0) * s0 + (g1 + x1)];
    }
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  if (tiled) {
    const sj_idx i0 = b0, i1 = b1;
    const sj_idx p = i0 * s0 + i1;
    const int lp0 = ((l0 + 1)) * 33 + (l1 + 0);
#line 1 "mathSelect (kernel)"
    out0[p] = (float)(fmod(((t0[lp0] > t0[lp0 + 1]) ? exp((-t0[lp0])) : (sj_round(t0[lp0 + 33]) + sj_min(t0[lp0 - 33], 0.1f))), 3.0f));
#line 59 "sejits-mathSelect.cl"
    return;
  }
  const sj_idx i0 = b0, i1 = b1;
  if (i0 >= n0 || i1 >= n1) return;
  const sj_idx p = i0 * s0 + i1;
  switch (fallback >= 0 ? fallback : (i0 >= ilo0 && i0 < ihi0 && i1 >= ilo1 && i1 < ihi1) ? 0 : fallback == -1 ? -1 : (i0 < ilo0 ? 1 : i0 >= ihi0 ? 2 : i1 < ilo1 ? -1 : i1 >= ihi1 ? 3 : -1)) {
    case 0: {
      const sj_idx o0_0 = 1;
      const sj_idx o0_1 = s0;
      const sj_idx o0_2 = -s0;
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmod(((in0[p] > in0[p + o0_0]) ? exp((-in0[p])) : (sj_round(in0[p + o0_1]) + sj_min(in0[p + o0_2], 0.1f))), 3.0f));
#line 72 "sejits-mathSelect.cl"
      break;
    }
    case 1: {
      const sj_idx o1_0 = s0;
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmod(((in0[p] > in0[i0 * s0 + (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))]) ? exp((-in0[p])) : (sj_round(in0[p + o1_0]) + sj_min(in0[(((i0 + (-1)) < 0) ? 0 : (i0 + (-1))) * s0 + i1], 0.1f))), 3.0f));
#line 79 "sejits-mathSelect.cl"
      break;
    }
    case 2: {
      const sj_idx o2_0 = -s0;
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmod(((in0[p] > in0[i0 * s0 + (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))]) ? exp((-in0[p])) : (sj_round(in0[(((i0 + 1) >= n0) ? (n0 - 1) : (i0 + 1)) * s0 + i1]) + sj_min(in0[p + o2_0], 0.1f))), 3.0f));
#line 86 "sejits-mathSelect.cl"
      break;
    }
    case 3: {
      const sj_idx o3_0 = s0;
      const sj_idx o3_1 = -s0;
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmod(((in0[p] > in0[i0 * s0 + (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))]) ? exp((-in0[p])) : (sj_round(in0[p + o3_0]) + sj_min(in0[p + o3_1], 0.1f))), 3.0f));
#line 94 "sejits-mathSelect.cl"
      break;
    }
    case 4: {
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmod(((in0[p] > in0[i0 * s0 + (((i1 + 1) < 0) ? 0 : (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1)))]) ? exp((-in0[p])) : (sj_round(in0[(((i0 + 1) < 0) ? 0 : (((i0 + 1) >= n0) ? (n0 - 1) : (i0 + 1))) * s0 + i1]) + sj_min(in0[(((i0 + (-1)) < 0) ? 0 : (((i0 + (-1)) >= n0) ? (n0 - 1) : (i0 + (-1)))) * s0 + i1], 0.1f))), 3.0f));
#line 100 "sejits-mathSelect.cl"
      break;
    }
    default: break;
  }
}
