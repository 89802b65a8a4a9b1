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
# The suite minus the tests that push whole zoo models through the reference
# interpreter or the importer many times: under the sanitizers they run about
# 17 times slower (hours on 2 cores), and the tests kept exercise the same
# code on small models (docs/reliability.md lists the cut). The compiled-engine
# end-to-end tests run JIT code that is not instrumented, after a reference run
# of a whole model; c-abi and the codegen lit tests stay. The int8 tests that
# quantize and run whole models (TFLite export with Arm NN, EdgeTPU report, the
# int8 engine, block decomposition) are cut too; mnv4-compile-quantize (the
# calibration inputs and bad input) and the int8 unit tests stay. The Vulkan
# engine tests (engine-*, bad-input, shared-models) load lavapipe (an
# uninstrumented LLVM JIT driver whose allocations LeakSanitizer reports as
# leaks at exit) and the validation layer into the process; test/vulkan's
# lowering lit tests stay, and docs/bad-input.test skips its rows that load
# the driver.
# package/classify links an uninstrumented program against the installed
# runtime, which this build instruments.
heavy_lit='vulkan/engine|vulkan/bad-input|vulkan/shared-models|codegen/compiled-zoo|aarch64/zoo|package/classify|codegen/compiled-pytorch|import/variants|zoo/roundtrip|import/fuzz-structure|zoo/antialias|zoo/hybrid|import/shared-models.test|import/stats-equality|determinism/zoo|determinism/targets|tools/mnv4-compile-emit|tools/mnv4-compile-tflite|tools/mnv4-compile-edgetpu|tools/mnv4-run-int8|passes/decompose-blocks'
heavy_unit='ZooVsDoc|ZooActivations|ZooModels'
lit=$(sed -n 's/^MNV4_LIT:FILEPATH=//p' "$build/CMakeCache.txt")
"$lit" -sv --filter-out "$heavy_lit" "$build/test"
(cd "$build" && ctest --output-on-failure -j2 -E "^(lit|clang-format)$|$heavy_unit")
rm -rf "$build/fuzz/artifacts"
bash "$root/bench/fuzz.sh" "${MNV4_FUZZ_SECONDS:-10}" "$build"
