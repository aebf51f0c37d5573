extern "C" __global__ void gen_k2_h_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k2_h_shfl(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k2_w_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k2_x_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k2_y_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k2_z_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k3_h_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k3_h_shfl(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k3_w_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k3_z_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k4_h_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k4_h_shfl(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k4_w_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
extern "C" __global__ void gen_k4_z_cur(const float*, float*, int, int, int, int, int, int, int, int, int);
struct GenK { const char* name; int k; void (*fn)(const float*, float*, int, int, int, int, int, int, int, int, int); int t0, t1, threads; };
static GenK GEN[] = {
  {"gen_k2_h_cur", 2, gen_k2_h_cur, 32, 64, 256},
  {"gen_k2_h_shfl", 2, gen_k2_h_shfl, 32, 64, 256},
  {"gen_k2_w_cur", 2, gen_k2_w_cur, 32, 128, 256},
  {"gen_k2_x_cur", 2, gen_k2_x_cur, 32, 256, 512},
  {"gen_k2_y_cur", 2, gen_k2_y_cur, 64, 128, 512},
  {"gen_k2_z_cur", 2, gen_k2_z_cur, 16, 256, 256},
  {"gen_k3_h_cur", 3, gen_k3_h_cur, 32, 64, 256},
  {"gen_k3_h_shfl", 3, gen_k3_h_shfl, 32, 64, 256},
  {"gen_k3_w_cur", 3, gen_k3_w_cur, 32, 128, 256},
  {"gen_k3_z_cur", 3, gen_k3_z_cur, 16, 256, 256},
  {"gen_k4_h_cur", 4, gen_k4_h_cur, 32, 64, 256},
  {"gen_k4_h_shfl", 4, gen_k4_h_shfl, 32, 64, 256},
  {"gen_k4_w_cur", 4, gen_k4_w_cur, 32, 128, 256},
  {"gen_k4_z_cur", 4, gen_k4_z_cur, 16, 256, 256},
};
