#line 2 "sejits-table.c"
/* sejits c: table (generic, wrap, computes in float64) */
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
/* static w [3] */
static const double T0[3] = { 0.25, 0.5, 0.25 };
#if defined(__GNUC__) && !defined(__clang__)
#define SJ_BORDER_OPT __attribute__((optimize("O1")))
#else
#define SJ_BORDER_OPT
#endif
/* region 0: checks [full] */
static __attribute__((noinline)) void sj_region0(const double* restrict in0, double* restrict out0, const int64_t n0, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2];
  (void)sj_stream_min;
  #pragma omp for schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    const int64_t p = i0;
#line 1 "table (kernel)"
    double v_s = 0.0;
    for (int64_t v_i = 0; (double)v_i < 3.0; v_i += 1) {
      v_s += (sj_tab_i(T0, 3, v_i) * in0[((((i0 + (v_i - 1)) % n0) + n0) % n0)]);
    }
    out0[p] = (double)(v_s);
#line 62 "sejits-table.c"
  }
}
void sj_run(void* g0, void* g1, const int32_t* shape, const double* params, const int32_t* boxes, int32_t nboxes, int32_t nthreads, int64_t stream_min) {
  const double* in0 = (const double*)g0;
  double* out0 = (double*)g1;
  const int64_t n0 = shape[0];
  const int64_t work = n0 * 2;
  (void)work; (void)nthreads;
  #pragma omp parallel if (work >= 1048576) num_threads(nthreads > 0 ? nthreads : omp_get_max_threads())
  {
    for (int32_t b = 0; b < nboxes; b++) {
      const int32_t* box = boxes + (int64_t)b * 3;
      switch (box[0]) {
        case 0: sj_region0(in0, out0, n0, params, box, stream_min); break;
        default: break;
      }
    }
  }
}
