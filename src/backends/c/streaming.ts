/**
 * Non-temporal (streaming) stores for the interior of large grids. An ordinary store first reads
 * the output's cache line (read-for-ownership), so a stencil moves three streams where a copy moves
 * two; streaming the output avoids that read, as glibc's memcpy does for large copies. Rows are
 * computed into an L1-sized buffer and streamed out. This only pays when the data cannot stay in
 * the last-level cache anyway, so the generated code decides per call from the bytes it touches,
 * against a threshold passed in by the runtime (the last-level cache's size by default). Only cheap,
 * memory-bound bodies stream: each vector's worth of points is computed by an `omp simd` loop of
 * constant trip count into an aligned local that stays in a register, then stored with one
 * non-temporal instruction (gcc ignores OpenMP's `nontemporal` clause, and staging whole rows
 * through an L1 buffer measured slower than ordinary stores).
 */
import { readFileSync } from 'node:fs';
import { bytesPerElement } from '../../dtype.js';
import { interiorRegion, type LoopProgram } from '../../ir/kernel.js';
import { firstTouchIsPlainStore } from '../../ir/output-coverage.js';
import type { Stmt } from '../../ir/nodes.js';
import { forEachExpr, visitStmt } from '../../ir/visitor.js';
import { interiorPointCost } from './point-cost.js';

/**
 * C support code: the vector width in bytes, a one-vector streaming store, and the fence. Compiler
 * builtins rather than <immintrin.h>, whose AVX-512 headers alone cost gcc about 0.1 s per kernel.
 */
export const STREAM_SUPPORT = String.raw`#if (defined(__GNUC__) || defined(__clang__)) && (defined(__AVX512F__) || defined(__AVX__) || defined(__SSE2__))
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
#endif`;

/** Bodies costlier than this many loads are compute-bound: streaming would not pay for its code. */
const MAX_STREAM_COST = 32;

/** The last-level cache's size as the OS reports it to this process (a VM's, not the host's). */
export function lastLevelCacheBytes(): number {
  for (const index of [3, 2]) {
    try {
      const text = readFileSync(`/sys/devices/system/cpu/cpu0/cache/index${index}/size`, 'utf8').trim();
      const m = /^(\d+)\s*([KMG]?)/i.exec(text);
      if (m) return Number(m[1]) * ({ '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 } as Record<string, number>)[m[2].toUpperCase()];
    } catch {
      // not Linux, or no such cache level
    }
  }
  return 32 * 1024 ** 2;
}

/**
 * Whether the interior can stream its outputs: each output must be assigned (`=`) by a top-level
 * statement before any other store to it, and never read or accumulated into, since the chunk
 * buffer starts out undefined and a streamed line is not in the cache to be read back.
 */
export function streamable(program: LoopProgram): boolean {
  const interior = interiorRegion(program);
  if (!interior) return false;
  const { loads, calls } = interiorPointCost(program);
  if (loads + 16 * calls > MAX_STREAM_COST) return false;
  // One block of points fills one vector of every output: their elements must be the same size.
  if (new Set(program.outputs.map((o) => bytesPerElement(o.dtype))).size !== 1) return false;
  let ok = true;
  forEachExpr(interior.body, (e) => {
    if (e.kind === 'load' && e.grid.role === 'output') ok = false;
  });
  const compound = (stmts: readonly Stmt[]): boolean =>
    stmts.some((s) =>
      visitStmt<boolean>(s, {
        let: () => false,
        assign: () => false,
        store: (n) => n.op !== '=',
        for: (n) => compound(n.body),
        if: (n) => compound(n.then) || compound(n.otherwise),
      }),
    );
  return ok && !compound(interior.body) && program.outputs.every((_, k) => firstTouchIsPlainStore(interior.body, k));
}
