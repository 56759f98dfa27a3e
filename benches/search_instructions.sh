#!/usr/bin/env bash
# Instructions `earmark search` executes in user space (all threads), by
# valgrind's cachegrind: a count that the load of a shared machine does not
# move, for comparing two builds' CPU work when wall-clock and CPU time are
# noise. It leaves out the kernel (reading files, writing the pipe) and
# counts a `rep movsb` copy byte by byte, so read it beside CPU times, not
# instead of them. Needs valgrind; each search runs ~30x slower under it.
#
#   benches/search_instructions.sh TARGET BINARY... -- SEARCH-ARGS...
#   benches/search_instructions.sh /tmp/earmark-scale/x1 /tmp/before target/release/earmark -- the
#   benches/search_instructions.sh /tmp/earmark-scale/x1 /tmp/before target/release/earmark -- --regex 'evals?'
set -uo pipefail
target=$1
shift
bins=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  bins+=("$1")
  shift
done
shift
for bin in "${bins[@]}"; do
  refs=$(valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$bin" search "$@" "$target" 2>&1 >/dev/null | awk '/I *refs:/ {print $NF}')
  echo "$refs  $bin search $* $target"
done
