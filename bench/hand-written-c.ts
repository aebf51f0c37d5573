/**
 * The native references for the c backend, written the way a careful C programmer would without
 * sejits: OpenMP over rows, `nearest` by clamped row pointers, edge columns peeled so the inner
 * loop vectorizes, the bilateral mask precomputed. They are built with the c backend's own
 * toolchain and flags (through its disk cache) and called through koffi, exactly like generated
 * code, plus an OpenMP-parallel memcpy: the bandwidth limit with as many threads as the stencil.
 */
import type { Dtype, TypedArray } from '../src/index.js';
import { buildLibrary } from '../src/backends/c/compile-c.js';
import { loadNativeLibrary } from '../src/backends/c/index.js';
import { probeToolchain } from '../src/backends/c/toolchain.js';
import { closenessMask } from '../examples/bilateral.js';
import type { CopyReference } from './bandwidth.js';
import type { HandLoop } from './hand-written.js';

/** Like the generated code, small grids run on one thread: waking a team costs more than the work. */
const SMALL = '#define SMALL (1 << 18)';
const CLAMP = 'static inline int64_t clampi(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }';

const STENCILS = String.raw`
void NAME(jacobi2d)(const T* restrict a, T* restrict out, int32_t n0, int32_t n1) {
  #pragma omp parallel for schedule(static) if ((int64_t)n0 * n1 >= SMALL)
  for (int64_t i = 0; i < n0; i++) {
    const T* restrict up = a + clampi(i - 1, 0, n0 - 1) * n1;
    const T* restrict row = a + i * n1;
    const T* restrict dn = a + clampi(i + 1, 0, n0 - 1) * n1;
    T* restrict o = out + i * n1;
    for (int64_t j = 0; j < n1; j++) {
      if (j == 1 && n1 > 2) {
        for (; j < n1 - 1; j++) o[j] = (T)0.25 * (row[j - 1] + row[j + 1] + up[j] + dn[j]);
        j--;
        continue;
      }
      int64_t l = clampi(j - 1, 0, n1 - 1), r = clampi(j + 1, 0, n1 - 1);
      o[j] = (T)0.25 * (row[l] + row[r] + up[j] + dn[j]);
    }
  }
}

void NAME(blur3x3)(const T* restrict a, T* restrict out, int32_t n0, int32_t n1) {
  #pragma omp parallel for schedule(static) if ((int64_t)n0 * n1 >= SMALL)
  for (int64_t i = 0; i < n0; i++) {
    const T* restrict up = a + clampi(i - 1, 0, n0 - 1) * n1;
    const T* restrict row = a + i * n1;
    const T* restrict dn = a + clampi(i + 1, 0, n0 - 1) * n1;
    T* restrict o = out + i * n1;
    for (int64_t j = 0; j < n1; j++) {
      if (j == 1 && n1 > 2) {
        for (; j < n1 - 1; j++)
          o[j] = (up[j - 1] + 2 * up[j] + up[j + 1] + 2 * (row[j - 1] + 2 * row[j] + row[j + 1]) + dn[j - 1] + 2 * dn[j] + dn[j + 1]) / 16;
        j--;
        continue;
      }
      int64_t l = clampi(j - 1, 0, n1 - 1), r = clampi(j + 1, 0, n1 - 1);
      o[j] = (up[l] + 2 * up[j] + up[r] + 2 * (row[l] + 2 * row[j] + row[r]) + dn[l] + 2 * dn[j] + dn[r]) / 16;
    }
  }
}

void NAME(seven3d)(const T* restrict a, T* restrict out, int32_t n0, int32_t n1, int32_t n2) {
  const int64_t plane = (int64_t)n1 * n2;
  #pragma omp parallel for collapse(2) schedule(static) if ((int64_t)n0 * plane >= SMALL)
  for (int64_t i = 0; i < n0; i++) {
    for (int64_t j = 0; j < n1; j++) {
      const T* restrict c = a + i * plane + j * n2;
      const T* restrict im = a + clampi(i - 1, 0, n0 - 1) * plane + j * n2;
      const T* restrict ip = a + clampi(i + 1, 0, n0 - 1) * plane + j * n2;
      const T* restrict jm = a + i * plane + clampi(j - 1, 0, n1 - 1) * n2;
      const T* restrict jp = a + i * plane + clampi(j + 1, 0, n1 - 1) * n2;
      T* restrict o = out + i * plane + j * n2;
      for (int64_t k = 0; k < n2; k++) {
        if (k == 1 && n2 > 2) {
          for (; k < n2 - 1; k++) o[k] = (im[k] + ip[k] + jm[k] + jp[k] + c[k - 1] + c[k + 1] - 6 * c[k]) / 6;
          k--;
          continue;
        }
        int64_t km = clampi(k - 1, 0, n2 - 1), kp = clampi(k + 1, 0, n2 - 1);
        o[k] = (im[k] + ip[k] + jm[k] + jp[k] + c[km] + c[kp] - 6 * c[k]) / 6;
      }
    }
  }
}

/* Paper 004's bilateral filter: mask[(yf+r)*w + xf+r] precomputed, clamped column table. */
void NAME(bilateral)(const T* restrict a, T* restrict out, int32_t n0, int32_t n1, int32_t r, const double* restrict maskd, double sigmaR) {
  const int64_t w = 2 * (int64_t)r + 1;
  T mask[w * w];
  for (int64_t k = 0; k < w * w; k++) mask[k] = (T)maskd[k];
  const T cR = (T)(1.0 / (2.0 * sigmaR * sigmaR));
  #pragma omp parallel for schedule(static) if ((int64_t)n0 * n1 * w * w >= SMALL)
  for (int64_t i = 0; i < n0; i++) {
    for (int64_t j = 0; j < n1; j++) {
      const T centre = a[i * n1 + j];
      T k = 0, s = 0;
      for (int64_t yf = -r; yf <= r; yf++) {
        const T* restrict row = a + clampi(i + yf, 0, n0 - 1) * n1;
        const T* restrict m = mask + (yf + r) * w + r;
        for (int64_t xf = -r; xf <= r; xf++) {
          const T v = row[clampi(j + xf, 0, n1 - 1)];
          const T d = v - centre;
          const T weight = EXP(-cR * d * d) * m[xf];
          k += weight;
          s += weight * v;
        }
      }
      out[i * n1 + j] = s / k;
    }
  }
}
`;

const COPY = String.raw`
/* The bandwidth limit: each thread memcpy's one contiguous share of the bytes. */
void sj_parallel_copy(const uint8_t* restrict from, uint8_t* restrict to, int64_t bytes, int32_t threads) {
  #pragma omp parallel num_threads(threads > 0 ? threads : omp_get_max_threads()) if (bytes >= 4 * SMALL)
  {
    const int64_t t = omp_get_thread_num(), nt = omp_get_num_threads();
    const int64_t chunk = (bytes / nt + 63) & ~(int64_t)63;
    const int64_t lo = t * chunk < bytes ? t * chunk : bytes;
    const int64_t hi = lo + chunk < bytes ? lo + chunk : bytes;
    memcpy(to + lo, from + lo, (size_t)(hi - lo));
  }
}
`;

function librarySource(): string {
  const variant = (suffix: string, T: string, EXP: string) => `#define T ${T}\n#define EXP ${EXP}\n#define NAME(x) hand_##x##_${suffix}\n${STENCILS}\n#undef T\n#undef EXP\n#undef NAME\n`;
  return ['#include <stdint.h>', '#include <string.h>', '#include <math.h>', '#include <omp.h>', SMALL, CLAMP, variant('f32', 'float', 'expf'), variant('f64', 'double', 'exp'), COPY].join('\n');
}

type Fn = (...args: unknown[]) => unknown;

interface NativeReferences {
  readonly functions: Readonly<Record<string, Fn>>;
  readonly detail: string;
}

let loaded: NativeReferences | undefined;

function native(): NativeReferences {
  if (loaded) return loaded;
  const probe = probeToolchain();
  if (!probe.ok) throw new Error(`hand-written C references need the c backend's compiler: ${probe.reason}`);
  const library = buildLibrary(librarySource(), probe.toolchain);
  const lib = loadNativeLibrary(library.path);
  const functions: Record<string, Fn> = {};
  for (const s of ['f32', 'f64']) {
    functions[`jacobi2d_${s}`] = lib.func(`void hand_jacobi2d_${s}(void *a, void *out, int32_t n0, int32_t n1)`) as Fn;
    functions[`blur3x3_${s}`] = lib.func(`void hand_blur3x3_${s}(void *a, void *out, int32_t n0, int32_t n1)`) as Fn;
    functions[`seven3d_${s}`] = lib.func(`void hand_seven3d_${s}(void *a, void *out, int32_t n0, int32_t n1, int32_t n2)`) as Fn;
    functions[`bilateral_${s}`] = lib.func(`void hand_bilateral_${s}(void *a, void *out, int32_t n0, int32_t n1, int32_t r, double *mask, double sigmaR)`) as Fn;
  }
  functions.copy = lib.func('void sj_parallel_copy(void *from, void *to, int64_t bytes, int32_t threads)') as Fn;
  loaded = { functions, detail: `${probe.toolchain.version} ${probe.toolchain.flags.join(' ')}` };
  return loaded;
}

const suffix = (dtype: Dtype) => (dtype === 'float32' ? 'f32' : dtype === 'float64' ? 'f64' : undefined);

/** The hand-written OpenMP C loop for a bench stencil, or undefined for dtypes it has none for. */
export function handWrittenC(stencilId: string, dtype: Dtype, params: Readonly<Record<string, number>>, statics: { sigmaD?: number }): HandLoop | undefined {
  const s = suffix(dtype);
  if (!s) return undefined;
  const f = native().functions[`${stencilId}_${s}`];
  if (!f) return undefined;
  if (stencilId === 'bilateral') {
    const sigmaD = statics.sigmaD ?? 3;
    const mask = Float64Array.from(closenessMask({ sigmaD }).flat());
    return (a, out, shape) => void f(a, out, shape[0], shape[1], 2 * sigmaD, mask, params.sigmaR);
  }
  return (a, out, shape) => void f(a, out, ...shape);
}

/** An OpenMP-parallel memcpy of the same bytes, with the same thread count as the stencil. */
export const parallelCopy: CopyReference = {
  get description() {
    return `OpenMP-parallel memcpy, one contiguous share per thread (${native().detail})`;
  },
  copy(from: readonly TypedArray[], to: readonly TypedArray[]) {
    const copy = native().functions.copy;
    for (let i = 0; i < from.length; i++) copy(from[i], to[i], from[i].byteLength, 0);
  },
};
