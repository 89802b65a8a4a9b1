#!/usr/bin/env python3
"""Checks mnv4-run --bench's stdout (read from stdin): exactly one line
`latency_ms: median=X min=Y max=Z runs=N threads=T` and one `cpu_ms:` line of
the same form, with min <= median <= max and the expected runs and threads.

usage: latency_line.py RUNS THREADS < stdout
"""
import re
import sys

LINE = re.compile(r"(\w+): median=(\d+\.\d{3}) min=(\d+\.\d{3}) "
                  r"max=(\d+\.\d{3}) runs=(\d+) threads=(\d+)")


def main():
    runs, threads = sys.argv[1:]
    lines = sys.stdin.read().splitlines()
    for label in ("latency_ms", "cpu_ms"):
        found = [l for l in lines if l.startswith(label + ":")]
        if len(found) != 1:
            sys.exit("expected one %s line, got %d" % (label, len(found)))
        m = LINE.fullmatch(found[0])
        if not m or m.group(1) != label:
            sys.exit("malformed line: " + found[0])
        median, lo, hi = map(float, m.group(2, 3, 4))
        if not lo <= median <= hi:
            sys.exit("not min <= median <= max: " + found[0])
        if m.group(5, 6) != (runs, threads):
            sys.exit("expected runs=%s threads=%s: %s" % (runs, threads,
                                                          found[0]))
    print("ok")


if __name__ == "__main__":
    main()
