#!/usr/bin/env python3
"""Latency of the real binary in a pseudo-terminal: time to the first frame,
to the frame after End (G), Home (g) and a resize, and peak memory.

Usage: python3 benches/pty_latency.py FILE target/release/earmark
"""
import os, pty, sys, time, select, struct, fcntl, termios, signal
path = sys.argv[1]; binary = sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.environ['TERM'] = 'xterm-256color'
    os.execv(binary, [binary, path])
def setsize(cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
setsize(120, 40)
def read_until(pred, timeout=10):
    buf = b''; t0 = time.time()
    while time.time() - t0 < timeout:
        r, _, _ = select.select([fd], [], [], 0.01)
        if r:
            try: buf += os.read(fd, 1 << 20)
            except OSError: break
            if pred(buf): return buf
    return None
def quiet(buf, ms=30):
    # wait until no output for ms: the frame is complete
    pass
t0 = time.time()
out = read_until(lambda b: len(b) > 2000)
t_first = time.time() - t0
def settle(t):
    # until the frame is complete: output, then 50 ms of quiet
    last = None
    while True:
        r, _, _ = select.select([fd], [], [], 0.05)
        if not r: return (last or time.time()) - t
        os.read(fd, 1 << 20); last = time.time()
def measure(keys, pred=None):
    t = time.time(); os.write(fd, keys); return settle(t)
settle(t0)
t_end = measure(b'G', lambda b: b'next episode' in b or b'100%' in b)
t_home = measure(b'g', lambda b: b'  0%' in b or b'00:00:00' in b)
t = time.time(); setsize(80, 24); os.kill(pid, signal.SIGWINCH); t_resize = settle(t)
is_earmark = 'earmark' in os.path.basename(binary)
# Typing a search, one key at a time: each keystroke's frame, and the count.
os.write(fd, b'g'); settle(time.time())
os.write(fd, b'/'); settle(time.time())
query = 'product-market fit'
per_key = []
screen = b''
for ch in (query if is_earmark else ''):
    t = time.time(); os.write(fd, ch.encode())
    # The count comes with the results; wait for output to go quiet.
    per_key.append(settle(t))
import re
os.write(fd, b'\r'); time.sleep(0.2)
try: screen = os.read(fd, 1 << 20)
except OSError: pass
text = open(path, encoding='utf-8', errors='replace').read().lower()
want = text.count(query)
hwm = [l for l in open(f'/proc/{pid}/status') if l.startswith('VmHWM')][0].split()[1]
os.write(fd, b'q'); os.kill(pid, signal.SIGTERM); os.waitpid(pid, 0)
size = os.path.getsize(path)
if is_earmark: print(f"search '{query}': slowest keystroke to settled frame {max(per_key)*1000:.1f} ms, mean {sum(per_key)/len(per_key)*1000:.1f} ms; independent count {want}")
print(f"file {size/1e6:.1f} MB; first frame {t_first*1000:.0f} ms; End {t_end*1000:.1f} ms; Home {t_home*1000:.1f} ms; resize {t_resize*1000:.1f} ms; peak RSS {int(hwm)/1024:.0f} MB ({int(hwm)*1024/size:.2f}x file)")
