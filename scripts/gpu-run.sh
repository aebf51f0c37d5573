#!/usr/bin/env bash
# What runs on the NVIDIA test machine (../shared/gpu/README.md):
#   bash scripts/build-gpu.sh && ../shared/gpu/pack.sh                     (here)
#   source .gpu/setup.sh && bash scripts/gpu-run.sh bench                   (there, carrying .gpu and dist/gpu)
#   source .gpu/setup.sh && bash scripts/gpu-run.sh cuda opencl,opencl-tiles
#   source .gpu/setup.sh && bash scripts/gpu-run.sh webgpu                  (WGSL through Dawn on Vulkan)
# Parts: `bench` (the GPU bench with its peers; BENCH_ARGS adds options), `fusion` (the fusion bench on
# FUSION_BACKEND, default cuda; FUSION_ARGS adds options), `meta-bench` (the Figure 4
# solver through meta with its JAX and CuPy peers; META_BENCH_ARGS adds options), `meta` (the
# elementwise and meta suites on META_BACKENDS, default cuda), `cuda-backend` (the cuda
# backend's own suite), or a comma-separated list of backends, on which the conformance, strategy,
# special-value and residency suites run. Results land in $OUT (default ./out).
set -uo pipefail
out=${OUT:-out}
mkdir -p "$out"
export SEJITS_CACHE_DIR="$(mktemp -d)" SEJITS_SEED="${SEJITS_SEED:-20261122}" SEJITS_OPENCL_DEVICE="${SEJITS_OPENCL_DEVICE:-nvidia}"
{ clinfo -l; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; } > "$out/machine.txt" 2>&1
for part in "$@"; do
  start=$(date +%s)
  case "$part" in
    bench)
      echo "== GPU bench"
      node dist/gpu/bench/gpu/gpu-bench.js --json "$out/gpu-bench.json" ${BENCH_ARGS:-} 2>"$out/gpu-bench.err" | tee "$out/gpu-bench.txt"
      tail -5 "$out/gpu-bench.err"
      ;;
    meta-bench)
      echo "== meta bench (Figure 4 solver: copy-always, resident, unfused, fused; JAX and CuPy peers)"
      node dist/gpu/bench/gpu/meta-bench.js --json "$out/meta-bench.json" ${META_BENCH_ARGS:-} 2>"$out/meta-bench.err" | tee "$out/meta-bench.txt"
      tail -25 "$out/meta-bench.err"
      ;;
    fusion)
      echo "== fusion bench (Figures 9 and 10, temporal blocking) on ${FUSION_BACKEND:-cuda}"
      node dist/gpu/bench/fusion-bench.js --backend "${FUSION_BACKEND:-cuda}" --json "$out/fusion-bench.json" ${FUSION_ARGS:-} 2>"$out/fusion-bench.err" | tee "$out/fusion-bench.txt"
      tail -25 "$out/fusion-bench.err"
      ;;
    meta)
      echo "== elementwise conformance, meta and staged-kernel suites on $part backends ${META_BACKENDS:-cuda}"
      SEJITS_REQUIRED_BACKENDS="${META_BACKENDS:-cuda}" node --test dist/gpu/test/conformance-ops.test.js dist/gpu/test/meta.test.js dist/gpu/test/meta-property.test.js dist/gpu/test/staged-gpu.test.js dist/gpu/test/stream-gpu.test.js > "$out/meta-suites.txt" 2>&1
      echo "exit $? after $(( $(date +%s) - start )) s" | tee -a "$out/meta-suites.txt"
      grep -E '^# (tests|pass|fail)|^ *not ok' "$out/meta-suites.txt"
      ;;
    cuda-backend)
      echo "== cuda backend suite"
      SEJITS_REQUIRED_BACKENDS=cuda node --test dist/gpu/test/cuda-backend.test.js > "$out/cuda-backend.txt" 2>&1
      echo "exit $? after $(( $(date +%s) - start )) s" | tee -a "$out/cuda-backend.txt"
      grep -E '^# (tests|pass|fail)|^ *not ok' "$out/cuda-backend.txt"
      ;;
    *)
      # The conformance suite in four shards side by side (NVRTC compiles on the CPU), and the
      # strategy, special-value and residency suites beside them.
      echo "== conformance on $part"
      log="$out/conformance-${part//,/-}"
      for k in 0 1 2 3; do
        SEJITS_CONFORMANCE_SHARD=$k/4 SEJITS_REQUIRED_BACKENDS="$part" node --test dist/gpu/test/conformance.test.js > "$log-shard$k.txt" 2>&1 &
      done
      other="dist/gpu/test/gpu-strategies.test.js dist/gpu/test/special-values.test.js dist/gpu/test/residency.test.js"
      # webgpu's own suite: residency on Dawn, packed uint8, 2-D dispatch, special values in f32, the tuner.
      case ",$part," in *,webgpu,*) other="$other dist/gpu/test/webgpu-backend.test.js" ;; esac
      SEJITS_REQUIRED_BACKENDS="$part" node --test $other > "$log-other.txt" 2>&1 &
      wait
      echo "done after $(( $(date +%s) - start )) s"
      grep -hE '^# (tests|pass|fail)|cases$|^ *not ok' "$log"-*.txt | head -60
      ;;
  esac
done
