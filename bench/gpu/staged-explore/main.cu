#include <cstdio>
#include <cstdlib>
#include <vector>
#include <algorithm>
#include <cmath>
#include "gen.h"
#include "warp.cuh"
#include "tstream.cuh"

__global__ void lap1(const float* __restrict__ in, float* __restrict__ out, int n0, int n1) {
  int c = blockIdx.x * blockDim.x + threadIdx.x, r = blockIdx.y * blockDim.y + threadIdx.y;
  if (r >= n0 || c >= n1) return;
  auto at = [&](int i, int j) { i = min(max(i, 0), n0 - 1); j = min(max(j, 0), n1 - 1); return in[(size_t)i * n1 + j]; };
  out[(size_t)r * n1 + c] = at(r - 1, c) + at(r + 1, c) + at(r, c - 1) + at(r, c + 1) - 4.f * at(r, c);
}

static int N0 = 8192, N1 = 8192;
#define CK(x) do { cudaError_t e = (x); if (e != cudaSuccess) { printf("CUDA %s at %d\n", cudaGetErrorString(e), __LINE__); exit(1); } } while (0)

template <class F> float timeit(F f, int reps = 50) {
  cudaEvent_t a, b; cudaEventCreate(&a); cudaEventCreate(&b);
  for (int i = 0; i < 5; i++) f();
  std::vector<float> ts;
  for (int rep = 0; rep < 7; rep++) {
    cudaEventRecord(a);
    for (int i = 0; i < reps; i++) f();
    cudaEventRecord(b); cudaEventSynchronize(b);
    float ms; cudaEventElapsedTime(&ms, a, b); ts.push_back(ms / reps);
  }
  CK(cudaGetLastError());
  std::sort(ts.begin(), ts.end());
  return ts[3];
}

int main(int argc, char** argv) {
  if (argc > 2) { N0 = atoi(argv[1]); N1 = atoi(argv[2]); }
  size_t n = (size_t)N0 * N1, bytes = n * 4;
  int sms = 0; CK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
  float *a, *b, *ref, *tmp, *o;
  CK(cudaMalloc(&a, bytes)); CK(cudaMalloc(&b, bytes)); CK(cudaMalloc(&ref, bytes)); CK(cudaMalloc(&tmp, bytes)); CK(cudaMalloc(&o, bytes));
  std::vector<float> h(n); unsigned s = 1234;
  for (size_t i = 0; i < n; i++) { s = s * 1664525u + 1013904223u; h[i] = 0.25f + s / 8589934592.f; }
  CK(cudaMemcpy(a, h.data(), bytes, cudaMemcpyHostToDevice));
  std::vector<float> hr(n), ho(n);
  dim3 lb(32, 8), lg((N1 + 31) / 32, (N0 + 7) / 8);
  float tcopy = timeit([&] { cudaMemcpyAsync(b, a, bytes, cudaMemcpyDeviceToDevice); });
  float tlap = timeit([&] { lap1<<<lg, lb>>>(a, b, N0, N1); });
  printf("grid %dx%d  copy %.4f ms  naive lap %.4f ms\n", N0, N1, tcopy, tlap);
  auto check = [&](int k) {
    CK(cudaMemcpy(ho.data(), o, bytes, cudaMemcpyDeviceToHost));
    double worst = 0, scale = 0;
    for (size_t i = 0; i < n; i++) { worst = std::max(worst, (double)fabsf(ho[i] - hr[i])); scale = std::max(scale, (double)fabsf(hr[i])); }
    return worst / scale;
  };
  for (int k = 2; k <= 4; k++) {
    // reference: k unfused applications
    const float* src = a;
    for (int i = 0; i < k; i++) { float* dst = (i % 2 == 0) ? tmp : ref; lap1<<<lg, lb>>>(src, dst, N0, N1); src = dst; }
    CK(cudaDeviceSynchronize());
    CK(cudaMemcpy(hr.data(), src, bytes, cudaMemcpyDeviceToHost));
    printf("== k=%d  unfused %.4f ms (k x naive)\n", k, k * tlap);
    for (auto& g : GEN) {
      if (g.k != k) continue;
      int nb0 = (N0 + g.t0 - 1) / g.t0, nb1 = (N1 + g.t1 - 1) / g.t1;
      CK(cudaMemset(o, 0, bytes));
      int blocks = g.blocks ? g.blocks : nb0 * nb1;
      g.fn<<<blocks, g.threads>>>(a, o, N0, N1, 0, 0, 0, 0, 0, nb0, nb1);
      CK(cudaDeviceSynchronize());
      double err = check(k);
      float t = timeit([&] { g.fn<<<blocks, g.threads>>>(a, o, N0, N1, 0, 0, 0, 0, 0, nb0, nb1); });
      int perSm = 0; CK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, g.fn, g.threads, 0));
      printf("%-34s %.4f ms  copy/t %.3f  err %.1e  blocks %d  %d/SM  waves %.2f\n", g.name, t, tcopy / t, err, blocks, perSm, blocks / (double)(perSm * sms));
    }
    auto checkInterior = [&](int k) {
      CK(cudaMemcpy(ho.data(), o, bytes, cudaMemcpyDeviceToHost));
      double worst = 0, scale = 0;
      for (int r = 16; r < N0 - 16; r++) for (int c = 16; c < N1 - 16; c++) { size_t i = (size_t)r * N1 + c; worst = std::max(worst, (double)fabsf(ho[i] - hr[i])); scale = std::max(scale, (double)fabsf(hr[i])); }
      return worst / scale;
    };
#define WARP4K(KK, HH, PP, EE) if (k == KK) { \
      constexpr int W = 128 - 2 * (KK + EE); \
      long long warps = (long long)((N1 + W - 1) / W) * ((N0 + HH - 1) / HH); \
      int blocks = (int)((warps * 32 + 255) / 256); \
      CK(cudaMemset(o, 0, bytes)); warp4_lap<KK, HH, PP, EE><<<blocks, 256>>>(a, o, N0, N1); CK(cudaDeviceSynchronize()); \
      double err = checkInterior(k); \
      float t = timeit([&] { warp4_lap<KK, HH, PP, EE><<<blocks, 256>>>(a, o, N0, N1); }); \
      printf("warp4 H%-4d P%d E%d     %.4f ms  copy/t %.3f  err %.1e\n", HH, PP, EE, t, tcopy / t, err); }
#define WARPS(KK) WARP4K(KK, 128, 4, 4 - KK)
    WARPS(2) WARPS(3) WARPS(4)
#define TSTREAM(KK, HH, PP) if (k == KK) { \
      long long threads = (long long)(N1 / 4) * ((N0 + HH - 1) / HH); \
      int blocks = (int)((threads + 255) / 256); \
      CK(cudaMemset(o, 0, bytes)); tstream_lap<KK, HH, PP><<<blocks, 256>>>(a, o, N0, N1); CK(cudaDeviceSynchronize()); \
      double err = checkInterior(k); \
      float t = timeit([&] { tstream_lap<KK, HH, PP><<<blocks, 256>>>(a, o, N0, N1); }); \
      int perSm = 0; CK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, tstream_lap<KK, HH, PP>, 256, 0)); \
      printf("tstream H%-4d P%d           %.4f ms  copy/t %.3f  err %.1e  blocks %d  %d/SM  waves %.2f\n", HH, PP, t, tcopy / t, err, blocks, perSm, blocks / (double)(perSm * sms)); }
    if (getenv("TSTREAM_ON")) {
      TSTREAM(2, 64, 4) TSTREAM(2, 128, 2) TSTREAM(2, 128, 4) TSTREAM(2, 192, 4) TSTREAM(2, 256, 4) TSTREAM(2, 256, 8) TSTREAM(2, 512, 8)
      TSTREAM(3, 128, 4) TSTREAM(3, 256, 4) TSTREAM(4, 128, 4) TSTREAM(4, 256, 4)
    }
  }
  return 0;
}
