#!/usr/bin/env bash
# The whole test suite: setup, build, then lit + GoogleTest through ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MNV4_BUILD_DIR:-$root/build}
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j2
