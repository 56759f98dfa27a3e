#!/usr/bin/env bash
# Seeds the fuzz corpora from the project's own fixtures (tests/fixtures),
# then: cargo +nightly fuzz run parse_any -- -max_total_time=600
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/parse_any corpus/detect corpus/webvtt_cues
i=0
for f in ../tests/fixtures/formats/* ../tests/fixtures/*.md; do
  i=$((i + 1))
  case "${f##*.}" in
    vtt) pick='\x00' ;; srt) pick='\x01' ;; json | json3) pick='\x02' ;;
    txt) pick='\x03' ;; md) pick='\x04' ;; tsv) pick='\x05' ;; html) pick='\x06' ;;
    ttml) pick='\x07' ;; *) pick='\x08' ;;
  esac
  { printf "$pick"; cat "$f"; } > "corpus/parse_any/seed$i"
  cp "$f" "corpus/detect/seed$i"
  case "$f" in *.vtt | *.txt) cp "$f" "corpus/webvtt_cues/seed$i" ;; esac
done
