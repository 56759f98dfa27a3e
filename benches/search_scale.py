#!/usr/bin/env python3
"""`earmark search` beside rg at archive scale, whole process against whole
process, output to a pipe for both, medians of paired runs (rg then
earmark, turn by turn, so load on a shared machine falls on both).

Builds in WORK (default /tmp/earmark-scale), once: the 25 shared episodes
copied 12 times (1x, ~300 files), that 10 and 40 times (10x, 40x), and one
file of every transcript joined 126 times (~258 MB, the Reader recipe of
BENCHMARKS.md at a larger count). Literal patterns are timed against
`rg -i -F -c`, regex ones against `rg -i -c`.

Usage: python3 benches/search_scale.py CORPUS target/release/earmark [RUNS] [WORK] [BASELINE]
   (CORPUS: the folder holding episodes/, e.g. ../shared/corpus; BASELINE:
   another earmark binary, e.g. main's, timed in the same turns, its own
   ratio to rg in two more columns). SCALES=x1,x10,big (any of x1, x10,
   x40, big; all by default) runs only those rows; LITERALS=sales,okay
   and REGEXES=evals? (comma-separated; REGEXES= for none) replace the
   folders' patterns.
"""
import glob, os, resource, shutil, subprocess, sys, time

corpus, binary = sys.argv[1], os.path.abspath(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 11
work = sys.argv[4] if len(sys.argv) > 4 else '/tmp/earmark-scale'
baseline = os.path.abspath(sys.argv[5]) if len(sys.argv) > 5 else None
episodes = sorted(glob.glob(os.path.join(corpus, 'episodes', '*.md')))
assert len(episodes) == 25, f'expected the 25 shared episodes in {corpus}/episodes'


def build():
    x1 = os.path.join(work, 'x1')
    if not os.path.isdir(x1):
        for i in range(12):
            os.makedirs(os.path.join(x1, str(i)))
            for path in episodes:
                shutil.copy(path, os.path.join(x1, str(i)))
    for scale, copies, source in (('x10', 10, x1), ('x40', 4, os.path.join(work, 'x10'))):
        target = os.path.join(work, scale)
        if not os.path.isdir(target):
            for i in range(copies):
                shutil.copytree(source, os.path.join(target, str(i)))
    big = os.path.join(work, 'big.md')
    if not os.path.exists(big):
        bodies = []
        for path in episodes:
            text = open(path, 'rb').read()
            at = text.find(b'## Transcript')
            bodies.append(text[text.index(b'\n', at) + 1:])
        with open(big, 'wb') as out:
            out.write(b'---\ntitle: Everything, many times\n---\n\n## Transcript\n\n')
            for _ in range(126):
                for body in bodies:
                    out.write(body)
    return big


def timed(argv):
    """Wall seconds and CPU seconds of one run, its output read from a pipe."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    while proc.stdout.read(1 << 16):
        pass
    code = proc.wait()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert code in (0, 1), f'{argv}: exit {code}'
    return wall, cpu


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def compare(label, rg, earmark):
    runs_of = [rg, earmark] + ([[baseline] + earmark[1:]] if baseline else [])
    for argv in runs_of:  # warm the page cache
        timed(argv)
    turns = [[timed(argv) for argv in runs_of] for _ in range(runs)]
    rg_wall = median([t[0][0] for t in turns])
    em_wall = median([t[1][0] for t in turns])
    ratio = median([t[1][0] / t[0][0] for t in turns])
    rg_cpu = median([t[0][1] for t in turns])
    em_cpu = median([t[1][1] for t in turns])
    cpu_ratio = median([t[1][1] / t[0][1] for t in turns])
    row = (f'| {label} | {rg_wall * 1000:.0f} ms | {em_wall * 1000:.0f} ms | {ratio:.2f} '
           f'| {rg_cpu * 1000:.0f} / {em_cpu * 1000:.0f} ms | {cpu_ratio:.2f} |')
    if baseline:
        base_ratio = median([t[2][0] / t[0][0] for t in turns])
        base_cpu = median([t[2][1] for t in turns])
        base_cpu_ratio = median([t[2][1] / t[0][1] for t in turns])
        row += f' {base_ratio:.2f} | {base_cpu * 1000:.0f} ms | {base_cpu_ratio:.2f} |'
    print(row, flush=True)


big = build()
print(f'{runs} paired runs each; ratios = medians of earmark/rg per pair; CPU = user+system')
if baseline:
    print('| search | rg | earmark | ratio | CPU rg / earmark | CPU ratio '
          '| baseline ratio | baseline CPU | baseline CPU ratio |')
    print('|---|---|---|---|---|---|---|---|---|')
else:
    print('| search | rg | earmark | ratio | CPU rg / earmark | CPU ratio |')
    print('|---|---|---|---|---|---|')
literals = os.environ.get('LITERALS', 'product-market fit,the,ai,café').split(',')
regexes = [r for r in os.environ.get('REGEXES', 'evals?').split(',') if r]
scales = os.environ.get('SCALES', 'x1,x10,x40,big').split(',')
for scale in [s for s in ('x1', 'x10', 'x40') if s in scales]:
    folder = os.path.join(work, scale)
    for pattern in literals:
        compare(f'{scale} `{pattern}`', ['rg', '-i', '-F', '-c', pattern, folder],
                [binary, 'search', pattern, folder])
    for pattern in regexes:
        compare(f'{scale} --regex `{pattern}`', ['rg', '-i', '-c', pattern, folder],
                [binary, 'search', '--regex', pattern, folder])
size = os.path.getsize(big) / 1e6
for pattern in ('product-market fit', 'the') if 'big' in scales else ():
    compare(f'one {size:.0f} MB file `{pattern}`', ['rg', '-i', '-F', '-c', pattern, big],
            [binary, 'search', pattern, big])
