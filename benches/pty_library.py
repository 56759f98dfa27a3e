#!/usr/bin/env python3
"""The library in a pseudo-terminal: time to the first frame and until every
episode is loaded, a filter keystroke, a search keystroke across every
episode, and peak memory against the archive's size.

Usage: python3 benches/pty_library.py DIR target/release/earmark
"""
import os, pty, sys, time, select, struct, fcntl, termios, tempfile

root, binary = sys.argv[1], sys.argv[2]
config = tempfile.mkdtemp()
pid, fd = pty.fork()
if pid == 0:
    os.environ['TERM'] = 'xterm-256color'
    os.execv(binary, [binary, '--config-dir', config, root])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 140, 0, 0))

def read_until(pred, timeout=20):
    buf = b''; t0 = time.time()
    while time.time() - t0 < timeout:
        r, _, _ = select.select([fd], [], [], 0.005)
        if r:
            buf += os.read(fd, 1 << 20)
            if pred(buf): return buf
    raise SystemExit('timed out')

def settle(t):
    """From t until the frame is written: output, then 50 ms of quiet."""
    last = None
    while True:
        r, _, _ = select.select([fd], [], [], 0.05)
        if not r: return (last or time.time()) - t
        os.read(fd, 1 << 20); last = time.time()

t0 = time.time()
read_until(lambda b: b'episodes' in b)
first = time.time() - t0
# Loading redraws the header as files come in; the last redraw ends it.
loaded = settle(t0)

def keystrokes(text):
    times = []
    for ch in text:
        t = time.time(); os.write(fd, ch.encode()); times.append(settle(t))
    return times

filter_times = keystrokes('nguyen')
for _ in 'nguyen': os.write(fd, b'\x7f')
settle(time.time())
os.write(fd, b'/'); settle(time.time())
search_times = keystrokes('growth')
hwm = [l for l in open(f'/proc/{pid}/status') if l.startswith('VmHWM')][0].split()[1]
os.write(fd, b'\x03'); os.waitpid(pid, 0)
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs)
ms = lambda xs: f"max {max(xs)*1000:.1f} ms, mean {sum(xs)/len(xs)*1000:.1f} ms"
print(f"archive {size/1e6:.1f} MB; first frame {first*1000:.0f} ms; all loaded {loaded*1000:.0f} ms")
print(f"filter keystroke: {ms(filter_times)}; search keystroke across episodes: {ms(search_times)}")
print(f"peak RSS {int(hwm)/1024:.0f} MB ({int(hwm)*1024/size:.2f}x the archive)")
