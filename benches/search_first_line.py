#!/usr/bin/env python3
"""How soon `earmark search` prints its first line, and how long it takes in
all, for one large file (a user piping it into `less` or `head` sees the
first): medians of paired runs, each binary then rg (`rg -i -F`, lines
printed, not counted) in the same turn.

Usage: python3 benches/search_first_line.py FILE PATTERN RUNS BINARY...
   e.g. python3 benches/search_first_line.py /tmp/wt-search-scale/big.md the 5 \
            /tmp/main-earmark target/release/earmark
"""
import subprocess, sys, time

path, pattern, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
binaries = sys.argv[4:]


def timed(argv):
    """Seconds to the first line of output, and to the end of the process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc.stdout.readline()
    first = time.perf_counter() - start
    while proc.stdout.read(1 << 16):
        pass
    proc.wait()
    return first, time.perf_counter() - start


commands = [[b, 'search', pattern, path] for b in binaries] + [['rg', '-i', '-F', pattern, path]]
for argv in commands:  # warm the page cache
    timed(argv)
turns = [[timed(argv) for argv in commands] for _ in range(runs)]
print(f'{runs} turns, `{pattern}` in {path}: medians, ms to the first line / to the end')
for k, argv in enumerate(commands):
    firsts = sorted(t[k][0] for t in turns)
    ends = sorted(t[k][1] for t in turns)
    mid = runs // 2
    print(f'{argv[0]}: {firsts[mid] * 1000:.0f} / {ends[mid] * 1000:.0f}')
