#!/usr/bin/env bash
# Fails when a tracked C/C++ file is not clang-format (LLVM style) clean.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.h' '*.c')
clang-format --dry-run --Werror $files
echo "clang-format: $(echo "$files" | wc -l) files clean"
