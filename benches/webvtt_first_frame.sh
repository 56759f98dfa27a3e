#!/bin/sh
# The first frame of a 25 MB WebVTT file beside the same text as Markdown
# (issue 12 point 7: within 1.5x), each BINARY in turn, RUNS rounds, in a
# pseudo-terminal (benches/pty_latency.py --open-only). The two files are
# cut from a big Markdown transcript (default: the 258 MB one the search
# benches use) at a turn boundary near 25 MB; the WebVTT file is
# `earmark dump --to webvtt` of it. Prints each run, then min and median.
#
#   sh benches/webvtt_first_frame.sh [RUNS] BINARY...
#   BIG=/path/big.md sh benches/webvtt_first_frame.sh 7 target/release/earmark /tmp/base-earmark
set -eu
runs=${1:-5}; shift
big=${BIG:-/tmp/wt-search-scale/big.md}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$big" "$dir/t.md" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read(26_000_000)
cut = data.rfind(b'\n\n', 0, 25_000_000)
while not data[cut + 2:].split(b'\n', 1)[0].endswith(b':'):
    cut = data.rfind(b'\n\n', 0, cut)
open(sys.argv[2], 'wb').write(data[:cut + 1])
PY
"$1" dump --to webvtt "$dir/t.md" > "$dir/t.vtt"
here=$(dirname "$0")
for round in $(seq "$runs"); do
  for binary in "$@"; do
    for file in "$dir/t.md" "$dir/t.vtt"; do
      ms=$(python3 "$here/pty_latency.py" "$file" "$binary" --open-only | sed 's/.*first frame \([0-9]*\) ms/\1/')
      echo "$binary ${file##*.} $ms"
    done
  done
done | tee "$dir/runs"
echo "binary format min median"
sort -k1,1 -k2,2 -k3,3n "$dir/runs" | awk '
  { key = $1 " " $2; v[key, ++n[key]] = $3 }
  END { for (k in n) { m = n[k]; print k, v[k, 1], (m % 2 ? v[k, (m + 1) / 2] : (v[k, m / 2] + v[k, m / 2 + 1]) / 2) } }' | sort
