#!/usr/bin/env bash
# Seeds the fuzz corpora from the project's own fixtures (tests/fixtures):
# every target gets the fixtures of its format (parse_any and detect get
# them all). Then, for each target (cargo +nightly fuzz list):
#   cargo +nightly fuzz run TARGET -- -max_total_time=600
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
# One corpus per reader, from the fixtures written for it.
seed() { # target, then fixture globs
  local target=$1 n=0
  shift
  mkdir -p "corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    cp "$f" "corpus/$target/seed$n"
  done
}
fx=../tests/fixtures
seed read_markdown $fx/*.md
seed read_webvtt $fx/formats/*.vtt $fx/dump_to/*.vtt
seed read_srt $fx/formats/*.srt $fx/same_stem/*.srt
seed read_json $fx/formats/*.json $fx/formats/*.json3 $fx/same_stem/*.json
seed read_whisper_tsv $fx/formats/*.tsv
seed read_html $fx/formats/*.html $fx/same_stem/*.html
seed read_ttml $fx/formats/*.ttml
seed read_podlove_xml $fx/formats/podlove.xml $fx/formats/*.xml
seed read_youtube_srv1 $fx/formats/*.srv1
seed read_youtube_srv3 $fx/formats/*.srv3
seed read_text $fx/formats/*.txt $fx/same_stem/*.txt $fx/dump_to/*.txt
# Markdown layouts: each Markdown fixture whole (a cut past its end).
mkdir -p corpus/search_cache_layout
for f in $fx/*.md $fx/search_cache/*.md; do
  i=$((i + 1))
  { printf '\xff\xff'; cat "$f"; } > "corpus/search_cache_layout/seed$i"
done
# The caseless finder: a literal's length and bytes, then a Markdown
# fixture's first 2,000 bytes and the Kelvin sign and long s.
mkdir -p corpus/caseless_pair
i=0
for literal in the ai sales ask kiosk "zebra crossing" x-ray; do
  for f in $fx/*.md; do
    i=$((i + 1))
    { printf "$(printf '\\x%02x' ${#literal})"; printf '%s' "$literal"; head -c 2000 "$f"
      printf '\xc5\xbf \xe2\x84\xaa'; } > "corpus/caseless_pair/seed$i"
  done
done
# Cache entries, as `earmark search` writes them for the caption and JSON
# fixtures (copied and aged: a file changed in the last two seconds is not
# cached; `--regex .` parses every file).
entries=$(mktemp -d)
cp $fx/formats/*.vtt $fx/formats/*.srt $fx/formats/*.json $fx/search_cache/* "$entries/"
touch -d '1 hour ago' "$entries"/*
sleep 3
mkdir -p corpus/search_cache_entry
cargo run --release -q --manifest-path ../Cargo.toml -- search --cache-dir corpus/search_cache_entry \
  --regex . "$entries" > /dev/null || true
rm -rf "$entries"
