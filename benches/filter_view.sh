#!/usr/bin/env bash
# What `&pattern` costs in the reader beside `/pattern` on a large file:
# CPU time (user + system) and peak memory of earmark driven through tmux
# for three sessions on the same file: open and quit; open, `/PATTERN`
# Enter, a few `n`, quit; open, `&PATTERN` Enter, moves, Esc, quit. The
# difference to the first is what the search or the filter cost.
#
#   cargo build --release
#   benches/filter_view.sh [FILE] [PATTERN]
#
# FILE defaults to /tmp/wt-search-scale/big.md (257 MB), PATTERN to
# `algorithmic`. Needs tmux and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
earmark=$PWD/target/release/earmark
file=${1:-/tmp/wt-search-scale/big.md}
pattern=${2:-algorithmic}
[ -x "$earmark" ] || { echo "no $earmark: cargo build --release first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed" >&2; exit 2; }
[ -r "$file" ] || { echo "$file: cannot read it" >&2; exit 2; }
dir=$(mktemp -d)
session="filter-bench-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$dir"' EXIT

# Waits until the last row shows $1 (at most a minute).
wait_for() {
  for _ in $(seq 1 600); do
    tmux capture-pane -p -t "$session" | tail -1 | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2
  exit 1
}

# Runs one session: $1 its name, then the keys as tmux send-keys words
# (`wait:TEXT` waits for TEXT on the last row instead).
run() {
  local name=$1
  shift
  tmux new -d -s "$session" -x 100 -y 30 \
    "/usr/bin/time -f '%U %S %M' -o '$dir/$name' '$earmark' --config-dir '$dir/config' '$file'"
  wait_for "? help"
  for keys in "$@"; do
    case $keys in
      wait:*) wait_for "${keys#wait:}" ;;
      *) tmux send-keys -t "$session" "$keys"; sleep 0.3 ;;
    esac
  done
  wait_for "? help"
  tmux send-keys -t "$session" q
  while tmux has-session -t "$session" 2>/dev/null; do sleep 0.1; done
  read -r user sys peak < "$dir/$name"
  printf '%-8s cpu %6.2f s  peak %7d KB\n' "$name" "$(echo "$user + $sys" | bc)" "$peak"
}

run open
run slash / "$pattern" Enter "wait:/$pattern" n n n n n
run filter '&' "$pattern" Enter "wait:segments · Esc: all" j j j j j ']' ']' G Escape
