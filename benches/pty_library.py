#!/usr/bin/env python3
"""The library in a pseudo-terminal, 140x40: time to the first frame and
until every episode is loaded, a filter keystroke, a search keystroke across
every episode, and peak memory against the archive's size.

Then a query typed across every episode one key at a time, each key timed
until the screen (read through the `pyte` terminal emulator) shows its
search finished: the median and slowest key. Peak memory is read after it.

Usage: python3 benches/pty_library.py DIR target/release/earmark [QUERY]
"""
import os, select, signal, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptytiming import keystrokes, peak_rss_bytes, read_until, resize, settle, spawn, summary



def search_keys(pid, fd, text):
    """Types text one key at a time; each key's time until the screen shows
    its search finished (the bar holds the query and a count, not
    `searching…`), read from the screen as a terminal would draw it."""
    import pyte  # a terminal emulator: `pip install pyte`
    screen = pyte.Screen(140, 40)
    stream = pyte.ByteStream(screen)
    # A resize makes the program draw the whole screen: start from there.
    resize(fd, 139, 40)
    os.kill(pid, signal.SIGWINCH)
    settle(fd, time.time(), quiet=1.0)
    resize(fd, 140, 40)
    os.kill(pid, signal.SIGWINCH)
    while select.select([fd], [], [], 1.0)[0]:
        stream.feed(os.read(fd, 1 << 20))
    times = []
    for k in range(len(text)):
        typed = text[:k + 1]
        started = time.time()
        os.write(fd, text[k].encode())
        while True:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise SystemExit(f'no results for {typed!r} in 30 s')
            stream.feed(os.read(fd, 1 << 20))
            bar = next((l for l in screen.display if l.startswith('/')), '')
            if typed in bar and 'searching' not in bar and ' in ' in bar:
                times.append(time.time() - started)
                break
    return times


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
typed = search_keys(pid, fd, query)
rss = peak_rss_bytes(pid)
os.write(fd, b'\x03')
os.waitpid(pid, 0)
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs)
print(f"archive {size / 1e6:.1f} MB; first frame {first * 1000:.0f} ms; all loaded {loaded * 1000:.0f} ms")
print(f"filter keystroke: {summary(filtered)}; search keystroke across episodes: {summary(searched)}")
print(f"'{query}' typed across episodes, each key to its results: {summary(typed)}")
print("  per key (ms):", " ".join(f"{t * 1000:.0f}" for t in typed))
print(f"peak RSS {rss / 2**20:.0f} MB ({rss / size:.2f}x the archive)")
