#!/usr/bin/env bash
# `earmark search` over a folder of mixed formats beside `rg -i -F -c`
# (issue 12's target: within 1.5x). The folder: the shared Markdown
# episodes copied 12 times, plus each copy converted with
# `earmark dump --to webvtt`, `--to srt` and `--to json` (4 x 300 files).
#
#   cargo build --release
#   EARMARK_CORPUS=../shared/corpus benches/mixed_search.sh [PATTERN...]
#
# A pattern written `re:REGEX` is searched as a regex (`rg -i -c`,
# `earmark search --regex`). RUNS and WARMUP set hyperfine's runs (30, 3).
#
# BASELINE=path/to/another/earmark times that binary in the same hyperfine
# call (its CPU ratio printed too); MIXED_DIR=DIR reuses a folder built
# before (by this script, kept with KEEP=1) instead of building one.
#
# Needs hyperfine and rg. Both commands run in one hyperfine call, output
# to the null device; the wall-clock medians and their ratio are printed
# per pattern, and the CPU time (user + system, mean), which a machine
# busy with other work disturbs less.
#
# CACHE=warm|cold|off (default warm) is how earmark's search cache
# (docs/usage.md) is used: warm, a cache of its own, filled by the warm-up
# runs; cold, the same cache moved aside before every timed run (moved,
# not removed while timing: on ext4 creating files just after removing
# many is slower than either); off, `--no-cache`. The cache is named by
# $EARMARK_CACHE_DIR, which a BASELINE without a cache ignores. A cold
# run keeps every cache it moved aside until the end: RUNS times the
# cache's size on disk (about 100 MB for the mixed folder).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${EARMARK_CORPUS:-../shared/corpus}
earmark=target/release/earmark
[ -d "$corpus/episodes" ] || { echo "no $corpus/episodes: set EARMARK_CORPUS" >&2; exit 2; }
[ -x "$earmark" ] || { echo "no $earmark: cargo build --release first" >&2; exit 2; }
for tool in hyperfine rg; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done

if [ -n "${MIXED_DIR:-}" ]; then
  dir=$MIXED_DIR
else
dir=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$dir"' EXIT
for copy in $(seq 1 12); do
  for episode in "$corpus"/episodes/*.md; do
    stem="$(basename "$episode" .md)-$copy"
    cp "$episode" "$dir/$stem.md"
  done
done
# The conversions are made once per episode and copied like the Markdown.
for episode in "$corpus"/episodes/*.md; do
  base=$(basename "$episode" .md)
  for to in webvtt:vtt srt:srt json:json; do
    "$earmark" dump "$episode" --to "${to%%:*}" > "$dir/$base.${to##*:}.tmp"
    for copy in $(seq 1 12); do
      cp "$dir/$base.${to##*:}.tmp" "$dir/$base-$copy.${to##*:}"
    done
    rm "$dir/$base.${to##*:}.tmp"
  done
done
# The search cache leaves alone a file changed in the last two seconds (a
# change within the clock's tick could go unseen): timed at once, the
# first pattern's runs would all parse, cold, however warm the cache.
sleep 3
fi
echo "folder: $(ls "$dir" | wc -l) files, $(du -sh "$dir" | cut -f1)"
# shellcheck source=cache_mode.sh
. benches/cache_mode.sh
trap 'rm -rf "$cache_root"; [ -n "${MIXED_DIR:-}" ] || [ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT


patterns=("$@")
[ ${#patterns[@]} -gt 0 ] || patterns=(growth "product-market fit" "zebra crossing" the café "re:grow(th|ing)")
for pattern in "${patterns[@]}"; do
  json=$(mktemp)
  if [[ $pattern == re:* ]]; then
    rg_cmd="rg -i -c '${pattern#re:}' $dir"
    search_args="--regex '${pattern#re:}' $dir"
  else
    rg_cmd="rg -i -F -c '$pattern' $dir"
    search_args="'$pattern' $dir"
  fi
  commands=("$rg_cmd" "$earmark search $no_cache $search_args")
  [ -z "${BASELINE:-}" ] || commands+=("$baseline_env $BASELINE search $search_args")
  hyperfine -N -i --warmup "${WARMUP:-3}" -r "${RUNS:-30}" "${cache_args[@]}" --export-json "$json" "${commands[@]}" >/dev/null
  python3 - "$json" "$pattern" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
rg, em = (r["median"] * 1000 for r in runs[:2])
rg_cpu, em_cpu = ((r["user"] + r["system"]) * 1000 for r in runs[:2])
line = (f"{sys.argv[2]!r:24} rg {rg:7.1f} ms   earmark {em:7.1f} ms   ratio {em / rg:5.2f}"
        f"   cpu rg {rg_cpu:6.1f} ms   earmark {em_cpu:7.1f} ms   ratio {em_cpu / rg_cpu:5.2f}")
if len(runs) > 2:
    base_cpu = (runs[2]["user"] + runs[2]["system"]) * 1000
    line += f"   baseline cpu {base_cpu:7.1f} ms   ratio {base_cpu / rg_cpu:5.2f}"
print(line)
PY
  rm -f "$json"
done
