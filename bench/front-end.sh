#!/usr/bin/env bash
# Front-end figures the foundation issues ask for, measured in one run:
# wall time and peak RSS of building hybrid_large and writing .mlirbc, parsing
# it back, importing hybrid_medium.onnx, and the reference interpreter on
# conv_small (ONNX export) and hybrid_large (zoo). Prints one line per step.
#   bench/front-end.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build}/bin
models=$root/../shared/models
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() { # name command...
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >"$tmp/out" 2>&1 ||
    { echo "$name: FAILED"; cat "$tmp/out"; exit 1; }
  read -r secs kb <"$tmp/time"
  printf '%-44s %7.2f s %8.0f MB\n' "$name" "$secs" "$((kb / 1024))"
}

measure "zoo hybrid_large -> .mlirbc" \
  "$bin/mnv4-compile" hybrid_large --emit=mlirbc -o "$tmp/hl.mlirbc"
measure "mnv4-opt parse hybrid_large .mlirbc" \
  "$bin/mnv4-opt" "$tmp/hl.mlirbc" -o /dev/null
measure "zoo hybrid_large -> .mlir (text)" \
  "$bin/mnv4-compile" hybrid_large --emit=mlir -o "$tmp/hl.mlir"
measure "mnv4-opt parse hybrid_large .mlir" \
  "$bin/mnv4-opt" "$tmp/hl.mlir" -o /dev/null
measure "import hybrid_medium.onnx (+raise, stats)" \
  "$bin/mnv4-compile" "$models/hybrid_medium.onnx" --stats-json
measure "reference run conv_small.onnx" \
  "$bin/mnv4-run" "$models/conv_small.onnx" --input "$models/conv_small.input.bin" \
  --output "$tmp/o.bin" --compare "$models/conv_small.output.bin"
measure "reference run hybrid_medium.onnx" \
  "$bin/mnv4-run" "$models/hybrid_medium.onnx" --input "$models/hybrid_medium.input.bin" \
  --output "$tmp/o.bin" --compare "$models/hybrid_medium.output.bin"
python3 - "$tmp" <<'PY'
import struct, sys
n = 3 * 384 * 384
open(sys.argv[1] + "/in384.bin", "wb").write(struct.pack("<%df" % n, *[((i * 7919) % 97) / 48.0 - 1.0 for i in range(n)]))
PY
measure "reference run hybrid_large (zoo, 384)" \
  "$bin/mnv4-run" hybrid_large --input "$tmp/in384.bin" --output "$tmp/o.bin"
