# Sourced by mixed_search.sh and mixed_by_format.sh: CACHE=warm|cold|off
# (default warm) as hyperfine arguments for earmark's search cache. Sets
# cache_root (a temporary directory the caller removes on exit),
# EARMARK_CACHE_DIR inside it, cache_args (hyperfine's prepare command for
# a cold cache: the cache moved aside, not removed, since on ext4 creating
# files just after removing many is slower than either) and no_cache
# (earmark's --no-cache for `off`), and baseline_env: a BASELINE binary's
# own cache folder (a build treats another's entries as stale, so two
# builds sharing one would each search the other's; warm only).
cache_mode=${CACHE:-warm}
cache_root=$(mktemp -d)
export EARMARK_CACHE_DIR=$cache_root/cache
baseline_env="env EARMARK_CACHE_DIR=$cache_root/baseline-cache"
printf '#!/bin/sh\n[ -d "%s" ] && mv "%s" "%s/old.$$.$(date +%%s%%N)"\nexit 0\n' \
  "$EARMARK_CACHE_DIR" "$EARMARK_CACHE_DIR" "$cache_root" > "$cache_root/aside"
chmod +x "$cache_root/aside"
cache_args=()
no_cache=
case $cache_mode in
  warm) ;;
  cold) cache_args=(--prepare "$cache_root/aside") ;;
  off) no_cache=--no-cache ;;
  *) echo "CACHE is warm, cold or off" >&2; exit 2 ;;
esac
echo "search cache: $cache_mode"
