#!/usr/bin/env bash
# The emulated int8 figures of docs/hexagon.md section 5 (not a test: minutes
# on 2 cores). Needs a build (scripts/build.sh) with the int8 code generator.
#   bench/int8-emulated.sh [R1=64] [R2=128] > figures.md
# conv_small_035 from the zoo, quantized at R1 and at R2 (2 calibration
# samples), compiled for every emulated target and CPU below:
# 1. bit-exact or not against the int8 reference engine (cmp of the outputs);
# 2. the qemu process CPU time of one inference (mnv4-run --time), and per
#    MMAC (t(R2) - t(R1)) / (MMAC(R2) - MMAC(R1)): the difference cancels
#    qemu's start and the fixed costs.
# Then the same per kernel class: one layer (bench/int8-layer.py) at 28x28
# and 56x56 for Hexagon with and without HVX.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${MNV4_BUILD_DIR:-$root/build}/bin
r1=${1:-64}
r2=${2:-128}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
configs="hexagon:hexagonv68 hexagon:hexagonv73 hexagon:hexagonv66 hexagon:hexagonv67t hexagon:hexagonv5 aarch64:cortex-a53 aarch64:cortex-a76"

declare -A ms macs

# emulate TARGET:CPU MODEL EXT IN REF RA RB: "bit-exact at RA / RB | ms at RA |
# at RB | ms per MMAC |" of $tmp/MODEL$R.EXT run on $tmp/IN$R.bin against
# $tmp/REF$R.bin, with ${macs[R]} MACs.
emulate() {
  local target=${1%%:*} cpu=${1##*:} model=$2 ext=$3 in=$4 ref=$5 ra=$6 rb=$7 exact="" r out
  for r in "$ra" "$rb"; do
    out=$("$bin/mnv4-run" "$tmp/$model$r.$ext" --engine=compiled --target="$target" --cpu="$cpu" \
      --input "$tmp/$in$r.bin" --output "$tmp/out.bin" --time 2>&1)
    ms[$r]=$(sed -n "s/.*qemu-$target cpu time: \([0-9.]*\) ms.*/\1/p" <<<"$out")
    if cmp -s "$tmp/out.bin" "$tmp/$ref$r.bin"; then exact="$exact yes"; else exact="$exact NO"; fi
  done
  echo "$exact | ${ms[$ra]} | ${ms[$rb]} | $(python3 -c "print('%.2f' % ((${ms[$rb]} - ${ms[$ra]}) / ((${macs[$rb]} - ${macs[$ra]}) / 1e6)))") |"
}
for r in "$r1" "$r2"; do
  python3 -c "import struct; n = 3 * $r * $r; open('$tmp/in$r.bin', 'wb').write(struct.pack('<%df' % n, *[((i * 7919) % 1013) / 253.0 - 2.0 for i in range(n)]))"
  "$bin/mnv4-compile" conv_small_035 --resolution="$r" --quantize=int8 --calibration-samples=2 --quiet \
    --emit=mlirbc -o "$tmp/q$r.mlirbc"
  macs[$r]=$("$bin/mnv4-compile" conv_small_035 --resolution="$r" --stats-json |
    python3 -c "import json, sys; print(json.load(sys.stdin)['macs'])")
  "$bin/mnv4-run" "$tmp/q$r.mlirbc" --input "$tmp/in$r.bin" --output "$tmp/ref$r.bin"
done

echo "## conv_small_035 int8 under qemu (zoo weights; ${r1}x${r1}: ${macs[$r1]} MACs, ${r2}x${r2}: ${macs[$r2]} MACs)"
echo
echo "| target | --cpu | bit-exact at $r1 / $r2 | qemu CPU ms at $r1 | at $r2 | ms per MMAC |"
echo "|---|---|---|---|---|---|"
for config in $configs; do
  echo "| ${config%%:*} | ${config##*:} |$(emulate "$config" q mlirbc in ref "$r1" "$r2")"
done

# One layer per kernel class: a 3x3 depthwise conv (generic kernel), a 1x1
# conv 64 -> 64 (vrmpy on HVX) and 24 -> 24 (under 32 channels: generic).
layers="depthwise:64 pointwise:64 pointwise:24"
kernel_configs="hexagon:hexagonv68 hexagon:hexagonv67t"
echo
echo "## one int8 layer with relu6 under qemu (28x28 and 56x56)"
echo
echo "| layer | target | --cpu | bit-exact at 28 / 56 | qemu CPU ms at 28 | at 56 | ms per MMAC |"
echo "|---|---|---|---|---|---|---|"
for layer in $layers; do
  kind=${layer%%:*} c=${layer##*:}
  for r in 28 56; do
    python3 "$root/bench/int8-layer.py" "$kind" "$c" "$r" >"$tmp/l$r.mlir" 2>"$tmp/macs$r"
    macs[$r]=$(cat "$tmp/macs$r")
    python3 -c "import struct; n = $r * $r * $c; open('$tmp/l$r.bin', 'wb').write(struct.pack('<%df' % n, *[((i * 7919) % 1013) / 253.0 - 2.0 for i in range(n)]))"
    "$bin/mnv4-run" "$tmp/l$r.mlir" --input "$tmp/l$r.bin" --output "$tmp/lref$r.bin"
  done
  for config in $kernel_configs; do
    echo "| $kind $c | ${config%%:*} | ${config##*:} |$(emulate "$config" l mlir l lref 28 56)"
  done
done
