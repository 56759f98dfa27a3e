#!/usr/bin/env bash
# `earmark search`'s output, fingerprinted: one line per search with the md5
# of stdout and of stderr, and the exit code. Run it with two binaries and
# diff the results to show a speed change left the output as it was:
#
#   benches/search_output_md5.sh /tmp/before-earmark DIR... > before.txt
#   benches/search_output_md5.sh target/release/earmark DIR... > after.txt
#   diff before.txt after.txt
#
# DIR... are folders or files to search (e.g. the archives search_scale.py
# builds, a mixed folder kept by mixed_search.sh, a 258 MB file). Each gets
# literal and regex patterns, in text and JSON, and -c, -l, -C 1, @speaker.
#
# SEARCH_FLAGS="--no-cache" (say) goes after `search` in every run; the
# search cache is $EARMARK_CACHE_DIR's if set. To compare a cold cache, a
# warm one and none against a binary without one:
#
#   export EARMARK_CACHE_DIR=$(mktemp -d)/cache
#   benches/search_output_md5.sh /tmp/before-earmark DIR > before.txt
#   benches/search_output_md5.sh target/release/earmark DIR > cold.txt
#   benches/search_output_md5.sh target/release/earmark DIR > warm.txt
#   SEARCH_FLAGS=--no-cache benches/search_output_md5.sh target/release/earmark DIR > off.txt
set -uo pipefail
bin=$1
shift
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
run() {
  # shellcheck disable=SC2086 # the flags are words
  "$bin" search ${SEARCH_FLAGS:-} "$@" >"$out" 2>"$err"
  local code=$?
  echo "$(md5sum <"$out" | cut -c1-12) $(md5sum <"$err" | cut -c1-12) $code :: $*"
}
for target in "$@"; do
  for p in the ai café "product-market fit" zebra k sales "okay so" growth " the" "’s" "@lenny growth"; do
    run "$p" "$target"
    run --json "$p" "$target"
  done
  for r in 'evals?' 'th(e|at)' 'grow(th|ing)' 'zeb(ra|u)' '\w*zebra' '\bai\b' 'caf[ée]'; do
    run --regex "$r" "$target"
    run --json --regex "$r" "$target"
  done
  run -c growth "$target"
  run -l the "$target"
  run -C 1 growth "$target"
  run -c --regex 'evals?' "$target"
done
