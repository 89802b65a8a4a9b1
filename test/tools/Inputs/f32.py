#!/usr/bin/env python3
"""Raw little-endian float32 files for the mnv4-run tests.

  f32.py write FILE V...   write the values
  f32.py print FILE        print one value per line (repr of the float)
"""
import struct
import sys


def main():
    command, path, *values = sys.argv[1:]
    if command == "write":
        with open(path, "wb") as f:
            f.write(struct.pack("<%df" % len(values), *map(float, values)))
    elif command == "print":
        with open(path, "rb") as f:
            data = f.read()
        for (v,) in struct.iter_unpack("<f", data):
            print(v)
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main()
