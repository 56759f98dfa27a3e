#!/usr/bin/env bash
# Instructions spent in `parse_bytes` (callgrind, inclusive) by two earmark
# binaries on the same files: steady whatever the load, where thread CPU
# figures on a shared machine move by a third from run to run. Page faults
# and cache misses do not show here; `benches/formats_cpu_ab.sh` has those.
#
#     EARMARK_BENCH_MB=1 EARMARK_BENCH_KEEP=DIR target/release/deps/formats-HASH >/dev/null
#     benches/parse_instructions.sh OLD_BINARY NEW_BINARY DIR/ttml_lines-big.ttml ...
#
# Prints, per file: its name, OLD's and NEW's instructions, and NEW/OLD.
set -euo pipefail
old=$1 new=$2
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$out" "$1" dump --json "$2" >/dev/null 2>&1
  callgrind_annotate --inclusive=yes "$out" | awk '/formats::parse_bytes/ { gsub(",", "", $1); print $1; exit }'
}
echo "file old new new/old"
for file in "$@"; do
  a=$(instructions "$old" "$file")
  b=$(instructions "$new" "$file")
  awk -v f="$(basename "$file")" -v a="$a" -v b="$b" 'BEGIN { printf "%s %d %d %.3f\n", f, a, b, b / a }'
done
