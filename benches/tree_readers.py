#!/usr/bin/env python3
"""CPU time of `earmark dump --json` per tree-shaped reader (JSON, HTML,
TTML, Podlove, YouTube XML), on generated ~25 MB files, for one or more
earmark binaries side by side.

    cargo build --release
    benches/tree_readers.py [--mb 25] [--runs 3] [--keep DIR] BINARY...

Each file is two speakers taking turns, 60-70 characters a caption, in
the shape named in the first column (the same shapes as
benches/formats.rs). For each binary and file it prints the best of
`--runs` CPU times (user + system, from /usr/bin/time), the throughput that
gives and the peak resident set. With two binaries it also checks that
their outputs are byte for byte the same. CPU time, not wall time: the
machine this was written on is shared, and CPU time is what other work
disturbs least.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile

WORDS = ("the a podcast about listening and reading transcripts we talk with "
         "guests every week so that you can follow along while they speak "
         "history").split()
NAMES = ("Ann Lee", "Bob Stone")


def caption(i):
    out, state = [], (i * 2654435761) | 1
    while len(" ".join(out)) < 60:
        state ^= (state << 13) & 0xFFFFFFFFFFFFFFFF
        state ^= state >> 7
        state ^= (state << 17) & 0xFFFFFFFFFFFFFFFF
        out.append(WORDS[state % len(WORDS)])
    return " ".join(out) + "."


def clock(ms, sep="."):
    return "%02d:%02d:%02d%s%03d" % (ms // 3600000, ms // 60000 % 60,
                                     ms // 1000 % 60, sep, ms % 1000)


def words(i):
    """Caption i's words with their start and end, in ms."""
    ws = caption(i).split()
    step = 2500 // len(ws)
    return [(w, i * 3000 + k * step, i * 3000 + (k + 1) * step)
            for k, w in enumerate(ws)]


def build(size, head, tail, piece, sep=""):
    parts, total, i = [head], len(head) + len(tail), 0
    while total < size:
        p = (sep if i else "") + piece(i)
        parts.append(p)
        total += len(p)
        i += 1
    parts.append(tail)
    return "".join(parts)


def shapes():
    n = lambda i: NAMES[i % 2]
    s = lambda ms: "%g" % (ms / 1000)
    return {
        "podcasting20-segments.json": (
            '{"version":"1.0.0","segments":[', "]}", lambda i:
            '{"speaker":"%s","startTime":%s,"endTime":%s,"body":"%s"}'
            % (n(i), s(i * 3000), s(i * 3000 + 2500), caption(i)), ","),
        "podcasting20-words.json": (
            '{"version":"1.0.0","segments":[', "]}", lambda i: ",".join(
                '{"speaker":"%s","startTime":%s,"endTime":%s,"body":"%s"}'
                % (n(i), s(a), s(b), w) for w, a, b in words(i)), ","),
        "subtitles.json": (
            "[", "]", lambda i: '{"start":%s,"end":%s,"text":"%s"}'
            % (s(i * 3000), s(i * 3000 + 2500), caption(i)), ","),
        "whisper.json": (
            '{"text":"","language":"en","segments":[', "]}", lambda i:
            '{"id":%d,"seek":%d,"start":%s,"end":%s,"text":" %s","tokens":'
            '[50364,440,1168,307],"temperature":0.0,"avg_logprob":-0.21,'
            '"compression_ratio":1.5,"no_speech_prob":0.01}'
            % (i, i * 3000, s(i * 3000), s(i * 3000 + 2500), caption(i)), ","),
        "whisperx-words.json": (
            '{"segments":[', '],"word_segments":[]}', lambda i:
            '{"start":%s,"end":%s,"text":" %s","speaker":"%s","words":[%s]}'
            % (s(i * 3000), s(i * 3000 + 2500), caption(i), n(i), ",".join(
                '{"word":"%s","start":%s,"end":%s,"score":0.9,"speaker":"%s"}'
                % (w, s(a), s(b), n(i)) for w, a, b in words(i))), ","),
        "youtube.json3": (
            '{"wireMagic":"pb3","events":[', "]}", lambda i:
            '{"tStartMs":%d,"dDurationMs":2500,"wWinId":1,"segs":[%s]}'
            % (i * 3000, ",".join(
                '{"utf8":"%s%s","tOffsetMs":%d,"acAsrConf":0}'
                % (" " if k else "", w, a - i * 3000)
                for k, (w, a, _) in enumerate(words(i)))), ","),
        "page.html": (
            "<html><body>\n", "</body></html>\n", lambda i:
            "<cite>%s:</cite>\n<time>%s</time>\n<p>%s</p>\n"
            % (n(i), clock(i * 3000), caption(i))),
        "lines.ttml": (
            '<?xml version="1.0" encoding="utf-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" '
            'xmlns:ttm="http://www.w3.org/ns/ttml#metadata"><body><div>\n',
            "</div></body></tt>\n", lambda i:
            '<p begin="%s" end="%s" ttm:agent="%s">%s<br/>%s</p>\n'
            % (clock(i * 3000), clock(i * 3000 + 2500), "ab"[i % 2],
               caption(i)[:30], caption(i)[30:])),
        "apple-words.ttml": (
            '<?xml version="1.0" encoding="utf-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" '
            'xmlns:podcasts="http://podcasts.apple.com/transcript-ttml-internal" '
            'xmlns:ttm="http://www.w3.org/ns/ttml#metadata"><body><div>\n',
            "</div></body></tt>\n", lambda i:
            '<p begin="%s" end="%s" ttm:agent="SPEAKER_%d"><span podcasts:unit="sentence">%s</span></p>\n'
            % (s(i * 3000), s(i * 3000 + 2500), i % 2, "".join(
                '<span podcasts:unit="word" begin="%s" end="%s">%s</span>'
                % (s(a), s(b), w) for w, a, b in words(i)))),
        "podlove.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>\n<pst:transcripts '
            'xmlns:pst="http://podlove.org/simple-transcripts" version="1.0">\n',
            "</pst:transcripts>\n", lambda i:
            "<pst:speech><pst:speaker>%s</pst:speaker>%s</pst:speech>\n"
            % (n(i), "".join(
                '<pst:item start="%s" end="%s">%s</pst:item>'
                % (clock(a), clock(b), w) for w, a, b in words(i)))),
        "srv1.xml": (
            '<?xml version="1.0" encoding="utf-8" ?><transcript>',
            "</transcript>", lambda i:
            '<text start="%s" dur="2.5">%s &amp;#39;em</text>'
            % (s(i * 3000), caption(i))),
        "srv3.xml": (
            '<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body>',
            "</body></timedtext>", lambda i: '<p t="%d" d="2500" w="1">%s</p>'
            % (i * 3000, "".join('<s t="%d" ac="0">%s%s</s>'
                                 % (a - i * 3000, " " if k else "", w)
                                 for k, (w, a, _) in enumerate(words(i))))),
    }


def run(binary, path):
    """(cpu seconds, peak KB, sha256 of stdout) of one dump --json."""
    # /usr/bin/time, not os.wait4: a child forked from this process would
    # count this process's own (large) resident set as its peak.
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile() as times:
        command = ["/usr/bin/time", "-o", times.name, "-f", "%U %S %M",
                   binary, "dump", "--json", path]
        status = subprocess.call(command, stdout=out, stderr=subprocess.DEVNULL)
        if status != 0:
            sys.exit("%s dump --json %s failed (%d)" % (binary, path, status))
        user, system, peak = open(times.name).read().split()[-3:]
        out.seek(0)
        digest = hashlib.sha256(out.read()).hexdigest()
    return float(user) + float(system), int(peak), digest


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--mb", type=float, default=25)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="write the inputs here and keep them")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="earmark-tree-")
    os.makedirs(folder, exist_ok=True)
    size = int(args.mb * 1_000_000)
    print("| file | size | " + " | ".join(
        "%s CPU | MB/s | peak KB" % os.path.basename(b) for b in args.binaries) + " |")
    print("|---|---|" + "---|---|---|" * len(args.binaries))
    for name, (head, tail, piece, *sep) in shapes().items():
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.write(build(size, head, tail, piece, *sep))
        mb = os.path.getsize(path) / 1e6
        cells, digests = [], set()
        for binary in args.binaries:
            results = [run(binary, path) for _ in range(args.runs)]
            cpu = min(r[0] for r in results)
            digests.update(r[2] for r in results)
            cells.append("%.2f s | %.0f | %d" % (cpu, mb / cpu, max(r[1] for r in results)))
        same = "" if len(digests) == 1 else " **outputs differ**"
        print("| %s | %.1f MB | %s |%s" % (name, mb, " | ".join(cells), same))
        if not args.keep:
            os.remove(path)
    if not args.keep:
        os.rmdir(folder)


if __name__ == "__main__":
    main()
