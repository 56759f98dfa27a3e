"""Timing a program in a pseudo-terminal, for the pty_*.py benchmarks."""
import fcntl, os, pty, select, struct, termios, time


def spawn(argv, cols, rows):
    """Starts argv in a new pseudo-terminal of cols x rows: (pid, fd)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ['TERM'] = 'xterm-256color'
        os.execv(argv[0], argv)
    resize(fd, cols, rows)
    return pid, fd


def resize(fd, cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))


def read_until(fd, pred, timeout=20):
    """Reads output until pred(everything read) holds."""
    buf = b''
    start = time.time()
    while time.time() - start < timeout:
        ready, _, _ = select.select([fd], [], [], 0.005)
        if ready:
            buf += os.read(fd, 1 << 20)
            if pred(buf):
                return buf
    raise SystemExit('timed out')


def settle(fd, since, quiet=0.05):
    """Seconds from `since` to the last output before `quiet` seconds of
    quiet: when the frame was fully written."""
    last = None
    while True:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            return (last or time.time()) - since
        os.read(fd, 1 << 20)
        last = time.time()


def keystrokes(fd, text, quiet=0.05):
    """Types text one key at a time; each key's time to a settled frame
    (the last output before `quiet` seconds of quiet: longer than the
    slowest search, so that its results are counted)."""
    times = []
    for ch in text:
        t = time.time()
        os.write(fd, ch.encode())
        times.append(settle(fd, t, quiet))
    return times


def median(times):
    ordered = sorted(times)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def peak_rss_bytes(pid):
    line = [l for l in open(f'/proc/{pid}/status') if l.startswith('VmHWM')][0]
    return int(line.split()[1]) * 1024


def summary(times):
    return (f"max {max(times) * 1000:.1f} ms, mean {sum(times) / len(times) * 1000:.1f} ms, "
            f"median {median(times) * 1000:.1f} ms")
