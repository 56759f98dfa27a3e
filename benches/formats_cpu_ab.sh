#!/usr/bin/env bash
# Thread-CPU throughput of the readers, two builds of the `formats` bench
# taken turn about (the same load for both), best of ROUNDS turns per shape.
#
#     cargo bench --bench formats --no-run     # prints the bench binary
#     cp target/release/deps/formats-HASH /tmp/formats-before
#     ... change, build again ...
#     benches/formats_cpu_ab.sh /tmp/formats-before target/release/deps/formats-HASH
#
# SHAPES (default: the line-shaped readers and Markdown), ROUNDS (3) and
# EARMARK_BENCH_MB (25) may be set. Each turn is the bench's own
# `EARMARK_BENCH_CPU=1` figure: the best of five reads in thread CPU time.
set -euo pipefail
before=$1 after=$2
shapes=${SHAPES:-markdown webvtt webvtt_rolling srt text whisper_tsv}
rounds=${ROUNDS:-3}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in $(seq "$rounds"); do
  for shape in $shapes; do
    for side in before after; do
      EARMARK_BENCH_CPU=1 "${!side}" "$shape" | awk -v side="$side" -v shape="$shape" \
        '$2 == shape { print side, shape, $3 }' >>"$out"
    done
  done
done
echo "shape before_ms after_ms before_MB/s after_MB/s (best of $rounds turns)"
for shape in $shapes; do
  b=$(awk -v s="$shape" '$1 == "before" && $2 == s { print $3 }' "$out" | sort -g | head -1)
  a=$(awk -v s="$shape" '$1 == "after" && $2 == s { print $3 }' "$out" | sort -g | head -1)
  mb=${EARMARK_BENCH_MB:-25}
  awk -v s="$shape" -v b="$b" -v a="$a" -v mb="$mb" \
    'BEGIN { printf "%s %.1f %.1f %.0f %.0f\n", s, b, a, mb * 1000 / b, mb * 1000 / a }'
done
