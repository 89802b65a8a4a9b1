#!/usr/bin/env bash
# What the benchmarks (bench/, docs/benchmarks.md) need beyond scripts/setup.sh:
# gnuplot (Debian) for the plot, and ONNX Runtime 1.30 (npm onnxruntime-node,
# CPU build) into bench/ort/node_modules, which git ignores.
# Idempotent: when both are present it only checks.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ort=$root/bench/ort
version=1.30.0

PKGS=(gnuplot-nox)
# node and npm may come from elsewhere (nodesource's nodejs bundles npm);
# Debian's are installed only when there are none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then PKGS+=(nodejs npm); fi
installed=$({ dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PKGS[@]}" 2>/dev/null || true; } |
  awk '$2=="installed"' | wc -l)
if [ "$installed" -ne "${#PKGS[@]}" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup-bench: installing missing packages (${installed}/${#PKGS[@]} present)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=900 "${PKGS[@]}"
fi

have=$(node -e "try { console.log(require('$ort/node_modules/onnxruntime-node/package.json').version) } catch { }")
if [ "$have" != "$version" ]; then
  echo "setup-bench: installing onnxruntime-node@$version into $ort/node_modules"
  # The package's install script downloads CUDA/TensorRT providers (and fails
  # offline); the CPU build is already in the tarball.
  (cd "$ort" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save --no-package-lock --no-audit --no-fund \
    "onnxruntime-node@$version")
fi
echo "setup-bench: gnuplot $(gnuplot --version | cut -d' ' -f2), onnxruntime-node $version, node $(node --version)"
