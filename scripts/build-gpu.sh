#!/usr/bin/env bash
# Bundles what runs on the NVIDIA test machine (../shared/gpu/README.md) into dist/gpu/: the
# conformance, strategy, special-value, residency, cuda and webgpu suites, the elementwise and meta
# suites, the staged-kernel suite, and the GPU benches (gpu-bench, meta-bench, fusion-bench), as plain
# JavaScript for node's own test runner (that machine has no dev tools). koffi and webgpu stay
# external: they come from .gpu/node_modules, which ../shared/gpu/pack.sh builds from the
# production dependencies. Suites that start child processes with tsx run in CI instead.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist/gpu
npx esbuild \
  test/conformance.test.ts test/special-values.test.ts test/residency.test.ts test/gpu-strategies.test.ts test/cuda-backend.test.ts test/webgpu-backend.test.ts \
  test/conformance-ops.test.ts test/meta.test.ts test/meta-property.test.ts test/staged-gpu.test.ts test/stream-gpu.test.ts \
  bench/gpu/gpu-bench.ts bench/gpu/meta-bench.ts bench/gpu/explore.ts bench/gpu/webgpu-gaps.ts bench/fusion-bench.ts \
  --bundle --splitting --chunk-names=chunks/[name]-[hash] --platform=node --format=esm --target=node20 --outbase=. --outdir=dist/gpu \
  --external:koffi --external:webgpu \
  --banner:js="import { createRequire as __sejitsRequire } from 'node:module'; const require = __sejitsRequire(import.meta.url);" \
  --log-level=warning
cp bench/gpu/peers.py bench/gpu/meta_peers.py dist/gpu/bench/gpu/
cp bench/fusion_peers.py dist/gpu/bench/
# The webgpu suite validates the golden WGSL files with Dawn's compiler.
mkdir -p dist/gpu/test/golden && cp test/golden/*.wgsl dist/gpu/test/golden/
du -sh dist/gpu
