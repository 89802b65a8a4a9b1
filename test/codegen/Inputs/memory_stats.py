#!/usr/bin/env python3
"""Checks --stats-json's memory figures of a compiled model (docs/stats.md
section 4): arena_bytes equals the header's P_ARENA_BYTES (when a header is
given); every block has scratch_bytes; every uib/fused_ib has expanded_bytes
(> 0) and fused; a fused block's tile buffers are > 0 and smaller than its
expanded tensor and than the arena; an unfused block has none. Prints one line
per uib/fused_ib and the number of fused blocks.

usage: memory_stats.py STATS.json [HEADER.h]
"""
import json
import re
import sys


def main():
    stats = json.load(open(sys.argv[1]))
    arena = stats["arena_bytes"]
    assert arena > 0, arena
    if len(sys.argv) > 2:
        header = open(sys.argv[2]).read()
        m = re.search(r"#define \w+_ARENA_BYTES (\d+)", header)
        assert m and int(m.group(1)) == arena, (m and m.group(1), arena)
    fused = 0
    for i, b in enumerate(stats["blocks"]):
        scratch = b["scratch_bytes"]
        if b["kind"] not in ("uib", "fused_ib"):
            assert "expanded_bytes" not in b and "fused" not in b, b
            assert scratch >= 0, b
            continue
        expanded = b["expanded_bytes"]
        assert expanded > 0, b
        if b["fused"]:
            fused += 1
            assert 0 < scratch < expanded and scratch < arena, b
        else:
            assert scratch == 0, b
        print("%s %s fused=%s scratch=%d expanded=%d" %
              (b.get("name", "#%d" % i), b["kind"], b["fused"], scratch,
               expanded))
    print("fused blocks: %d" % fused)


if __name__ == "__main__":
    main()
