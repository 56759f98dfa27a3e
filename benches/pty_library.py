#!/usr/bin/env python3
"""The library in a pseudo-terminal, 140x40: time to the first frame and
until every episode is loaded, a filter keystroke, a search keystroke across
every episode, and peak memory against the archive's size.

Usage: python3 benches/pty_library.py DIR target/release/earmark
"""
import os, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptytiming import keystrokes, peak_rss_bytes, read_until, settle, spawn, summary

root, binary = sys.argv[1], sys.argv[2]
start = time.time()
pid, fd = spawn([binary, '--config-dir', tempfile.mkdtemp(), root], 140, 40)
read_until(fd, lambda b: b'episodes' in b)
first = time.time() - start
# Loading redraws the header as files come in; the last redraw ends it.
loaded = settle(fd, start)
filtered = keystrokes(fd, 'nguyen')
keystrokes(fd, '\x7f' * len('nguyen'))
keystrokes(fd, '/')
searched = keystrokes(fd, 'growth')
rss = peak_rss_bytes(pid)
os.write(fd, b'\x03')
os.waitpid(pid, 0)
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs)
print(f"archive {size / 1e6:.1f} MB; first frame {first * 1000:.0f} ms; all loaded {loaded * 1000:.0f} ms")
print(f"filter keystroke: {summary(filtered)}; search keystroke across episodes: {summary(searched)}")
print(f"peak RSS {rss / 2**20:.0f} MB ({rss / size:.2f}x the archive)")
