#!/usr/bin/env bash
# The aarch64 figures of docs/aarch64.md section 6 (not a test: it takes tens
# of minutes on 2 cores). Needs a build (scripts/build.sh) and ../shared/models.
#   bench/aarch64-qemu.sh [RESOLUTION=64] > figures.md
# 1. every zoo variant at RESOLUTION: cortex-a53 code under qemu -cpu
#    cortex-a53 and neoverse-n1 code (fp16 + dot product allowed) under
#    qemu -cpu max, max_rel_err against the reference interpreter;
# 2. ../shared/models/conv_small_035.onnx at 224, the same two ways, with the
#    emulated run's qemu process CPU time (mnv4-run --time);
# 3. object sizes per variant at RESOLUTION (text, read-only data).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${MNV4_BUILD_DIR:-$root/build}/bin
models=$root/../shared/models
res=${1:-64}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c "import struct; open('$tmp/in.bin', 'wb').write(struct.pack('<%df' % (3*$res*$res), *[((i * 7919) % 1013) / 253.0 - 2.0 for i in range(3*$res*$res)]))"

run_both() { # MODEL FLAGS... -> "| a53 err | a53 ms | max err | max ms |"
  local model=$1; shift
  "$bin/mnv4-run" "$model" "$@" --output "$tmp/ref.bin" >/dev/null
  local row=""
  for pair in cortex-a53:cortex-a53 neoverse-n1:max; do
    local cpu=${pair%%:*} qcpu=${pair##*:}
    local out
    out=$("$bin/mnv4-run" "$model" "$@" --engine=compiled --target=aarch64 --cpu="$cpu" --qemu-cpu="$qcpu" \
      --output "$tmp/out.bin" --compare="$tmp/ref.bin" --time 2>&1)
    local err ms
    err=$(sed -n 's/.*max_rel_err=\([^ ]*\).*/\1/p' <<<"$out")
    ms=$(sed -n 's/.*qemu-aarch64 cpu time: \([0-9.]*\) ms.*/\1/p' <<<"$out")
    row="$row $err | $ms |"
  done
  echo "$row"
}

echo "## zoo at ${res}x${res} under qemu-aarch64 (max_rel_err; qemu CPU ms of one emulated inference, qemu start included)"
echo
echo "| model | cortex-a53 code on -cpu cortex-a53 | ms | neoverse-n1 code on -cpu max | ms |"
echo "|---|---|---|---|---|"
for m in $("$bin/mnv4-compile" --list-models); do
  echo "| $m |$(run_both "$m" --resolution="$res" --input "$tmp/in.bin")"
done
echo
echo "## ../shared/models/conv_small_035.onnx at 224"
echo
echo "| model | cortex-a53 code on -cpu cortex-a53 | ms | neoverse-n1 code on -cpu max | ms |"
echo "|---|---|---|---|---|"
echo "| conv_small_035.onnx |$(run_both "$models/conv_small_035.onnx" --input "$models/conv_small_035.input.bin")"
echo
echo "## object sizes at ${res}x${res} (bytes: code .text, weights .rodata; llvm-size -A)"
echo
echo "| model | x86_64 (x86-64-v3) .text | .rodata | aarch64 (generic) .text | .rodata |"
echo "|---|---|---|---|---|"
for m in $("$bin/mnv4-compile" --list-models); do
  row="| $m |"
  for t in x86_64:x86-64-v3 aarch64:generic; do
    "$bin/mnv4-compile" "$m" --resolution="$res" --target="${t%%:*}" --cpu="${t##*:}" --emit=obj -o "$tmp/m.o"
    text=$(llvm-size-22 -A "$tmp/m.o" | awk '$1 ~ /^\.text/ {s += $2} END {print s}')
    ro=$(llvm-size-22 -A "$tmp/m.o" | awk '$1 ~ /^\.(l?rodata)/ {s += $2} END {print s}')
    row="$row $text | $ro |"
  done
  echo "$row"
done
