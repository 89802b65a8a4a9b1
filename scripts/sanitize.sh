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
# interpreter, the quantizer, the importer or the code generator: under the
# sanitizers they run 17-28 times slower (stop 11's CI was killed at 90
# minutes halfway through this job), and the tests kept exercise the same code
# on small models and every bad-input row (docs/reliability.md lists the cut).
# The compiled-engine, aarch64 and hexagon end-to-end tests (fp32 and int8)
# run JIT or emulated code that is not instrumented, after a reference run of a whole model;
# c-abi, the int8 kernel tests and the codegen lit tests stay. The int8 tests
# that quantize whole models many times (option combinations, TFLite export
# with Arm NN, EdgeTPU report, the int8 engine, block decomposition) are cut
# too; docs/bad-input.test keeps the calibration errors, the fuzz targets the
# calibration and image readers, and the int8 unit tests stay. The Vulkan
# engine tests (engine-*, bad-input, shared-models) load lavapipe (an
# uninstrumented LLVM JIT driver whose allocations LeakSanitizer reports as
# leaks at exit) and the validation layer into the process; test/vulkan's
# lowering lit tests stay, and docs/bad-input.test skips its rows that load
# the driver.
# package/classify and package/quantize link an uninstrumented program against
# the installed runtime, which this build instruments.
heavy_lit='vulkan/engine|vulkan/bad-input|vulkan/shared-models|codegen/compiled-zoo|codegen/compiled-int8-(zoo|shared|attention|profile)|codegen/memory-stats|codegen/threads|aarch64/zoo|aarch64/int8|hexagon/int8|package/classify|package/quantize|codegen/compiled-pytorch|import/variants|import/shared-models|zoo/roundtrip|zoo/batch|zoo/resolution|import/fuzz-structure|zoo/antialias|zoo/hybrid|import/stats-equality|determinism/zoo|determinism/targets|determinism/objects|tools/mnv4-compile-emit|tools/mnv4-compile-stats|tools/mnv4-compile-quantize|tools/mnv4-compile-tflite|tools/mnv4-compile-edgetpu|tools/mnv4-run-int8|tools/mnv4-run-zoo|tools/mnv4-run-profile|passes/decompose-blocks'
heavy_unit='ZooVsDoc|ZooActivations|ZooModels|ZooDeterminism.SameSeed|ZooDeterminism.BlobKeys'
lit=$(sed -n 's/^MNV4_LIT:FILEPATH=//p' "$build/CMakeCache.txt")
"$lit" -sv --filter-out "$heavy_lit" "$build/test"
(cd "$build" && ctest --output-on-failure -j2 -E "^(lit|clang-format)$|$heavy_unit")
rm -rf "$build/fuzz/artifacts"
bash "$root/bench/fuzz.sh" "${MNV4_FUZZ_SECONDS:-10}" "$build"
