#!/usr/bin/env bash
# Runs the conformance, special-value and c-backend suites (the last forces the streaming-store
# path on small grids) on the c backend, with the generated C built under AddressSanitizer and
# UndefinedBehaviorSanitizer. Node itself is not instrumented, so the ASan
# runtime is preloaded; grids are malloc'd typed-array buffers, which ASan surrounds with redzones.
# Any report aborts the run. Usage: npm run test:sanitize [-- extra node --test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

CC_BIN="${SEJITS_CC:-cc}"
LIBASAN="$("$CC_BIN" -print-file-name=libasan.so)"
if [ ! -e "$LIBASAN" ]; then
  echo "sanitize-c: $CC_BIN has no libasan.so (apt-get install libasan8 or gcc)" >&2
  exit 1
fi

export SEJITS_CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fopenmp -ffp-contract=off"
export SEJITS_REQUIRED_BACKENDS=c
export SEJITS_BACKEND=c
export SEJITS_CACHE_DIR="${SEJITS_CACHE_DIR:-$(mktemp -d)}"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"

echo "sanitize-c: $("$CC_BIN" --version | head -1); SEJITS_CFLAGS=$SEJITS_CFLAGS"
echo "sanitize-c: LD_PRELOAD=$LIBASAN; cache $SEJITS_CACHE_DIR"
LD_PRELOAD="$LIBASAN" node --import tsx --test "$@" test/conformance.test.ts test/special-values.test.ts test/c-backend.test.ts
