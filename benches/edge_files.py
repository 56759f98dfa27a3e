#!/usr/bin/env python3
"""Writes small generated files at the edges of the srv1, Podlove and
rolling-caption readers' shortcuts, for `benches/dump_cmp.sh` to compare
two builds on:

    python3 benches/edge_files.py DIR
    benches/dump_cmp.sh OLD_BINARY NEW_BINARY DIR

srv1 captions mix references escaped twice (`&amp;#39;`, `&amp;quot;`)
with ones the one-pass decoding must leave to the general rounds;
Podlove items hold nested elements, CDATA, comments, or are empty or
unclosed; WebVTT and SubRip cues roll throughout, roll then stop, or stop
then roll. The same seed gives the same files.
"""
import os
import random
import sys

SRV1_USUAL = ["plain words", " ", "\n", "&amp;#39;", "&amp;quot;", "&amp;#0039;",
              "&amp;#32;", "&amp;#126;", "&amp;#59;", "&amp;#33;", "é", "Ann: ", "\r",
              "&amp;#60;", "&amp;#62;"]
SRV1_ODD = ["&amp;#38;", "&amp;#10;", "&amp;#127;", "&amp;#31;", "&amp;amp;", "&amp;#65",
            "&amp;#12345678;", "&amp;#1234567;", "&amp;#0000000039;", "&amp;#x27;",
            "&amp;quot", "&amp;QUOT;", "&#39;", "&quot;", "&amp;", "&", "&amp;lt;",
            "<!-- c -->", "<![CDATA[x&amp;#39;y]]>", "&nbsp;", "&amp;nbsp;"]
PODLOVE = ["word", " ", "&amp;", "&lt;", "<b>x</b>", "<!-- c -->", "<![CDATA[cd]]>", "",
           "é", "\n", "y"]
ROLL_WORDS = ["when", "I", "started", "working", "on", "it", "R&amp;B", "&lt;b&gt;", "é",
              "and", "then"]


def srv1(rng, n):
    out = ['<?xml version="1.0" encoding="utf-8" ?><transcript>']
    for i in range(40):
        body = "".join(rng.choice(SRV1_USUAL) for _ in range(rng.randint(0, 5)))
        if rng.random() < 0.25:
            at = rng.randint(0, len(body))
            body = body[:at] + rng.choice(SRV1_ODD) + body[at:]
        out.append(f'<text start="{i * 2.5}" dur="2.5">{body}</text>')
    return "".join(out) + "</transcript>"


def podlove(rng):
    out = ['<?xml version="1.0"?><pst:transcripts '
           'xmlns:pst="http://podlove.org/simple-transcripts" version="1.0">']
    for i in range(10):
        out.append("<pst:speech>")
        if rng.random() < 0.8:
            name = rng.choice(["Ann", "Bob", "", "A&amp;B"])
            out.append(f"<pst:speaker>{name}</pst:speaker>")
        for j in range(rng.randint(0, 6)):
            body = "".join(rng.choice(PODLOVE) for _ in range(rng.randint(0, 3)))
            close = "</pst:item>" if rng.random() < 0.9 else ""
            after = rng.choice(["", "", "stray", "<pst:speaker>Cy</pst:speaker>"])
            out.append(f'<pst:item start="00:00:{i:02d}.{j:03d}" '
                       f'end="00:00:{i:02d}.{j + 1:03d}">{body}{close}{after}')
        out.append("</pst:speech>")
    return "".join(out) + "</pst:transcripts>"


def roll_line(rng, tagged):
    words = [rng.choice(ROLL_WORDS) for _ in range(rng.randint(1, 5))]
    if tagged and rng.random() < 0.5:
        k = rng.randrange(len(words))
        words[k] = f"<00:00:01.000><c> {words[k]}</c>"
    if rng.random() < 0.1:
        words.append(" ")
    return " ".join(words)


def clock(ms, sep):
    return "%02d:%02d:%02d%s%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, sep,
                                     ms % 1000)


def rolling(rng, mode, ext):
    sep = "." if ext == "vtt" else ","
    cues, prev = [], roll_line(rng, False)
    for i in range(80):
        rolls = mode == 0 or (mode == 1 and i < 40) or (mode == 2 and i >= 20)
        if rolls:
            new = roll_line(rng, True)
            payload = rng.choice([f"{prev}\n{new}", f"{prev}\n{new}", prev, f"{prev}\n \n",
                                  f"{prev}\n{new}\n{roll_line(rng, True)}", " ",
                                  f"<c>{prev}</c>\n{new}", f"{prev}\n\t{new}"])
            if payload not in (" ", prev):
                prev = new
        else:
            payload = rng.choice([roll_line(rng, True),
                                  f"{roll_line(rng, False)}\n{roll_line(rng, True)}",
                                  f"<v Bob>{roll_line(rng, False)}",
                                  "\n".join([roll_line(rng, False)] * 2)])
        cues.append((i * 1000, payload))
    out = ["WEBVTT\n"] if ext == "vtt" else []
    for k, (ms, payload) in enumerate(cues):
        head = "" if ext == "vtt" else f"{k + 1}\n"
        out.append(f"{head}{clock(ms, sep)} --> {clock(ms + 900, sep)}\n{payload}\n")
    return "\n".join(out)


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(7)
    files = {}
    for n in range(60):
        files[f"srv1_{n}.xml"] = srv1(rng, n)
    for n in range(40):
        files[f"podlove_{n}.xml"] = podlove(rng)
    for n in range(30):
        for ext in ("vtt", "srt"):
            files[f"roll_{n}.{ext}"] = rolling(rng, n % 3, ext)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
            out.write(text)
    print(f"{len(files)} files in {folder}")


if __name__ == "__main__":
    main()
