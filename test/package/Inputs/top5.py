"""top5.py LOGITS.bin CLASSIFY.txt: the five classes classify printed
(`topK: class=C ...` lines) are the five largest logits of LOGITS.bin
(float32, from mnv4-run --engine=reference), in order. Exit 1 otherwise."""
import re
import struct
import sys

data = open(sys.argv[1], "rb").read()
logits = struct.unpack("<%df" % (len(data) // 4), data)
expected = sorted(range(len(logits)), key=lambda i: -logits[i])[:5]
printed = [int(c) for c in re.findall(r"^top\d: class=(\d+)",
                                      open(sys.argv[2]).read(), re.M)]
print("reference top5:", " ".join(map(str, expected)))
print("classify top5:", " ".join(map(str, printed)))
sys.exit(0 if printed == expected else 1)
