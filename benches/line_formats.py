#!/usr/bin/env python3
"""CPU time of `earmark dump --json` on generated ~25 MB files of the
line-shaped formats (WebVTT, SRT, text in its shapes, Whisper TSV), beside
`rg -c` over the same file, and the time to open a file of blank lines.

Usage:
  cargo build --release
  python3 benches/line_formats.py [--mb 25] [--keep DIR] [BINARY ...]

With several binaries (e.g. a copy of an older build) each is run on each
file, one after the other, and each output is compared with the first
binary's (`same` / `DIFFERENT`). CPU time is user + system of the child
(getrusage), the best of --runs (3): the machine is often shared, and CPU
time is disturbed less than wall time by other work.
"""
import argparse, hashlib, os, resource, shutil, subprocess, sys, tempfile

WORDS = ("the a podcast about listening and reading transcripts we talk with "
         "guests every week so that you can follow along while they speak "
         "history").split()
NAMES = ("Ann Lee", "Bob Stone")


def caption(i):
    """Caption `i`: 60-70 characters, a sentence (as benches/formats.rs)."""
    words, state, n = [], (i * 2654435761 | 1) & (2**64 - 1), 0
    while n < 60:
        state ^= (state << 13) & (2**64 - 1)
        state ^= state >> 7
        state ^= (state << 17) & (2**64 - 1)
        word = WORDS[state % len(WORDS)]
        n += len(word) + (1 if words else 0)
        words.append(word)
    return " ".join(words) + "."


def clock(ms, sep):
    h, m, s = ms // 3600000, ms // 60000 % 60, ms // 1000 % 60
    return f"{h:02}:{m:02}:{s:02}{sep}{ms % 1000:03}"


def short(ms):
    m, s = ms // 60000, ms // 1000 % 60
    return f"{m}:{s:02}"


SHAPES = {
    "webvtt.vtt": ("WEBVTT\n\n", lambda i: f"{clock(3000*i, '.')} --> {clock(3000*i+2500, '.')}\n<v {NAMES[i%2]}>{caption(i)}\n\n"),
    "webvtt-plain.vtt": ("WEBVTT\n\n", lambda i: f"{i+1}\n{clock(3000*i, '.')} --> {clock(3000*i+2500, '.')}\n{caption(i)}\n{caption(i+7)}\n\n"),
    "webvtt-labels.vtt": ("WEBVTT\n\n", lambda i: f"{clock(3000*i, '.')} --> {clock(3000*i+2500, '.')} align:start\n{NAMES[i%2]}: {caption(i)}\n\n"),
    "webvtt-lenient.vtt": ("WEBVTT\n\n", lambda i: f"{short(3000*i)}.{i%1000:03} --> {short(3000*i+2500)}.000\n{caption(i)}\n\n"),
    "webvtt-rolling.vtt": ("WEBVTT\nKind: captions\nLanguage: en\n\n", lambda i: f"{clock(3000*i, '.')} --> {clock(3000*i+10, '.')}\n{caption(i)}\n \n\n{clock(3000*i+10, '.')} --> {clock(3000*i+3000, '.')}\n{caption(i)}\n{caption(i+1)}<00:00:01.000><c> more</c>\n\n"),
    "srt.srt": ("", lambda i: f"{i+1}\n{clock(3000*i, ',')} --> {clock(3000*i+2500, ',')}\n{NAMES[i%2]}: {caption(i)}\n\n"),
    "srt-lines.srt": ("", lambda i: f"{i+1}\n{clock(3000*i, ',')} --> {clock(3000*i+2500, ',')}\n<i>{caption(i)}</i>\n{caption(i+3)} &amp; more\n\n"),
    "text-labels.txt": ("", lambda i: f"{NAMES[i%2]}: {caption(i)}\n\n"),
    "text-diarized.txt": ("", lambda i: f"[SPEAKER_0{i%2}]: {caption(i)}\n"),
    "text-otter.txt": ("", lambda i: f"{NAMES[i%2]}  {short(3000*i)}\n{caption(i)} {caption(i+1)}\n\n"),
    "text-timed.txt": ("", lambda i: f"{clock(3000*i, ':')[:8]} {caption(i)}\n"),
    "text-prose.txt": ("", lambda i: f"{caption(i)} {caption(i+1)}\n" + ("\n" if i % 4 == 3 else "")),
    "whisper.tsv": ("start\tend\ttext\n", lambda i: f"{3000*i}\t{3000*i+2500}\t{caption(i)}\n"),
}


def generate(directory, mb):
    files = []
    size = mb * 1_000_000
    for name, (head, piece) in SHAPES.items():
        path = os.path.join(directory, name)
        with open(path, "w") as out:
            out.write(head)
            written, i = len(head), 0
            while written < size:
                chunk = "".join(piece(j) for j in range(i, i + 1000))
                out.write(chunk)
                written += len(chunk.encode())
                i += 1000
        files.append(path)
    blank = os.path.join(directory, "blank-then-prose.txt")
    with open(blank, "w") as out:
        out.write("\n" * size + "One line of prose.\n")
    files.append(blank)
    return files


def cpu_run(argv, out_path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out_path, "wb") as out:
        subprocess.run(argv, stdout=out, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, after.ru_maxrss


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=25)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="generate into (and keep) this folder")
    parser.add_argument("binaries", nargs="*", default=["target/release/earmark"])
    args = parser.parse_args()
    directory = args.keep or tempfile.mkdtemp(prefix="earmark-lines-")
    os.makedirs(directory, exist_ok=True)
    try:
        files = generate(directory, args.mb)
        rg = shutil.which("rg")
        out = os.path.join(directory, "out.json")
        header = "file MB " + " ".join(f"cpu[{i}]s MB/s[{i}]" for i in range(len(args.binaries)))
        print(header + (" rg-cpu-s" if rg else "") + " output")
        for path in files:
            mb = os.path.getsize(path) / 1e6
            row, first = [os.path.basename(path), f"{mb:.1f}"], None
            same = True
            for binary in args.binaries:
                argv = [binary, "--config-dir", directory, "dump", "--json", path]
                cpu = min(cpu_run(argv, out)[0] for _ in range(args.runs))
                row += [f"{cpu:.3f}", f"{mb / cpu:.0f}" if cpu > 0 else "-"]
                d = digest(out)
                first = first or d
                same &= d == first
            if rg:
                cpu = min(cpu_run([rg, "-c", "the", path], os.devnull)[0] for _ in range(args.runs))
                row.append(f"{cpu:.3f}")
            row.append("same" if same else "DIFFERENT")
            print(" ".join(row), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(directory)


if __name__ == "__main__":
    sys.exit(main())
