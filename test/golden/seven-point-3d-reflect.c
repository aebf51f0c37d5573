#line 2 "sejits-seven.c"
/* sejits c: seven (specialized, reflect, computes in float64) */
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
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__AVX512F__) || defined(__AVX__) || defined(__SSE2__))
#if defined(__AVX512F__)
#define SJ_VB 64
#elif defined(__AVX__)
#define SJ_VB 32
#else
#define SJ_VB 16
#endif
/* may_alias: the buffer holds floats or ints; without it, strict aliasing lets gcc drop its stores. */
typedef long long sj_vec __attribute__((__vector_size__(SJ_VB), __may_alias__));
/* Streams one vector (SJ_VB bytes) from an aligned buffer to an aligned destination. */
static inline void sj_stream_vector(void* dst, const void* src) {
#if defined(__clang__)
  __builtin_nontemporal_store(*(const sj_vec*)src, (sj_vec*)dst);
#elif SJ_VB == 64
  __builtin_ia32_movntdq512((sj_vec*)dst, *(const sj_vec*)src);
#elif SJ_VB == 32
  __builtin_ia32_movntdq256((sj_vec*)dst, *(const sj_vec*)src);
#else
  __builtin_ia32_movntdq((sj_vec*)dst, *(const sj_vec*)src);
#endif
}
static inline void sj_sfence(void) { __builtin_ia32_sfence(); }
#else
#define SJ_VB 0
static inline void sj_stream_vector(void* dst, const void* src) { (void)dst; (void)src; }
static inline void sj_sfence(void) {}
#endif
#if defined(__GNUC__) && !defined(__clang__)
#define SJ_BORDER_OPT __attribute__((optimize("O1")))
#else
#define SJ_BORDER_OPT
#endif
/* region 1: checks [lo, both, both] */
static __attribute__((noinline)) void sj_region1(const double* restrict in0, double* restrict out0, const int64_t n0, const int64_t n1, const int64_t n2, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4], lo2 = box[5], hi2 = box[6];
  const int64_t s0 = n1 * n2;
  const int64_t s1 = n2;
  (void)sj_stream_min;
  const int64_t o0 = s0;
  #pragma omp for collapse(2) schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t row = i0 * s0 + i1 * s1;
      for (int64_t i2 = lo2; i2 < hi2; i2++) {
        const int64_t p = row + i2;
#line 1 "seven (kernel)"
        out0[p] = (double)(((((((in0[(((i0 + (-1)) < 0) ? ((-1) - (i0 + (-1))) : (i0 + (-1))) * s0 + i1 * s1 + i2] + in0[p + o0]) + in0[i0 * s0 + (((i1 + (-1)) < 0) ? ((-1) - (i1 + (-1))) : (i1 + (-1))) * s1 + i2]) + in0[i0 * s0 + (((i1 + 1) >= n1) ? (((2 * n1) - 1) - (i1 + 1)) : (i1 + 1)) * s1 + i2]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 90 "sejits-seven.c"
      }
    }
  }
}
/* region 2: checks [hi, both, both] */
static __attribute__((noinline)) void sj_region2(const double* restrict in0, double* restrict out0, const int64_t n0, const int64_t n1, const int64_t n2, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4], lo2 = box[5], hi2 = box[6];
  const int64_t s0 = n1 * n2;
  const int64_t s1 = n2;
  (void)sj_stream_min;
  const int64_t o0 = -s0;
  #pragma omp for collapse(2) schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t row = i0 * s0 + i1 * s1;
      for (int64_t i2 = lo2; i2 < hi2; i2++) {
        const int64_t p = row + i2;
#line 1 "seven (kernel)"
        out0[p] = (double)(((((((in0[p + o0] + in0[(((i0 + 1) >= n0) ? (((2 * n0) - 1) - (i0 + 1)) : (i0 + 1)) * s0 + i1 * s1 + i2]) + in0[i0 * s0 + (((i1 + (-1)) < 0) ? ((-1) - (i1 + (-1))) : (i1 + (-1))) * s1 + i2]) + in0[i0 * s0 + (((i1 + 1) >= n1) ? (((2 * n1) - 1) - (i1 + 1)) : (i1 + 1)) * s1 + i2]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 110 "sejits-seven.c"
      }
    }
  }
}
/* region 3: checks [none, lo, both] */
static __attribute__((noinline)) void sj_region3(const double* restrict in0, double* restrict out0, const int64_t n0, const int64_t n1, const int64_t n2, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4], lo2 = box[5], hi2 = box[6];
  const int64_t s0 = n1 * n2;
  const int64_t s1 = n2;
  (void)sj_stream_min;
  const int64_t o0 = -s0;
  const int64_t o1 = s0;
  const int64_t o2 = s1;
  #pragma omp for collapse(2) schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t row = i0 * s0 + i1 * s1;
      for (int64_t i2 = lo2; i2 < hi2; i2++) {
        const int64_t p = row + i2;
#line 1 "seven (kernel)"
        out0[p] = (double)(((((((in0[p + o0] + in0[p + o1]) + in0[i0 * s0 + (((i1 + (-1)) < 0) ? ((-1) - (i1 + (-1))) : (i1 + (-1))) * s1 + i2]) + in0[p + o2]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 132 "sejits-seven.c"
      }
    }
  }
}
/* region 4: checks [none, hi, both] */
static __attribute__((noinline)) void sj_region4(const double* restrict in0, double* restrict out0, const int64_t n0, const int64_t n1, const int64_t n2, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4], lo2 = box[5], hi2 = box[6];
  const int64_t s0 = n1 * n2;
  const int64_t s1 = n2;
  (void)sj_stream_min;
  const int64_t o0 = -s0;
  const int64_t o1 = s0;
  const int64_t o2 = -s1;
  #pragma omp for collapse(2) schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t row = i0 * s0 + i1 * s1;
      for (int64_t i2 = lo2; i2 < hi2; i2++) {
        const int64_t p = row + i2;
#line 1 "seven (kernel)"
        out0[p] = (double)(((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[i0 * s0 + (((i1 + 1) >= n1) ? (((2 * n1) - 1) - (i1 + 1)) : (i1 + 1)) * s1 + i2]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 154 "sejits-seven.c"
      }
    }
  }
}
/* region 5: checks [none, none, lo] */
static __attribute__((noinline)) void sj_region5(const double* restrict in0, double* restrict out0, const int64_t n0, const int64_t n1, const int64_t n2, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4], lo2 = box[5], hi2 = box[6];
  const int64_t s0 = n1 * n2;
  const int64_t s1 = n2;
  (void)sj_stream_min;
  const int64_t o0 = -s0;
  const int64_t o1 = s0;
  const int64_t o2 = -s1;
  const int64_t o3 = s1;
  const int64_t o4 = 1;
  #pragma omp for collapse(2) schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t row = i0 * s0 + i1 * s1;
      for (int64_t i2 = lo2; i2 < hi2; i2++) {
        const int64_t p = row + i2;
#line 1 "seven (kernel)"
        out0[p] = (double)(((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[p + o3]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[p + o4]) - (6.0 * in0[p])));
#line 178 "sejits-seven.c"
      }
    }
  }
}
/* region 6: checks [none, none, hi] */
static __attribute__((noinline)) void sj_region6(const double* restrict in0, double* restrict out0, const int64_t n0, const int64_t n1, const int64_t n2, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4], lo2 = box[5], hi2 = box[6];
  const int64_t s0 = n1 * n2;
  const int64_t s1 = n2;
  (void)sj_stream_min;
  const int64_t o0 = -s0;
  const int64_t o1 = s0;
  const int64_t o2 = -s1;
  const int64_t o3 = s1;
  const int64_t o4 = -1;
  #pragma omp for collapse(2) schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t row = i0 * s0 + i1 * s1;
      for (int64_t i2 = lo2; i2 < hi2; i2++) {
        const int64_t p = row + i2;
#line 1 "seven (kernel)"
        out0[p] = (double)(((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[p + o3]) + in0[p + o4]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 202 "sejits-seven.c"
      }
    }
  }
}
/* region 7: checks [full, full, full] */
static __attribute__((noinline)) void sj_region7(const double* restrict in0, double* restrict out0, const int64_t n0, const int64_t n1, const int64_t n2, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4], lo2 = box[5], hi2 = box[6];
  const int64_t s0 = n1 * n2;
  const int64_t s1 = n2;
  (void)sj_stream_min;
  #pragma omp for collapse(2) schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t row = i0 * s0 + i1 * s1;
      for (int64_t i2 = lo2; i2 < hi2; i2++) {
        const int64_t p = row + i2;
#line 1 "seven (kernel)"
        out0[p] = (double)(((((((in0[((((((i0 + (-1)) % (2 * n0)) + (2 * n0)) % (2 * n0)) < n0) ? ((((i0 + (-1)) % (2 * n0)) + (2 * n0)) % (2 * n0)) : (((2 * n0) - 1) - ((((i0 + (-1)) % (2 * n0)) + (2 * n0)) % (2 * n0)))) * s0 + i1 * s1 + i2] + in0[((((((i0 + 1) % (2 * n0)) + (2 * n0)) % (2 * n0)) < n0) ? ((((i0 + 1) % (2 * n0)) + (2 * n0)) % (2 * n0)) : (((2 * n0) - 1) - ((((i0 + 1) % (2 * n0)) + (2 * n0)) % (2 * n0)))) * s0 + i1 * s1 + i2]) + in0[i0 * s0 + ((((((i1 + (-1)) % (2 * n1)) + (2 * n1)) % (2 * n1)) < n1) ? ((((i1 + (-1)) % (2 * n1)) + (2 * n1)) % (2 * n1)) : (((2 * n1) - 1) - ((((i1 + (-1)) % (2 * n1)) + (2 * n1)) % (2 * n1)))) * s1 + i2]) + in0[i0 * s0 + ((((((i1 + 1) % (2 * n1)) + (2 * n1)) % (2 * n1)) < n1) ? ((((i1 + 1) % (2 * n1)) + (2 * n1)) % (2 * n1)) : (((2 * n1) - 1) - ((((i1 + 1) % (2 * n1)) + (2 * n1)) % (2 * n1)))) * s1 + i2]) + in0[i0 * s0 + i1 * s1 + ((((((i2 + (-1)) % (2 * n2)) + (2 * n2)) % (2 * n2)) < n2) ? ((((i2 + (-1)) % (2 * n2)) + (2 * n2)) % (2 * n2)) : (((2 * n2) - 1) - ((((i2 + (-1)) % (2 * n2)) + (2 * n2)) % (2 * n2))))]) + in0[i0 * s0 + i1 * s1 + ((((((i2 + 1) % (2 * n2)) + (2 * n2)) % (2 * n2)) < n2) ? ((((i2 + 1) % (2 * n2)) + (2 * n2)) % (2 * n2)) : (((2 * n2) - 1) - ((((i2 + 1) % (2 * n2)) + (2 * n2)) % (2 * n2))))]) - (6.0 * in0[p])));
#line 221 "sejits-seven.c"
      }
    }
  }
}
/* regions 5, 0, 6: the interior rows with the faces of axis 2 (checks [none, none, lo], [none, none, none], [none, none, hi]) */
static __attribute__((noinline)) void sj_rows(const double* restrict in0, double* restrict out0, const int64_t n0, const int64_t n1, const int64_t n2, const double* restrict params, const int32_t* restrict box, const int64_t sj_stream_min) {
  const int64_t lo0 = box[1], hi0 = box[2], lo1 = box[3], hi1 = box[4], lo2 = box[5], hi2 = box[6];
  const int64_t s0 = n1 * n2;
  const int64_t s1 = n2;
  const int64_t ol0 = -s0;
  const int64_t ol1 = s0;
  const int64_t ol2 = -s1;
  const int64_t ol3 = s1;
  const int64_t ol4 = 1;
  const int64_t o0 = -s0;
  const int64_t o1 = s0;
  const int64_t o2 = -s1;
  const int64_t o3 = s1;
  const int64_t o4 = -1;
  const int64_t o5 = 1;
  const int64_t oh0 = -s0;
  const int64_t oh1 = s0;
  const int64_t oh2 = -s1;
  const int64_t oh3 = s1;
  const int64_t oh4 = -1;
  const int stream = SJ_VB > 0 && (sj_stream_min == 0 || (n2 >= 1024 && n0 * n1 * n2 * 16 >= sj_stream_min));
  #pragma omp for collapse(2) schedule(static) nowait
  for (int64_t i0 = lo0; i0 < hi0; i0++) {
    for (int64_t i1 = lo1; i1 < hi1; i1++) {
      const int64_t row = i0 * s0 + i1 * s1;
      for (int64_t i2 = 0; i2 < lo2; i2++) {
        const int64_t p = row + i2;
#line 1 "seven (kernel)"
        out0[p] = (double)(((((((in0[p + ol0] + in0[p + ol1]) + in0[p + ol2]) + in0[p + ol3]) + in0[i0 * s0 + i1 * s1 + (((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))]) + in0[p + ol4]) - (6.0 * in0[p])));
#line 256 "sejits-seven.c"
      }
      if (stream) {
        const int64_t sj_skew = (int64_t)(((SJ_VB - ((uintptr_t)(out0 + row + lo2) & (SJ_VB - 1))) & (SJ_VB - 1)) / 8);
        const int64_t sj_head = lo2 + sj_skew < hi2 ? lo2 + sj_skew : hi2;
        const int64_t sj_body = sj_head + (hi2 - sj_head) / (SJ_VB / 8) * (SJ_VB / 8);
        #pragma omp simd
        for (int64_t i2 = lo2; i2 < sj_head; i2++) {
          const int64_t p = row + i2;
#line 1 "seven (kernel)"
          out0[p] = (double)(((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[p + o3]) + in0[p + o4]) + in0[p + o5]) - (6.0 * in0[p])));
#line 267 "sejits-seven.c"
        }
        for (int64_t sj_block = sj_head; sj_block < sj_body; sj_block += (SJ_VB / 8)) {
          double sj_buf0[(SJ_VB / 8)] __attribute__((aligned(SJ_VB)));
          #pragma omp simd
          for (int64_t i2 = sj_block; i2 < sj_block + (SJ_VB / 8); i2++) {
            const int64_t p = row + i2;
#line 1 "seven (kernel)"
            sj_buf0[i2 - sj_block] = (double)(((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[p + o3]) + in0[p + o4]) + in0[p + o5]) - (6.0 * in0[p])));
#line 276 "sejits-seven.c"
          }
          sj_stream_vector(out0 + row + sj_block, sj_buf0);
        }
        #pragma omp simd
        for (int64_t i2 = sj_body; i2 < hi2; i2++) {
          const int64_t p = row + i2;
#line 1 "seven (kernel)"
          out0[p] = (double)(((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[p + o3]) + in0[p + o4]) + in0[p + o5]) - (6.0 * in0[p])));
#line 285 "sejits-seven.c"
        }
      } else {
      #pragma omp simd
      for (int64_t i2 = lo2; i2 < hi2; i2++) {
        const int64_t p = row + i2;
#line 1 "seven (kernel)"
        out0[p] = (double)(((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[p + o3]) + in0[p + o4]) + in0[p + o5]) - (6.0 * in0[p])));
#line 293 "sejits-seven.c"
      }
      }
      for (int64_t i2 = hi2; i2 < n2; i2++) {
        const int64_t p = row + i2;
#line 1 "seven (kernel)"
        out0[p] = (double)(((((((in0[p + oh0] + in0[p + oh1]) + in0[p + oh2]) + in0[p + oh3]) + in0[p + oh4]) + in0[i0 * s0 + i1 * s1 + (((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))]) - (6.0 * in0[p])));
#line 300 "sejits-seven.c"
      }
    }
  }
  if (stream) sj_sfence();
}
void sj_run(void* g0, void* g1, const int32_t* shape, const double* params, const int32_t* boxes, int32_t nboxes, int32_t nthreads, int64_t stream_min) {
  const double* in0 = (const double*)g0;
  double* out0 = (double*)g1;
  const int64_t n0 = shape[0], n1 = shape[1], n2 = shape[2];
  const int64_t work = n0 * n1 * n2 * 8;
  (void)work; (void)nthreads;
  /* The face boxes of the innermost axis run inside sj_rows whenever the interior box is present. */
  int rows = 0;
  for (int32_t b = 0; b < nboxes; b++) rows |= boxes[(int64_t)b * 7] == 0;
  #pragma omp parallel if (work >= 1048576) num_threads(nthreads > 0 ? nthreads : omp_get_max_threads())
  {
    for (int32_t b = 0; b < nboxes; b++) {
      const int32_t* box = boxes + (int64_t)b * 7;
      switch (box[0]) {
        case 0: sj_rows(in0, out0, n0, n1, n2, params, box, stream_min); break;
        case 1: sj_region1(in0, out0, n0, n1, n2, params, box, stream_min); break;
        case 2: sj_region2(in0, out0, n0, n1, n2, params, box, stream_min); break;
        case 3: sj_region3(in0, out0, n0, n1, n2, params, box, stream_min); break;
        case 4: sj_region4(in0, out0, n0, n1, n2, params, box, stream_min); break;
        case 5: if (!rows) sj_region5(in0, out0, n0, n1, n2, params, box, stream_min); break;
        case 6: if (!rows) sj_region6(in0, out0, n0, n1, n2, params, box, stream_min); break;
        case 7: sj_region7(in0, out0, n0, n1, n2, params, box, stream_min); break;
        default: break;
      }
    }
  }
}
