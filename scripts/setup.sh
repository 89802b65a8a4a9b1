#!/usr/bin/env bash
# Installs every system package mnv4's build and tests need on Debian 12.
# Idempotent: when everything is already installed it only checks (about 0.05 s).
set -euo pipefail

PKGS=(
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  libclang-rt-22-dev
  cmake ninja-build ccache libgtest-dev googletest
  libonnx-dev libprotobuf-dev protobuf-compiler libflatbuffers-dev flatbuffers-compiler
  python3 time git clang-format
  libarmnn-dev libarmnn-cpuref-backend22 libarmnntfliteparser-dev
  qemu-user libc6-dev-arm64-cross libgcc-12-dev-arm64-cross libstb-dev
  libvulkan-dev mesa-vulkan-drivers vulkan-validationlayers spirv-tools vulkan-tools
  libjpeg62-turbo-dev libpng-dev python3-pil
)

# TFLite's WASM runtime (@tensorflow/tfjs-tflite) for the TFLite validation tests
# (docs/tflite.md): the npm packages pinned in test/tflite/wasm/package-lock.json,
# installed into test/tflite/wasm/node_modules; again only when the lock changed.
npm_packages() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../test/tflite/wasm" && pwd)"
  if [ -f "$dir/node_modules/.mnv4-lock" ] && cmp -s "$dir/package-lock.json" "$dir/node_modules/.mnv4-lock"; then
    return
  fi
  if ! command -v npm > /dev/null; then  # Debian's node and npm unless one is installed
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=900 nodejs npm
  fi
  echo "setup: installing the npm packages of test/tflite/wasm"
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  cp "$dir/package-lock.json" "$dir/node_modules/.mnv4-lock"
}

installed=$({ dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PKGS[@]}" 2>/dev/null || true; } |
  awk '$2=="installed"' | wc -l)
if [ "$installed" -eq "${#PKGS[@]}" ]; then
  echo "setup: all ${#PKGS[@]} packages present"
  npm_packages
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing missing packages (${installed}/${#PKGS[@]} present)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=900 "${PKGS[@]}"
npm_packages
