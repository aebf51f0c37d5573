#!/usr/bin/env bash
# What runs on the NVIDIA test machine (../shared/gpu/README.md):
#   bash scripts/build-gpu.sh && ../shared/gpu/pack.sh                  (here)
#   source .gpu/setup.sh && bash scripts/gpu-run.sh bench                (there, carrying .gpu and dist/gpu)
#   source .gpu/setup.sh && bash scripts/gpu-run.sh conformance opencl,opencl-tiles
# Results land in $OUT (default ./out): the opencl bench's table and JSON, and the conformance
# suite's report on NVIDIA's OpenCL platform. One call stays under the 10-minute limit per part.
set -uo pipefail
out=${OUT:-out}
mkdir -p "$out"
export SEJITS_CACHE_DIR="$(mktemp -d)" SEJITS_SEED="${SEJITS_SEED:-20261122}" SEJITS_OPENCL_DEVICE="${SEJITS_OPENCL_DEVICE:-nvidia}"
{ clinfo -l; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; } > "$out/machine.txt" 2>&1
for part in "$@"; do
  case "$part" in
    bench)
      echo "== opencl bench"
      node dist/gpu/bench/gpu/opencl-jacobi.js --json "$out/opencl-bench.json" ${BENCH_ARGS:-} 2>&1 | tee "$out/opencl-bench.txt"
      ;;
    conformance)
      ;;
    *)
      # A comma-separated list of backends: the conformance, special-value and residency suites on each.
      echo "== conformance on $SEJITS_OPENCL_DEVICE: $part"
      start=$(date +%s)
      SEJITS_REQUIRED_BACKENDS="$part" node --test dist/gpu/test/conformance.test.js dist/gpu/test/special-values.test.js dist/gpu/test/residency.test.js > "$out/conformance-$part.txt" 2>&1
      echo "exit $? after $(( $(date +%s) - start )) s" | tee -a "$out/conformance-$part.txt"
      grep -E '^# (tests|pass|fail)|cases$|^not ok' "$out/conformance-$part.txt"
      ;;
  esac
done
