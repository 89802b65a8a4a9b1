#!/usr/bin/env bash
# Runs every libFuzzer target of test/fuzz for SECONDS each (default 3600),
# growing the corpora in BUILD_DIR/fuzz/corpora (seeded by
# test/fuzz/make-corpora.sh) after replaying test/fuzz/Inputs/ through the tools.
# libFuzzer runs in fork mode and goes on after a crash; each input that
# crashed, hung or ran out of memory is kept in BUILD_DIR/fuzz/artifacts/
# <target>/ and replayed through the tools of BUILD_DIR: it is "contained"
# when every tool rejects it with an error (a crash inside MLIR's own
# readers, which the loader turns into an error), otherwise "open".
# Prints one line per target: executions, seconds, coverage (edges and
# features), corpus size, crashes found/contained/open. Exits 1 when any is
# open or a regression input fails again.
#   bench/fuzz.sh [SECONDS] [BUILD_DIR]   (BUILD_DIR: an MNV4_FUZZ=ON build,
#                                          default build-sanitize)
set -uo pipefail
shopt -s nullglob
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-3600}
build=$(cd "${2:-$root/build-sanitize}" && pwd)
bin=$build/bin
work=$build/fuzz
targets=(onnx onnx-structure mlir mlirbc mlir-int8 tensor-file image calibration
  vulkan-program)
export ASAN_OPTIONS=abort_on_error=1:allow_user_poisoning=0 UBSAN_OPTIONS=abort_on_error=1:print_stacktrace=1

# Seeds again when a target has no corpus yet (a new target); grown corpora
# are kept.
for t in "${targets[@]}"; do
  if [ ! -d "$work/corpora/$t" ]; then
    rm -rf "$work/seeds"
    bash "$root/test/fuzz/make-corpora.sh" "$bin" "$work/seeds" || exit 1
    mkdir -p "$work/corpora"
    for s in "${targets[@]}"; do
      [ -d "$work/corpora/$s" ] || cp -r "$work/seeds/$s" "$work/corpora/$s"
    done
    break
  fi
done

failed=0
# The regression inputs first, through the tools (as test/fuzz/regressions.test).
if ! PATH=$bin:$PATH python3 "$root/test/fuzz/Inputs/replay_regressions.py" \
  "$root/test/fuzz/Inputs" "$work/replay" >"$work/replay.log" 2>&1; then
  echo "a regression input fails again (see $work/replay.log)"
  failed=1
fi
for t in "${targets[@]}"; do
  fuzzer=$bin/mnv4-fuzz-$t
  art=$work/artifacts/$t
  log=$work/logs/$t.log
  mkdir -p "$art" "$work/logs"
  # A Vulkan program seed holds every SPIR-V module and the weights.
  max_len=65536
  [ "$t" = vulkan-program ] && max_len=262144
  # -close_fd_mask=3: the tools' error messages stay quiet; reports do not.
  "$fuzzer" "$work/corpora/$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
    -ignore_ooms=1 -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 \
    -max_len=$max_len -close_fd_mask=3 -artifact_prefix="$art/" >"$log" 2>&1
  status=$?
  stats=$(grep -E '^#[0-9]+: cov: ' "$log" | tail -1)
  execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$stats")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' <<<"$stats")
  time=$(grep -oE 'time: [0-9]+s' <<<"$stats")
  found=("$art"/*)
  open=${#found[@]}
  if [ "$open" -gt 0 ] && [ "$t" != tensor-file ]; then
    rm -rf "$work/triage" && mkdir -p "$work/triage/$t"
    cp "${found[@]}" "$work/triage/$t/"
    PATH=$bin:$PATH python3 "$root/test/fuzz/Inputs/replay_regressions.py" \
      --require-error "$work/triage" "$work/triage-run" >"$log.triage" 2>&1
    open=$(grep -oE '^[a-z-]+/[^:]+: mnv4-' "$log.triage" | sort -u | wc -l)
  fi
  printf '%-15s %9s execs %5s  %-22s corpus %5d  crashes %d (contained %d, open %d)\n' \
    "$t" "${execs:-0}" "${time:-0s}" "${cov:-no coverage}" \
    "$(find "$work/corpora/$t" -type f | wc -l)" "${#found[@]}" \
    "$((${#found[@]} - open))" "$open"
  if [ -z "$stats" ] || [ "$open" -ne 0 ]; then
    echo "$t: FAILED (exit $status, $open open); log $log, inputs in $art"
    failed=1
  fi
done
exit $failed
