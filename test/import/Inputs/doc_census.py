#!/usr/bin/env python3
"""Compares the ONNX op-type census of a generated export with the table of
section 4.7 of docs/mnv4-architectures.md (Identity excluded: its count
depends on the weights).

usage: doc_census.py mnv4-architectures.md VARIANT < protoc-decoded-model
"""
import re
import sys


def main():
    doc = open(sys.argv[1], encoding="utf-8").read()
    variant = sys.argv[2]
    section = doc[doc.index("### 4.7"):]
    lines = [l for l in section.splitlines() if l.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    expected = None
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] == variant:
            expected = {op: int(n) for op, n in zip(header[1:], cells[1:])
                        if n and op != "Identity"}
    if expected is None:
        sys.exit("no census row for " + variant)
    got = {}
    for op in re.findall(r'op_type: "(\w+)"', sys.stdin.read()):
        if op != "Identity":
            got[op] = got.get(op, 0) + 1
    if got != expected:
        sys.exit("%s census differs:\n  doc:       %s\n  generated: %s" % (
            variant, sorted(expected.items()), sorted(got.items())))
    print("%s census matches: %d op types" % (variant, len(got)))


if __name__ == "__main__":
    main()
