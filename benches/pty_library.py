#!/usr/bin/env python3
"""The library in a pseudo-terminal, 140x40: time to the first frame and
until every episode is loaded, a filter keystroke, a search keystroke across
every episode, and peak memory against the archive's size.

Then a query typed across every episode one key at a time, each key timed
to the last frame before a second of quiet (so a slow search is counted
whole): the median and slowest key. Peak memory is read after it.

Usage: python3 benches/pty_library.py DIR target/release/earmark [QUERY]
"""
import os, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptytiming import keystrokes, peak_rss_bytes, read_until, settle, spawn, summary

root, binary = sys.argv[1], sys.argv[2]
query = sys.argv[3] if len(sys.argv) > 3 else 'product-market fit'
start = time.time()
pid, fd = spawn([binary, '--config-dir', tempfile.mkdtemp(), root], 140, 40)
read_until(fd, lambda b: b'episodes' in b)
first = time.time() - start
# Loading redraws the header as files come in; the last redraw before two
# seconds of quiet ends it (a shorter wait can end while files still load).
loaded = settle(fd, start, quiet=2.0)
filtered = keystrokes(fd, 'nguyen')
keystrokes(fd, '\x7f' * len('nguyen'))
keystrokes(fd, '/')
searched = keystrokes(fd, 'growth')
keystrokes(fd, '\x7f' * len('growth'), quiet=1.0)
typed = keystrokes(fd, query, quiet=1.0)
rss = peak_rss_bytes(pid)
os.write(fd, b'\x03')
os.waitpid(pid, 0)
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs)
print(f"archive {size / 1e6:.1f} MB; first frame {first * 1000:.0f} ms; all loaded {loaded * 1000:.0f} ms")
print(f"filter keystroke: {summary(filtered)}; search keystroke across episodes: {summary(searched)}")
print(f"'{query}' typed across episodes, each key to its results: {summary(typed)}")
print("  per key (ms):", " ".join(f"{t * 1000:.0f}" for t in typed))
print(f"peak RSS {rss / 2**20:.0f} MB ({rss / size:.2f}x the archive)")
