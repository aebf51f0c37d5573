#line 2 "sejits-mathSelect.c"
/* sejits c: mathSelect (specialized, nearest, computes in float32) */
#include <stdint.h>
#include <math.h>
#ifdef _OPENMP
#include <omp.h>
#endif
static inline int sj_truthy(float x) { return x == x && x != 0; }
static inline float sj_round(float x) {
  float r = floorf(x);
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
  return powf(a, b);
}
static inline float sj_tab(const float* t, int64_t n, float i) { return (i >= 0 && i < (float)n && i == floorf(i)) ? t[(int64_t)i] : NAN; }
static inline float sj_tab_i(const float* t, int64_t n, int64_t i) { return (i >= 0 && i < n) ? t[i] : NAN; }
#if defined(__GNUC__) && !defined(__clang__)
#define SJ_BORDER_OPT __attribute__((optimize("O1")))
#else
#define SJ_BORDER_OPT
#endif
/* region 1: checks [lo, hi] */
static __attribute__((noinline)) void sj_region1(const float* restrict in0, float* restrict out0, const int64_t n0, const int64_t n1, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4];
  const int64_t s0 = n1;
  (void)sj_stream_min;
  const int64_t o0 = s0;
  #pragma omp for schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    const int64_t row = i0 * s0;
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t p = row + i1;
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmodf(((in0[p] > in0[i0 * s0 + (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))]) ? expf((-in0[p])) : (sj_round(in0[p + o0]) + sj_min(in0[(((i0 + (-1)) < 0) ? 0 : (i0 + (-1))) * s0 + i1], 0.1f))), 3.0f));
#line 51 "sejits-mathSelect.c"
    }
  }
}
/* region 2: checks [hi, hi] */
static __attribute__((noinline)) void sj_region2(const float* restrict in0, float* restrict out0, const int64_t n0, const int64_t n1, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4];
  const int64_t s0 = n1;
  (void)sj_stream_min;
  const int64_t o0 = -s0;
  #pragma omp for schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    const int64_t row = i0 * s0;
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t p = row + i1;
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmodf(((in0[p] > in0[i0 * s0 + (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))]) ? expf((-in0[p])) : (sj_round(in0[(((i0 + 1) >= n0) ? (n0 - 1) : (i0 + 1)) * s0 + i1]) + sj_min(in0[p + o0], 0.1f))), 3.0f));
#line 68 "sejits-mathSelect.c"
    }
  }
}
/* region 3: checks [none, hi] */
static __attribute__((noinline)) void sj_region3(const float* restrict in0, float* restrict out0, const int64_t n0, const int64_t n1, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4];
  const int64_t s0 = n1;
  (void)sj_stream_min;
  const int64_t o0 = s0;
  const int64_t o1 = -s0;
  #pragma omp for schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    const int64_t row = i0 * s0;
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t p = row + i1;
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmodf(((in0[p] > in0[i0 * s0 + (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))]) ? expf((-in0[p])) : (sj_round(in0[p + o0]) + sj_min(in0[p + o1], 0.1f))), 3.0f));
#line 86 "sejits-mathSelect.c"
    }
  }
}
/* region 4: checks [full, full] */
static __attribute__((noinline)) void sj_region4(const float* restrict in0, float* restrict out0, const int64_t n0, const int64_t n1, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4];
  const int64_t s0 = n1;
  (void)sj_stream_min;
  #pragma omp for schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    const int64_t row = i0 * s0;
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t p = row + i1;
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmodf(((in0[p] > in0[i0 * s0 + (((i1 + 1) < 0) ? 0 : (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1)))]) ? expf((-in0[p])) : (sj_round(in0[(((i0 + 1) < 0) ? 0 : (((i0 + 1) >= n0) ? (n0 - 1) : (i0 + 1))) * s0 + i1]) + sj_min(in0[(((i0 + (-1)) < 0) ? 0 : (((i0 + (-1)) >= n0) ? (n0 - 1) : (i0 + (-1)))) * s0 + i1], 0.1f))), 3.0f));
#line 102 "sejits-mathSelect.c"
    }
  }
}
/* regions 0, 3: the interior rows with the faces of axis 1 (checks [none, none], [none, hi]) */
static __attribute__((noinline)) void sj_rows(const float* restrict in0, float* restrict out0, const int64_t n0, const int64_t n1, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4];
  const int64_t s0 = n1;
  const int64_t o0 = 1;
  const int64_t o1 = s0;
  const int64_t o2 = -s0;
  const int64_t oh0 = s0;
  const int64_t oh1 = -s0;
  #pragma omp for schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    const int64_t row = i0 * s0;
    #pragma omp simd
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t p = row + i1;
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmodf(((in0[p] > in0[p + o0]) ? expf((-in0[p])) : (sj_round(in0[p + o1]) + sj_min(in0[p + o2], 0.1f))), 3.0f));
#line 123 "sejits-mathSelect.c"
    }
    for (int64_t i1 = hi1; i1 < n1; i1++) {
      const int64_t p = row + i1;
#line 1 "mathSelect (kernel)"
      out0[p] = (float)(fmodf(((in0[p] > in0[i0 * s0 + (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))]) ? expf((-in0[p])) : (sj_round(in0[p + oh0]) + sj_min(in0[p + oh1], 0.1f))), 3.0f));
#line 129 "sejits-mathSelect.c"
    }
  }
}
void sj_run(void* g0, void* g1, const int32_t* shape, const double* params, const int32_t* boxes, int32_t nboxes, int32_t nthreads, int64_t stream_min) {
  const float* in0 = (const float*)g0;
  float* out0 = (float*)g1;
  const int64_t n0 = shape[0], n1 = shape[1];
  const int64_t work = n0 * n1 * 30;
  (void)work; (void)nthreads;
  /* The face boxes of the innermost axis run inside sj_rows whenever the interior box is present. */
  int rows = 0;
  for (int32_t b = 0; b < nboxes; b++) rows |= boxes[(int64_t)b * 5] == 0;
  #pragma omp parallel if (work >= 1048576) num_threads(nthreads > 0 ? nthreads : omp_get_max_threads())
  {
    for (int32_t b = 0; b < nboxes; b++) {
      const int32_t* box = boxes + (int64_t)b * 5;
      switch (box[0]) {
        case 0: sj_rows(in0, out0, n0, n1, params, box, stream_min); break;
        case 1: sj_region1(in0, out0, n0, n1, params, box, stream_min); break;
        case 2: sj_region2(in0, out0, n0, n1, params, box, stream_min); break;
        case 3: if (!rows) sj_region3(in0, out0, n0, n1, params, box, stream_min); break;
        case 4: sj_region4(in0, out0, n0, n1, params, box, stream_min); break;
        default: break;
      }
    }
  }
}
