#!/usr/bin/env bash
# `earmark search` over each format's part of the mixed folder beside
# `rg -i -F -c` over it: CPU time (user + system, mean of hyperfine's runs),
# which tells which format's files cost what. The folders are those
# mixed_search.sh's folder splits into, one per format (hard links):
#
#   mkdir /tmp/mixed-md; ln /tmp/mixed/*.md /tmp/mixed-md/   # and vtt, srt, json
#   BASELINE=/tmp/main-earmark PARTS=/tmp/mixed benches/mixed_by_format.sh [PATTERN...]
#
# PARTS=P reads P-md, P-vtt, P-srt and P-json; BASELINE=another earmark is
# timed in the same hyperfine call. RUNS and WARMUP as in mixed_search.sh.
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
earmark=target/release/earmark
parts=${PARTS:-/tmp/mixed}
[ -x "$earmark" ] || { echo "no $earmark: cargo build --release first" >&2; exit 2; }
for tool in hyperfine rg python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done
# shellcheck source=cache_mode.sh
. benches/cache_mode.sh
trap 'rm -rf "$cache_root"' EXIT
patterns=("$@")
[ ${#patterns[@]} -gt 0 ] || patterns=("zebra crossing" the)
for format in md vtt srt json; do
  dir=$parts-$format
  [ -d "$dir" ] || { echo "no $dir" >&2; exit 2; }
  for pattern in "${patterns[@]}"; do
    json=$(mktemp)
    commands=("rg -i -F -c '$pattern' $dir" "$earmark search $no_cache '$pattern' $dir")
    [ -z "${BASELINE:-}" ] || commands+=("$baseline_env $BASELINE search '$pattern' $dir")
    hyperfine -N -i --warmup "${WARMUP:-3}" -r "${RUNS:-20}" "${cache_args[@]}" --export-json "$json" "${commands[@]}" >/dev/null 2>&1
    python3 - "$json" "$format" "$pattern" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
cpu = [(r["user"] + r["system"]) * 1000 for r in runs]
line = f"{sys.argv[2]:5} {sys.argv[3]!r:18} cpu rg {cpu[0]:6.1f} ms   earmark {cpu[1]:6.1f} ms"
if len(cpu) > 2:
    line += f"   baseline {cpu[2]:6.1f} ms"
print(line)
PY
    rm -f "$json"
  done
done
