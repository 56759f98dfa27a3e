#!/usr/bin/env python3
"""A big library in a pseudo-terminal, 140x40, beside rg and `earmark
search` over the same folder: time to the first frame, a filter key typed
while loading until its frame, and time until the header says every file is
loaded. Output is only recorded (with times) while earmark runs, and read
with pyte afterwards, so reading the screen costs earmark nothing. rg, the
search and the library run in turns, round after round; the ratios are
taken within each round (their median is printed) as well as from the best
times.

Needs pyte (pip install pyte).
Usage: python3 benches/pty_library_load.py DIR target/release/earmark [RUNS]
"""
import os, select, subprocess, sys, tempfile, time

import pyte

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptytiming import spawn

root, binary = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
COLS, ROWS = 140, 40


def record(fd, chunks, quiet, until=None):
    """Appends (time, bytes) read until `quiet` s of silence (or `until`)."""
    while until is None or time.time() < until:
        wait = quiet if until is None else max(0, min(quiet, until - time.time()))
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            if until is None or wait == quiet:
                return
            continue
        chunks.append((time.time(), os.read(fd, 1 << 20)))


def first_time(chunks, since, pred):
    """Replays the output: the time of the first chunk (after `since`)
    after which pred(header, screen) holds."""
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    for at, data in chunks:
        stream.feed(data)
        if at >= since and pred(screen.display[0], '\n'.join(screen.display)):
            return at
    raise SystemExit('never happened; screen:\n' + '\n'.join(screen.display))


def library_once():
    start = time.time()
    pid, fd = spawn([binary, '--config-dir', tempfile.mkdtemp(), root], COLS, ROWS)
    chunks = []
    while not any(b'episodes' in c for _, c in chunks):
        record(fd, chunks, 0.001, until=time.time() + 0.001)
    typed = time.time()
    os.write(fd, b'z')
    record(fd, chunks, 5, until=time.time() + 0.3)
    os.write(fd, b'\x7f')
    # Until 3 s of quiet: on a loaded machine the parsers may get no
    # processor for half a second, and nothing is drawn meanwhile.
    record(fd, chunks, 3)
    os.write(fd, b'\x03')
    os.waitpid(pid, 0)
    os.close(fd)
    first = first_time(chunks, start, lambda head, _: 'episodes' in head) - start
    answered = first_time(chunks, typed, lambda _, text: 'filter: z' in text) - typed
    done = lambda head, _: 'episodes' in head and 'loading' not in head and 'scanning' not in head
    loaded = first_time(chunks, start, done) - start
    return first, answered, loaded


def command_once(argv):
    start = time.time()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.time() - start


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


# rg, the search and the library in turns, round after round, so that load
# from elsewhere on a shared machine falls on all three alike; the ratios
# are taken within each round.
rounds = []
for _ in range(runs):
    rg = command_once(['rg', '-c', 'quality', root])
    search = command_once([binary, 'search', 'quality', root])
    rounds.append((rg, search) + library_once())
rg, search, first, answered, loaded = (min(r[i] for r in rounds) for i in range(5))
worst_key = max(r[3] for r in rounds)
by_search = median([r[4] / r[1] for r in rounds])
by_rg = median([r[4] / r[0] for r in rounds])
print(f"{root}: best of {runs}: rg {rg * 1000:.0f} ms; earmark search {search * 1000:.0f} ms; "
      f"library: first frame {first * 1000:.0f} ms, a filter key while loading "
      f"{answered * 1000:.0f} ms (worst {worst_key * 1000:.0f}), all loaded {loaded * 1000:.0f} ms "
      f"= {loaded / search:.2f}x search, {loaded / rg:.2f}x rg; "
      f"median of the rounds' ratios: {by_search:.2f}x search, {by_rg:.2f}x rg")
