#!/usr/bin/env python3
"""The reader (or less, for comparison) in a pseudo-terminal, 120x40: time to
the first frame, to the frames after End (G), Home (g) and a resize, typing a
search (earmark only), and peak memory against the file's size.

Usage: python3 benches/pty_latency.py FILE target/release/earmark
       python3 benches/pty_latency.py FILE /usr/bin/less
       python3 benches/pty_latency.py FILE BINARY --open-only   (the first frame only)
"""
import os, signal, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptytiming import keystrokes, peak_rss_bytes, read_until, resize, settle, spawn, summary

path, binary = sys.argv[1], sys.argv[2]
open_only = '--open-only' in sys.argv[3:]
is_earmark = 'earmark' in os.path.basename(binary)
argv = [binary, '--config-dir', '/tmp/earmark-bench-config', path] if is_earmark else [binary, path]
start = time.time()
pid, fd = spawn(argv, 120, 40)
read_until(fd, lambda b: len(b) > 2000)
first = time.time() - start
settle(fd, start)
if open_only:
    os.write(fd, b'\x03')
    os.waitpid(pid, 0)
    print(f"file {os.path.getsize(path) / 1e6:.1f} MB; first frame {first * 1000:.0f} ms")
    sys.exit(0)

def key(k):
    t = time.time()
    os.write(fd, k)
    return settle(fd, t)

end, home = key(b'G'), key(b'g')
t = time.time()
resize(fd, 80, 24)
os.kill(pid, signal.SIGWINCH)
resized = settle(fd, t)
if is_earmark:
    query = 'product-market fit'
    key(b'/')
    # Each key to the last frame before a second of quiet: a search that
    # takes longer than a frame shows its results later, and counts.
    typed = keystrokes(fd, query, quiet=1.0)
    want = open(path, encoding='utf-8', errors='replace').read().lower().count(query)
    print(f"search '{query}' typed: {summary(typed)}; an independent count: {want}")
    print("  per key (ms):", " ".join(f"{t * 1000:.0f}" for t in typed))
rss = peak_rss_bytes(pid)
os.write(fd, b'\x03' if is_earmark else b'q')
os.waitpid(pid, 0)
size = os.path.getsize(path)
print(f"file {size / 1e6:.1f} MB; first frame {first * 1000:.0f} ms; End {end * 1000:.1f} ms; "
      f"Home {home * 1000:.1f} ms; resize {resized * 1000:.1f} ms; "
      f"peak RSS {rss / 2**20:.0f} MB ({rss / size:.2f}x the file)")
