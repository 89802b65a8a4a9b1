#!/usr/bin/env python3
"""A summary of a .tflite file read back with Debian's flatc and the schema.

  tflite_summary.py SCHEMA.fbs MODEL.tflite

Prints the file identifier, Model.version, the min_runtime_version metadata,
one "opcode NAME vN" line per operator code and one "tensor NAME TYPE [shape]
[per-axis D]" line per tensor, in file order.
"""
import json
import os
import subprocess
import sys
import tempfile


def main():
    schema, model = sys.argv[1:3]
    with open(model, "rb") as f:
        raw = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["flatc", "--json", "--strict-json", "--raw-binary",
                        "--defaults-json", "-o", tmp, schema, "--", model],
                       check=True)
        name = os.path.splitext(os.path.basename(model))[0] + ".json"
        with open(os.path.join(tmp, name)) as f:
            m = json.load(f)
    print("identifier=%s version=%d" % (raw[4:8].decode(), m["version"]))
    for meta in m.get("metadata", []):
        data = bytes(m["buffers"][meta["buffer"]].get("data", []))
        print("%s=%s" % (meta["name"], data.rstrip(b"\0").decode()))
    for code in m["operator_codes"]:
        print("opcode %s v%d" % (code["builtin_code"], code["version"]))
    for t in m["subgraphs"][0]["tensors"]:
        line = "tensor %s %s [%s]" % (t["name"], t["type"],
                                      ",".join(map(str, t["shape"])))
        q = t.get("quantization") or {}
        if len(q.get("scale", [])) > 1:
            line += " per-axis %d" % q.get("quantized_dimension", 0)
        print(line)


if __name__ == "__main__":
    main()
