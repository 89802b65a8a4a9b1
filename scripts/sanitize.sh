#!/usr/bin/env bash
# CI's sanitizer job: an ASan + UBSan build with the fuzz targets
# (MNV4_FUZZ=ON) in ${MNV4_SANITIZE_BUILD_DIR:-build-sanitize}, the whole test
# suite on it (any sanitizer report aborts the tool, so it fails its test),
# then every fuzz target for ${MNV4_FUZZ_SECONDS:-10} seconds from the seed
# corpora, after replaying its regression inputs (bench/fuzz.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MNV4_SANITIZE_BUILD_DIR:-$root/build-sanitize}
MNV4_BUILD_DIR=$build MNV4_CMAKE_FLAGS=-DMNV4_FUZZ=ON bash "$root/scripts/build.sh"
# allow_user_poisoning=0: LLVM's allocators, inlined into mnv4's instrumented
# code, poison memory that Debian's uninstrumented libMLIR then uses.
export ASAN_OPTIONS=abort_on_error=1:allow_user_poisoning=0
export UBSAN_OPTIONS=abort_on_error=1:print_stacktrace=1
(cd "$build" && ctest --output-on-failure -j2)
rm -rf "$build/fuzz/artifacts"
bash "$root/bench/fuzz.sh" "${MNV4_FUZZ_SECONDS:-10}" "$build"
