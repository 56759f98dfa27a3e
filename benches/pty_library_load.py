#!/usr/bin/env python3
"""A big library in a pseudo-terminal, 140x40, beside rg and `earmark
search` over the same folder: time to the first frame, time until the header
says every file is loaded, and a filter keystroke typed while loading.

Needs pyte (pip install pyte) to read the screen.
Usage: python3 benches/pty_library_load.py DIR target/release/earmark [RUNS]
"""
import os, select, subprocess, sys, tempfile, time

import pyte

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptytiming import spawn

root, binary = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
COLS, ROWS = 140, 40


class Screen:
    def __init__(self, fd):
        self.fd, self.screen = fd, pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)

    def wait(self, pred, timeout=600):
        """Seconds until pred(header, whole screen) holds."""
        start = time.time()
        while time.time() - start < timeout:
            text = '\n'.join(self.screen.display)
            if pred(self.screen.display[0], text):
                return time.time()
            ready, _, _ = select.select([self.fd], [], [], 0.002)
            if ready:
                try:
                    self.stream.feed(os.read(self.fd, 1 << 20))
                except OSError:
                    break
        raise SystemExit('timed out; screen:\n' + '\n'.join(self.screen.display))


def library_once():
    start = time.time()
    pid, fd = spawn([binary, '--config-dir', tempfile.mkdtemp(), root], COLS, ROWS)
    screen = Screen(fd)
    first = screen.wait(lambda head, _: 'episodes' in head) - start
    # A filter keystroke while loading, answered when the filter line shows it.
    typed = time.time()
    os.write(fd, b'z')
    answered = screen.wait(lambda _, text: 'filter: z' in text) - typed
    os.write(fd, b'\x7f')
    loaded = screen.wait(lambda head, text: 'episodes' in head and 'loading' not in head
                         and 'scanning' not in head and 'filter: z' not in text) - start
    os.write(fd, b'\x03')
    os.waitpid(pid, 0)
    os.close(fd)
    return first, answered, loaded


def command_once(argv):
    start = time.time()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.time() - start


def best(f, n):
    return min(f() for _ in range(n))


rg = best(lambda: command_once(['rg', '-c', 'quality', root]), runs)
search = best(lambda: command_once([binary, 'search', 'quality', root]), runs)
results = [library_once() for _ in range(runs)]
first, answered, loaded = (min(r[i] for r in results) for i in range(3))
worst_key = max(r[1] for r in results)
print(f"{root}: rg {rg * 1000:.0f} ms; earmark search {search * 1000:.0f} ms; "
      f"library: first frame {first * 1000:.0f} ms, a filter key while loading "
      f"{answered * 1000:.0f} ms (worst {worst_key * 1000:.0f}), all loaded {loaded * 1000:.0f} ms "
      f"= {loaded / search:.2f}x search, {loaded / rg:.2f}x rg")
