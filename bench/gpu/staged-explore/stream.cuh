// Hand-written streaming kernel: K chained 5-point Laplacians (nearest), one thread per column of a
// strip of T columns (own columns T - 2K), walking down H rows; level s-1 rows held in registers
// for the own column and in a 2-slot shared ring for the neighbours.
template <int K, int H, int P, int T>
__global__ void __launch_bounds__(T) stream_lap(const float* __restrict__ in, float* __restrict__ out, int n0, int n1) {
  constexpr int W = T - 2 * K;
  __shared__ float S[K][2][T];
  const int tid = threadIdx.x;
  const int c0 = blockIdx.x * W;
  const int r0 = blockIdx.y * H;
  const int c = c0 - K + tid;
  const int cl = min(max(c, 0), n1 - 1);
  const int tl = max(tid - 1, 0), tr = min(tid + 1, T - 1);
  const bool atL = c == 0, atR = c == n1 - 1;
  const bool own = tid >= K && tid < T - K && c < n1;
  float q[P];
#pragma unroll
  for (int i = 0; i < P; i++) {
    int r = r0 - K + i;
    q[i] = (r >= 0 && r < n0) ? in[(size_t)r * n1 + cl] : 0.f;
  }
  float w0[K], w1[K], w2[K];
#pragma unroll
  for (int s = 0; s < K; s++) w0[s] = w1[s] = w2[s] = 0.f;
  for (int j = r0 - K; j < r0 + H + K; j++) {
    float v = q[0];
#pragma unroll
    for (int i = 0; i < P - 1; i++) q[i] = q[i + 1];
    {
      int r = j + P;
      q[P - 1] = (r >= 0 && r < n0) ? in[(size_t)r * n1 + cl] : 0.f;
    }
    w0[0] = w1[0]; w1[0] = w2[0]; w2[0] = v;
    S[0][j & 1][tid] = v;
#pragma unroll
    for (int s = 1; s <= K; s++) {
      const int r = j - s;
      float up = w0[s - 1], cen = w1[s - 1], dn = w2[s - 1];
      if (r == 0) up = cen;
      if (r == n0 - 1) dn = cen;
      const float* row = S[s - 1][r & 1];
      float lf = atL ? cen : row[tl];
      float rt = atR ? cen : row[tr];
      float val = up + dn + lf + rt - 4.f * cen;
      if (s < K) {
        w0[s] = w1[s]; w1[s] = w2[s]; w2[s] = val;
        S[s][r & 1][tid] = val;
      } else if (own && r >= r0 && r < r0 + H && r < n0) {
        out[(size_t)r * n1 + c] = val;
      }
    }
    __syncthreads();
  }
}
