#!/usr/bin/env python3
"""CPU time (user + sys, from the kernel's rusage of the child) of the reader
going through one scripted reading session in a 160x45 pseudo-terminal: jumps
by segment and by speaker (each lands under a pinned name), line scrolling,
go-to, the sidebar toggled (the text held to its reading
width) and back (its OSC 8 link redrawn). Each binary runs the same keys, in
turns, three times; the least CPU of the three is printed. Wall-clock time is
not measured: on a shared machine it is noise.

Usage: python3 benches/reading_flow_cpu.py FILE BINARY [BINARY...]
  e.g. python3 benches/reading_flow_cpu.py ../shared/corpus/episodes/annie-duke.md \
           /tmp/earmark-main target/release/earmark
"""
import os, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptytiming import read_until, settle, spawn

KEYS = [b']'] * 300 + [b'}'] * 100 + [b'{'] * 100 + [b'j'] * 400 + [b'\t', b'\t'] * 20
# Times every binary takes and every episode holds (a refused one leaves
# the prompt open, taking the keys that follow as its input).
KEYS += [f't{m}:00\r'.encode() for m in range(0, 60, 2)] + [b'G', b'g']


def session(binary, path):
    config = tempfile.mkdtemp(prefix='earmark-flow-bench-')
    pid, fd = spawn([binary, '--config-dir', config, path], 160, 45)
    read_until(fd, lambda b: len(b) > 2000)
    for key in KEYS:
        os.write(fd, key)
        settle(fd, 0, quiet=0.002)
    os.write(fd, b'q')
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


path, binaries = sys.argv[1], sys.argv[2:]
best = {b: (float('inf'), 0) for b in binaries}
for _ in range(3):
    for binary in binaries:
        cpu, rss = session(binary, path)
        best[binary] = (min(best[binary][0], cpu), max(best[binary][1], rss))
for binary in binaries:
    cpu, rss = best[binary]
    print(f"{binary}: {cpu * 1000:.0f} ms CPU for {len(KEYS)} keys, peak {rss // 1024} MB")
