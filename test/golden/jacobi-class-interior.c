#line 2 "sejits-Jacobi.c"
/* sejits c: Jacobi (specialized, interior, computes in float64) */
#include <stdint.h>
#include <math.h>
#ifdef _OPENMP
#include <omp.h>
#endif
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
static inline double sj_tab(const double* t, int64_t n, double i) { return (i >= 0 && i < (double)n && i == floor(i)) ? t[(int64_t)i] : NAN; }
static inline double sj_tab_i(const double* t, int64_t n, int64_t i) { return (i >= 0 && i < n) ? t[i] : NAN; }
static inline int32_t sj_to_i32_slow(double x) {
  if (!(x == x) || x == INFINITY || x == -INFINITY) return 0;
  double m = fmod(trunc(x), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return (int32_t)(uint32_t)m;
}
/* ToInt32 of a typed-array store; the common in-range case is a plain truncating cast. */
static inline int32_t sj_to_i32(double x) { return (x > -2147483649.0 && x < 2147483648.0) ? (int32_t)x : sj_to_i32_slow(x); }
static inline uint8_t sj_to_u8(double x) { return (uint8_t)(uint32_t)sj_to_i32(x); }
#if defined(__GNUC__) && !defined(__clang__)
#define SJ_BORDER_OPT __attribute__((optimize("O1")))
#else
#define SJ_BORDER_OPT
#endif
/* regions 0: the interior rows with the faces of axis 1 (checks [none, none]) */
static __attribute__((noinline)) void sj_rows(const double* restrict in0, double* restrict out0, const int64_t n0, const int64_t n1, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4];
  const int64_t s0 = n1;
  const int64_t o0 = -1;
  const int64_t o1 = 1;
  const int64_t o2 = -s0;
  const int64_t o3 = s0;
  #pragma omp for schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    const int64_t row = i0 * s0;
    #pragma omp simd
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t p = row + i1;
#line 1 "Jacobi (kernel)"
      out0[p] = (double)(out0[p] + (0.1 * in0[p + o0]));
      out0[p] = (double)(out0[p] + (0.1 * in0[p + o1]));
      out0[p] = (double)(out0[p] + (0.3 * in0[p + o2]));
      out0[p] = (double)(out0[p] + (0.3 * in0[p + o3]));
#line 66 "sejits-Jacobi.c"
    }
  }
}
void sj_run(void* g0, void* g1, const int32_t* shape, const double* params, const int32_t* boxes, int32_t nboxes, int32_t nthreads, int64_t stream_min) {
  const double* in0 = (const double*)g0;
  double* out0 = (double*)g1;
  const int64_t n0 = shape[0], n1 = shape[1];
  const int64_t work = n0 * n1 * 5;
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
        default: break;
      }
    }
  }
}
