#!/usr/bin/env bash
# What `cargo test` costs after a change to the library: CPU time (user +
# system, of cargo and every rustc, linker and test process it waits for)
# and wall time of building the tests (`cargo test --no-run`) and of the
# whole `cargo test`, each after `touch src/lib.rs`.
#
#   benches/test_time.sh            # prints three lines
#
# Run it twice on the same tree and keep the second figures: the first
# build after a checkout or a new test binary has no incremental cache.
# Compare layouts (one test binary per file, or tests/it/) back to back on a
# quiet machine; CPU time is the figure other load disturbs least.
# Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed" >&2; exit 2; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT

measure() {
  local label=$1
  shift
  touch src/lib.rs
  if ! /usr/bin/time -f "$label: wall %e s, CPU %U s user + %S s system" -o "$log.time" \
    "$@" >"$log" 2>&1; then
    tail -20 "$log" >&2
    echo "$label failed" >&2
    exit 1
  fi
  cat "$log.time"
  rm -f "$log.time"
}

measure "cargo test --no-run" cargo test --no-run
measure "cargo test" cargo test
binaries=$(grep -c '^     Running ' "$log" || true)
tests=$(grep '^test result' "$log" | awk '{n += $4} END {print n + 0}')
echo "test binaries run: $binaries; tests passed: $tests"
