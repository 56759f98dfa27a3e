#!/usr/bin/env bash
# Byte-for-byte check that two earmark binaries read the same: `dump --json`
# (stdout, stderr and exit status) of every fixture under tests/fixtures,
# of the formats corpus when it sits beside the checkout, and of every file
# in the folders given (e.g. the inputs `benches/tree_readers.py --keep DIR`
# leaves).
#
#     benches/dump_cmp.sh OLD_BINARY NEW_BINARY [FOLDER...]
#
# Prints each file that differs and exits 1 when any does.
set -uo pipefail
old=$1 new=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
folders=("$here/tests/fixtures" "$@")
[ -d "$here/../shared/corpus/formats" ] && folders+=("$here/../shared/corpus/formats")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
files=0 differ=0
while IFS= read -r -d '' file; do
  files=$((files + 1))
  for side in old new; do
    binary=${!side}
    "$binary" dump --json "$file" >"$out/$side.out" 2>"$out/$side.err"
    echo "$?" >>"$out/$side.err"
  done
  if ! cmp -s "$out/old.out" "$out/new.out" || ! cmp -s "$out/old.err" "$out/new.err"; then
    echo "differs: $file"
    differ=$((differ + 1))
  fi
done < <(find "${folders[@]}" -type f -print0 | sort -z)
echo "$files files, $differ differ"
[ "$differ" -eq 0 ]
