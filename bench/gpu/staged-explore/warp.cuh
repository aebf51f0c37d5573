// Hand-written register-streaming kernel (the shape src/backends/gpu/render-streamed-gpu.ts now
// generates): K chained 5-point Laplacians, one warp per strip of columns walking down H rows,
// each level a window of three rows in registers, horizontal neighbours by warp shuffles, input
// rows prefetched P ahead; no shared memory, no barriers. Exact on the interior only (the grid's
// edges fold differently), which is what the harness checks for it. The one- and two-column
// variants measured in the second session are in git history (c6d620a..433a07a).
// Four columns a lane (float4): a warp covers 128 columns, its own 128 - 2h (h = K + E, 128 - 2h a
// multiple of 8).
template <int K, int H, int P, int E = 0>
__global__ void __launch_bounds__(256) warp4_lap(const float* __restrict__ in, float* __restrict__ out, int n0, int n1) {
  constexpr int h = K + E;
  constexpr int W = 128 - 2 * h;
  constexpr unsigned FULL = 0xffffffffu;
  const int lane = threadIdx.x & 31;
  const int warp = (blockIdx.x * blockDim.x + threadIdx.x) >> 5;
  const int stripsX = (n1 + W - 1) / W;
  const int sx = warp % stripsX, sy = warp / stripsX;
  const int r0 = sy * H;
  if (r0 >= n0) return;
  const int c = sx * W - h + 4 * lane;
  const int cl = min(max(c, 0), n1 - 4);
  const bool own = 4 * lane >= h && 4 * lane + 3 < 128 - h && c + 3 < n1;
  float4 w[K + 1][3];
#pragma unroll
  for (int s = 0; s <= K; s++) w[s][0] = w[s][1] = w[s][2] = make_float4(0.f, 0.f, 0.f, 0.f);
  float4 q[P];
#pragma unroll
  for (int i = 0; i < P; i++) q[i] = *reinterpret_cast<const float4*>(in + (size_t)min(max(r0 - K + i, 0), n0 - 1) * n1 + cl);
#pragma unroll 4
  for (int it = 0; it < H + 2 * K; it++) {
    const int j = r0 - K + it;
    const float4 v = q[0];
#pragma unroll
    for (int i = 0; i < P - 1; i++) q[i] = q[i + 1];
    q[P - 1] = *reinterpret_cast<const float4*>(in + (size_t)min(max(j + P, 0), n0 - 1) * n1 + cl);
    w[0][0] = w[0][1]; w[0][1] = w[0][2]; w[0][2] = v;
#pragma unroll
    for (int s = 1; s <= K; s++) {
      const float4 a = w[s - 1][1], u = w[s - 1][0], d = w[s - 1][2];
      const float l = __shfl_up_sync(FULL, a.w, 1), r = __shfl_down_sync(FULL, a.x, 1);
      const float4 nv = make_float4(u.x + d.x + l + a.y - 4.f * a.x, u.y + d.y + a.x + a.z - 4.f * a.y, u.z + d.z + a.y + a.w - 4.f * a.z, u.w + d.w + a.z + r - 4.f * a.w);
      w[s][0] = w[s][1]; w[s][1] = w[s][2]; w[s][2] = nv;
    }
    const int ro = j - K;
    if (own && ro >= r0 && ro < n0) *reinterpret_cast<float4*>(out + (size_t)ro * n1 + c) = w[K][2];
  }
}
