#!/usr/bin/env bash
# on the GPU machine: compile and run the exploration harness
cd "$(dirname "$0")"
objs=""
for f in gen_*.cu; do nvcc -O3 -arch=sm_90 -DSJ_IDX=int --fmad=false --prec-div=true --prec-sqrt=true --ftz=false -diag-suppress 177 -c "$f" -o "${f%.cu}.o" & objs="$objs ${f%.cu}.o"; done
nvcc -O3 -arch=sm_90 --fmad=false -std=c++17 --extended-lambda -c main.cu -o main.o -Xptxas -v 2> ptxas-main.txt &
wait
nvcc -arch=sm_90 main.o $objs -o explore || exit 1
for f in gen_k2_s4r128a4_f16x32_cur.cu gen_k3_s4r128a4_f16x32_cur.cu gen_k4_s4r128a4_f16x32_cur.cu; do nvcc -O3 -arch=sm_90 -DSJ_IDX=int -diag-suppress 177 -c $f -o /dev/null -Xptxas -v 2>&1 | grep -E "registers|spill" ; done
grep -E "stream_lap|registers" ptxas-main.txt | head -40
./explore 8192 8192
if [ -n "${NCU_ON:-}" ]; then
  NCU=$(command -v ncu || echo /usr/local/cuda/bin/ncu)
  for k in ${NCU_KERNELS:-gen_k4_h gen_k2_h}; do
    timeout 120 $NCU --kernel-name $k --launch-count 1 --metrics ${NCU_METRICS:-dram__bytes_read.sum,dram__bytes_write.sum,dram__throughput.avg.pct_of_peak_sustained_elapsed,lts__t_sector_hit_rate.pct,sm__warps_active.avg.pct_of_peak_sustained_active,gpu__time_duration.sum,lts__t_bytes.sum,smsp__average_warp_latency_issue_stalled_long_scoreboard.ratio} ./explore 8192 8192 2>&1 | tail -40 > "$OUT/ncu-$k.txt"
  done
else echo "no ncu"; fi
