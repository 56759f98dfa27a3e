#!/usr/bin/env python3
"""A query typed into a search as a person types it, in a pseudo-terminal
(140x40, the screen read through the `pyte` terminal emulator): for each key,
the wall-clock time from the key to the first frame that shows this key's
results (the first screenful: the bar says "so far", or the list changed
under the new query, or the search finished), the time to the frame that
shows that key's search finished, the process's CPU time (user + system,
all threads) meanwhile, and the process's peak memory at the end.

The library's `/` across every episode. (Not the reader: its bar keeps the
last key's count until the new one arrives, so a frame cannot tell that a
search finished; `benches/pty_latency.py` times it to a second of quiet, and
`examples/search_keys.rs` gives its CPU per key.) Keys are typed at a fixed pace
(`--pace MS`, default 150 ms between keys, 0 for as fast as the terminal
takes them) or, with `--pace wait`, each after the last key's results.

A key overtaken by the next before its results show has no time of its own
(`-`): only the newest search matters. Its results are never waited for; the
CPU column shows what the process spent while it was the newest key.

CPU time is read from /proc/PID/stat (clock ticks: 10 ms steps); the sum
over all keys is exact to a tick, each key's figure is to +-10 ms. CPU time
is the figure to trust on a loaded machine; wall-clock is what a user sees.

Usage: python3 benches/pty_search_keys.py library DIR BINARY [--pace MS|wait] [--query Q]
"""
import argparse, os, select, signal, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptytiming import median, peak_rss_bytes, resize, settle, spawn

COLS, ROWS = 140, 40
TICK = 1 / os.sysconf('SC_CLK_TCK')


def cpu_seconds(pid):
    """User + system time of every thread of `pid`, living or ended."""
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK


def list_rows(screen):
    """The rows under the bar: the results list."""
    rows = screen.display
    at = next((i for i, l in enumerate(rows) if l.startswith('/')), len(rows))
    return rows[at + 1:-1]


def first_shown(screen, typed, before):
    """Whether this key's first results are on screen: the bar says what
    was found so far, or the list is no longer the last key's."""
    bar = next((l for l in screen.display if l.startswith('/')), '')
    if typed not in bar:
        return False
    if 'so far' in bar or finished(screen, typed, None):
        return True
    rows = list_rows(screen)
    return rows != before and any(r.strip() for r in rows)


def finished(screen, typed, mode):
    """Whether the library's bar shows the search for `typed` finished: the
    query and a count, not `searching…`."""
    bar = next((l for l in screen.display if l.startswith('/')), '')
    return typed in bar and 'searching' not in bar and ' in ' in bar


class Terminal:
    def __init__(self, argv):
        import pyte  # `pip install pyte`
        self.pid, self.fd = spawn(argv, COLS, ROWS)
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)

    def pump(self, timeout):
        """Reads what is there within `timeout` seconds; whether anything was."""
        if not select.select([self.fd], [], [], timeout)[0]:
            return False
        self.stream.feed(os.read(self.fd, 1 << 20))
        return True

    def redraw(self):
        """A resize makes the program draw the whole screen: start from there."""
        resize(self.fd, COLS - 1, ROWS)
        os.kill(self.pid, signal.SIGWINCH)
        settle(self.fd, time.time(), quiet=1.0)
        resize(self.fd, COLS, ROWS)
        os.kill(self.pid, signal.SIGWINCH)
        while self.pump(1.0):
            pass


def type_query(term, query, mode, pace):
    """Per key: (wall seconds to the first screenful or None, wall seconds
    to the search finished or None when overtaken, CPU seconds)."""
    results = []
    prefixes = [query[:k + 1] for k in range(len(query))]
    for k, typed in enumerate(prefixes):
        before = list_rows(term.screen)
        sent, cpu0 = time.time(), cpu_seconds(term.pid)
        os.write(term.fd, query[k].encode())
        last = k + 1 == len(prefixes)
        deadline = None if (pace is None or last) else sent + pace
        first = wall = None
        while True:
            wait = 30 if deadline is None else max(0.0, deadline - time.time())
            if term.pump(wait):
                if first is None and first_shown(term.screen, typed, before):
                    first = time.time() - sent
                if finished(term.screen, typed, mode):
                    wall = time.time() - sent
                    break
            if deadline is not None and time.time() >= deadline:
                break
            if deadline is None and wall is None and time.time() - sent > 30:
                raise SystemExit(f'no results for {typed!r} in 30 s')
        results.append((first, wall, cpu_seconds(term.pid) - cpu0))
        if deadline is not None:
            time.sleep(max(0.0, deadline - time.time()))
    return results


def spread(times):
    if not times:
        return 'none'
    return f"median {median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"


def ms(seconds):
    return '-' if seconds is None else f"{seconds * 1000:.0f}"


def report(label, results):
    firsts = [f for f, _, _ in results if f is not None]
    walls = [w for _, w, _ in results if w is not None]
    cpus = [c for _, _, c in results]
    print(f"{label}:")
    print(f"  first screenful: {spread(firsts)} "
          f"({len(firsts)} of {len(results)} keys shown before the next)")
    print(f"  search finished: {spread(walls)} "
          f"({len(walls)} of {len(results)} keys finished before the next)")
    print(f"  CPU: median {median(cpus) * 1000:.0f} ms, max {max(cpus) * 1000:.0f} ms, "
          f"total {sum(cpus) * 1000:.0f} ms")
    print("  first screenful per key (ms):", " ".join(ms(f) for f, _, _ in results))
    print("  finished per key (ms):       ", " ".join(ms(w) for _, w, _ in results))
    print("  CPU per key (ms):            ", " ".join(ms(c) for _, _, c in results))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=['library'])
    parser.add_argument('path')
    parser.add_argument('binary')
    parser.add_argument('--pace', default='150')
    parser.add_argument('--query', default='product market')
    args = parser.parse_args()
    pace = None if args.pace == 'wait' else float(args.pace) / 1000
    term = Terminal([args.binary, '--config-dir', tempfile.mkdtemp(), args.path])
    # The first frame (a big file takes seconds to read), then two seconds
    # of quiet: loading redraws as the library's files come in.
    started = time.time()
    while not term.screen.display[-1].strip():
        term.pump(0.5)
        if time.time() - started > 300:
            raise SystemExit('no first frame in 300 s')
    settle(term.fd, time.time(), quiet=2.0)
    term.redraw()
    os.write(term.fd, b'/')
    while term.pump(0.5):
        pass
    results = type_query(term, args.query, args.mode, pace)
    rss = peak_rss_bytes(term.pid)
    os.write(term.fd, b'\x03')
    os.waitpid(term.pid, 0)
    if os.path.isdir(args.path):
        size = sum(os.path.getsize(os.path.join(d, f))
                   for d, _, fs in os.walk(args.path) for f in fs)
    else:
        size = os.path.getsize(args.path)
    pace_text = 'each key after the last one\'s results' if pace is None else f'{args.pace} ms/key'
    report(f"{args.mode} '{args.query}' at {pace_text}", results)
    print(f"input {size / 1e6:.0f} MB; peak RSS {rss / 2**20:.0f} MB ({rss / size:.2f}x); "
          f"CPU while typing {(cpu_seconds_total(results)) * 1000:.0f} ms")


def cpu_seconds_total(results):
    return sum(c for _, _, c in results)


if __name__ == '__main__':
    main()
