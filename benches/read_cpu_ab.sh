#!/usr/bin/env bash
# Thread-CPU throughput of two builds of `examples/read_cpu` (decoding,
# detection, the reader and the merge: what the `formats` bench times) on
# the same files, taken turn about so that both meet the same load; the
# best and the median of ROUNDS turns (each turn is read_cpu's own best of
# five reads) per file.
#
#     cargo build --release --example read_cpu
#     cp target/release/examples/read_cpu /tmp/read_cpu-before
#     ... change, build again ...
#     python3 benches/line_formats.py --mb 25 --runs 1 --keep /tmp/lines target/release/earmark
#     ROUNDS=5 benches/read_cpu_ab.sh /tmp/read_cpu-before \
#         target/release/examples/read_cpu /tmp/lines/*.vtt /tmp/lines/*.srt …
#
# The shapes `webvtt.vtt`, `webvtt-rolling.vtt`, `srt.srt`, `text-labels.txt`
# and `whisper.tsv` of `line_formats.py` are the `formats` bench's
# `webvtt`, `webvtt_rolling`, `srt`, `text` and `whisper_tsv`.
set -euo pipefail
before=$1 after=$2
shift 2
rounds=${ROUNDS:-5}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in $(seq "$rounds"); do
  for side in before after; do
    "${!side}" "$@" | awk -v side="$side" '{ print side, $5, $3 }' >>"$out"
  done
done
echo "file before_best after_best before_median after_median (MB/s, $rounds turns)"
for file in "$@"; do
  row=$file
  for stat in best median; do
    for side in before after; do
      values=$(awk -v s="$side" -v f="$file" '$1 == s && $2 == f { print $3 }' "$out" | sort -g)
      count=$(echo "$values" | wc -l)
      if [ "$stat" = best ]; then
        row="$row $(echo "$values" | tail -1)"
      else
        row="$row $(echo "$values" | sed -n "$(((count + 1) / 2))p")"
      fi
    done
  done
  echo "$row"
done
