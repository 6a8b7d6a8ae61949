#!/usr/bin/env bash
# fuzz.sh -- runs the libFuzzer targets of tests/fuzz/ (built by the `fuzz` preset), each for a
# bounded time, from its committed seeds, and prints one line per target: executions, inputs
# that reached new code, and what it found.
#
#   bash scripts/fuzz.sh [--seconds N] [--jobs J] [TARGET...]
#       TARGET: url json state cli core_diff (default: all of build/fuzz/fuzz_*)
#       --seconds N   per target (default 12: about a minute for the five, scripts/test.sh `fuzz`)
#       --jobs J      J fuzzing processes per target (default 1; a longer run on a free machine:
#                     --seconds 3600 --jobs 2)
#
# Inputs that reach new code are kept in build/fuzz/corpus/TARGET/ (not committed; the next run
# starts from them too). A crash, a sanitizer report, a failed property (FUZZ_CHECK), a leak or a
# time-out (over 20 s for one input) stops that target, keeps the input as
# build/fuzz/artifacts/TARGET-crash-<sha1> (or leak-, timeout-, oom-), prints the report, and the
# script exits 1. To reproduce: build/fuzz/fuzz_TARGET build/fuzz/artifacts/TARGET-crash-<sha1>.
# Every input found so becomes a regression test (tests/fuzz/README.md says where).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=12
jobs=1
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
build=build/fuzz
if [ "${#targets[@]}" -eq 0 ]; then
  for binary in "$build"/fuzz_*; do
    [ -x "$binary" ] && targets+=("${binary#"$build"/fuzz_}")
  done
fi
[ "${#targets[@]}" -gt 0 ] || { echo "fuzz.sh: no fuzz targets in $build (cmake --preset fuzz && cmake --build --preset fuzz)" >&2; exit 2; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
mkdir -p "$build/artifacts" "$build/logs"
for target in "${targets[@]}"; do
  binary=$build/fuzz_$target
  seeds=tests/fuzz/corpus/$target
  [ -x "$binary" ] || { echo "fuzz.sh: $binary is not built" >&2; status=1; continue; }
  [ -d "$seeds" ] || { echo "fuzz.sh: no seed corpus $seeds" >&2; status=1; continue; }
  work=$build/corpus/$target
  mkdir -p "$work"
  log=$build/logs/$target.log
  options=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=4096
           -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-")
  [ -f "tests/fuzz/$target.dict" ] && options+=(-dict="tests/fuzz/$target.dict")
  if [ "$jobs" -gt 1 ]; then
    options+=(-fork="$jobs")
  fi
  # The first corpus folder receives new inputs; the seeds are only read.
  "$binary" "${options[@]}" "$work" "$seeds" > "$log" 2>&1
  result=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  new_units=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -n 1)
  seeds_count=$(find "$seeds" -type f | wc -l)
  if [ "$result" -eq 0 ]; then
    printf 'fuzz %-10s %9s executions in %ss, %s seeds, %s new inputs, nothing found\n' \
      "$target" "${executions:-?}" "$seconds" "$seeds_count" "${new_units:-?}"
  else
    status=1
    printf 'fuzz %-10s FOUND SOMETHING (exit %s) after %s executions; log %s\n' \
      "$target" "$result" "${executions:-?}" "$log"
    grep -E 'ERROR: |property failed|runtime error|Test unit written|SUMMARY' "$log" | head -n 20
    grep -A3 'property failed' "$log" | head -n 8
  fi
done
exit $status
