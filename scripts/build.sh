#!/usr/bin/env bash
# Configures (once) and builds mnv4 into ${MNV4_BUILD_DIR:-build} with
# clang-22, lld, Ninja and ccache; warnings are errors. MNV4_CMAKE_FLAGS adds
# options at configure time (e.g. -DMNV4_FUZZ=ON, see scripts/sanitize.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MNV4_BUILD_DIR:-$root/build}
export CCACHE_BASEDIR=$root
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DMNV4_WERROR=ON ${MNV4_CMAKE_FLAGS:-}
fi
cmake --build "$build" -- ${MNV4_NINJA_FLAGS:-}
