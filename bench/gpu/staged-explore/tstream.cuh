// Thread streaming (an experiment for Figure 10, k = 2): like warp.cuh, one strip of rows walked
// down with every stage's last three rows in registers, but each thread owns 4 columns and loads
// its own halo columns (c - K .. c + 3 + K) through L1 instead of taking them from neighbouring
// lanes by shuffles. No halo lanes are wasted (a warp stores all its 128 columns), no shuffle
// pipe, at the price of 2 to 3 loads a row instead of 1. Exact on the interior only.
template <int K> struct TRow { float v[4 + 2 * K]; };

template <int K>
__device__ __forceinline__ void trow_load(const float* __restrict__ in, int row, int c, int n0, int n1, TRow<K>& d) {
  const float* p = in + (size_t)min(max(row, 0), n0 - 1) * n1;
  if (c - K < 0 || c + 4 + K > n1) {
#pragma unroll
    for (int x = 0; x < 4 + 2 * K; x++) d.v[x] = __ldg(p + min(max(c - K + x, 0), n1 - 1));
    return;
  }
  if constexpr (K == 2) {
    const float2 a = __ldg(reinterpret_cast<const float2*>(p + c - 2));
    const float4 b = __ldg(reinterpret_cast<const float4*>(p + c));
    const float2 e = __ldg(reinterpret_cast<const float2*>(p + c + 4));
    d.v[0] = a.x; d.v[1] = a.y; d.v[2] = b.x; d.v[3] = b.y; d.v[4] = b.z; d.v[5] = b.w; d.v[6] = e.x; d.v[7] = e.y;
  } else if constexpr (K == 4) {
    const float4 a = __ldg(reinterpret_cast<const float4*>(p + c - 4));
    const float4 b = __ldg(reinterpret_cast<const float4*>(p + c));
    const float4 e = __ldg(reinterpret_cast<const float4*>(p + c + 4));
    d.v[0] = a.x; d.v[1] = a.y; d.v[2] = a.z; d.v[3] = a.w; d.v[4] = b.x; d.v[5] = b.y; d.v[6] = b.z; d.v[7] = b.w;
    d.v[8] = e.x; d.v[9] = e.y; d.v[10] = e.z; d.v[11] = e.w;
  } else {
#pragma unroll
    for (int x = 0; x < 4 + 2 * K; x++) d.v[x] = __ldg(p + c - K + x);
  }
}

// H rows a strip, P input rows loaded ahead; threads over (column groups of 4) × strips, groups fastest.
template <int K, int H, int P>
__global__ void __launch_bounds__(256) tstream_lap(const float* __restrict__ in, float* __restrict__ out, int n0, int n1) {
  constexpr int WI = 4 + 2 * K;
  const int t = blockIdx.x * blockDim.x + threadIdx.x;
  const int groups = n1 / 4;
  const int sy = t / groups, c = 4 * (t - sy * groups);
  const int r0 = sy * H;
  if (r0 >= n0) return;
  // w[s][r][x]: stage s's rows (s = 0 the input), r = 2 the newest; column x is c - K + x.
  float w[K][3][WI];
#pragma unroll
  for (int s = 0; s < K; s++)
#pragma unroll
    for (int r = 0; r < 3; r++)
#pragma unroll
      for (int x = 0; x < WI; x++) w[s][r][x] = 0.f;
  TRow<K> q[P];
#pragma unroll
  for (int i = 0; i < P; i++) trow_load<K>(in, r0 - K + i, c, n0, n1, q[i]);
#pragma unroll 2
  for (int it = 0; it < H + 2 * K; it++) {
    const int j = r0 - K + it;
#pragma unroll
    for (int x = 0; x < WI; x++) { w[0][0][x] = w[0][1][x]; w[0][1][x] = w[0][2][x]; w[0][2][x] = q[0].v[x]; }
#pragma unroll
    for (int i = 0; i < P - 1; i++) q[i] = q[i + 1];
    trow_load<K>(in, j + P, c, n0, n1, q[P - 1]);
    // Stage s (1..K) computes row j - s at columns x in [s, WI - s) from stage s - 1's window.
    float nv[WI];
#pragma unroll
    for (int s = 1; s <= K; s++) {
#pragma unroll
      for (int x = s; x < WI - s; x++) {
        const float* u = w[s - 1][0];
        const float* a = w[s - 1][1];
        const float* d = w[s - 1][2];
        nv[x] = u[x] + d[x] + a[x - 1] + a[x + 1] - 4.f * a[x];
      }
      if (s < K) {
#pragma unroll
        for (int x = s; x < WI - s; x++) { w[s][0][x] = w[s][1][x]; w[s][1][x] = w[s][2][x]; w[s][2][x] = nv[x]; }
      }
    }
    const int ro = j - K;
    if (ro >= r0 && ro < min(r0 + H, n0) && c + 4 <= n1) *reinterpret_cast<float4*>(out + (size_t)ro * n1 + c) = make_float4(nv[K], nv[K + 1], nv[K + 2], nv[K + 3]);
  }
}
