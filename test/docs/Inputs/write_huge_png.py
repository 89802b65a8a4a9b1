#!/usr/bin/env python3
"""Writes a PNG whose header claims WIDTH x HEIGHT RGB pixels but holds
almost no data: a decoder must refuse it by its size before allocating.

usage: write_huge_png.py FILE WIDTH HEIGHT
"""
import struct
import sys
import zlib


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data)))


path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
with open(path, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
