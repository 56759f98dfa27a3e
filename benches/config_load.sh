#!/usr/bin/env bash
# What reading config.yaml costs: CPU time (user + system) and peak memory
# of `earmark config` (which reads and checks the file as the reader does
# at start) for no file, the commented default file, the largest file read
# (64 KiB of keys), an alias bomb and a 1 MiB file (refused unread).
#
#   cargo build --release
#   benches/config_load.sh
#
# Needs GNU time (/usr/bin/time). Each case runs RUNS times (20); the
# figures are the means.
set -euo pipefail
cd "$(dirname "$0")/.."
earmark=target/release/earmark
runs=${RUNS:-20}
[ -x "$earmark" ] || { echo "no $earmark: cargo build --release first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed" >&2; exit 2; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"/{none,default,large,bomb,huge}
"$earmark" config --print-default > "$dir/default/config.yaml"
# 64 KiB: a key, then comment lines.
: > "$dir/large/config.yaml"
printf 'keys:\n  reading:\n' >> "$dir/large/config.yaml"
while [ "$(stat -c %s "$dir/large/config.yaml")" -lt 64000 ]; do
  printf '    # a comment line, as a long commented file has many of them\n' >> "$dir/large/config.yaml"
done
printf '    quit: Q\n' >> "$dir/large/config.yaml"
cp tests/fixtures/config/alias-bomb.yaml "$dir/bomb/config.yaml"
head -c 1048576 /dev/zero | tr '\0' '#' > "$dir/huge/config.yaml"

printf '%-8s %10s %10s %10s\n' case user_s sys_s max_rss_kb
for case in none default large bomb huge; do
  total_u=0 total_s=0 max_m=0
  for _ in $(seq "$runs"); do
    read -r u s m < <(/usr/bin/time -f '%U %S %M' "$earmark" --config-dir "$dir/$case" config 2>&1 >/dev/null | tail -1)
    total_u=$(echo "$total_u + $u" | bc -l)
    total_s=$(echo "$total_s + $s" | bc -l)
    [ "$m" -gt "$max_m" ] && max_m=$m
  done
  printf '%-8s %10.4f %10.4f %10d\n' "$case" "$(echo "$total_u / $runs" | bc -l)" "$(echo "$total_s / $runs" | bc -l)" "$max_m"
done
