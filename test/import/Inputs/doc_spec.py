#!/usr/bin/env python3
"""Prints the mnv4-onnx-gen spec of a MobileNetV4 variant, read from the
per-block tables (section 3.3) of docs/mnv4-architectures.md.

usage: doc_spec.py mnv4-architectures.md VARIANT
"""
import re
import sys

# Variant -> (table that holds it, anti-aliasing of its strided blocks).
TABLES = {
    "conv_small": ("conv_small", None), "conv_small_050": ("conv_small", None),
    "conv_small_035": ("conv_small", None),
    "conv_medium": ("conv_medium", None), "conv_aa_medium": ("conv_medium", "avg"),
    "conv_blur_medium": ("conv_medium", "blur"),
    "conv_large": ("conv_large", None), "conv_aa_large": ("conv_large", "avg"),
    "hybrid_medium": ("hybrid_medium", None),
    "hybrid_medium_075": ("hybrid_medium", None),
    "hybrid_large": ("hybrid_large", None),
    "hybrid_large_075": ("hybrid_large", None),
}


def table_rows(doc, name):
    """The rows of the '#### name' table as dicts keyed by header."""
    lines = doc[doc.index("#### " + name + "\n"):].splitlines()[2:]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append(dict(zip(header, [c.strip() for c in
                                      line.strip("|").split("|")])))
    return header, rows


def main():
    doc = open(sys.argv[1], encoding="utf-8").read()
    variant = sys.argv[2]
    table, aa = TABLES[variant]
    header, rows = table_rows(doc, table)
    sibling = variant + " in→out/mid"
    if variant == table or sibling not in header:
        sibling = None  # aa/blur siblings share widths with the base
    out, stage = [], None
    act = rows[0]["act"]
    for r in rows:
        io = r[sibling] if sibling else r["in→out"] + "/" + r["mid"]
        io, _, mid = io.partition("/")
        cout = io.split("→")[1]
        kind, s, k, ls = r["type"], r["s"], r["k"], r["LS"] == "y"
        if r["blk"] == "stem":
            out.append("stem c=%s" % cout)
            continue
        if r["blk"] == "head":
            out.append("/ head c=%s classes=1000" % cout)
            continue
        if r["blk"] == "cls":
            continue
        s_idx = r["blk"].split(".")[0]
        out.append("/" if s_idx != stage else ",")
        stage = s_idx
        aa_attr = " aa=%s" % aa if aa and s == "2" and kind in (
            "FIB", "XDW") else ""
        if kind == "CBA":
            out.append("cba k=%s s=%s c=%s" % (k, s, cout))
        elif kind == "FIB":
            out.append("fib k=%s s=%s m=%s c=%s%s" % (k, s, mid, cout, aa_attr))
        elif kind in ("XDW", "IB", "CNX", "FFN"):
            a, m = [("0" if x == "-" else x) for x in k.split("/")]
            out.append("uib a=%s k=%s s=%s m=%s c=%s%s%s" % (
                a, m, s, mid, cout, " ls" if ls else "", aa_attr))
        elif kind == "MQA":
            h, d, kv = re.match(r"h(\d+) k(\d+) v\d+ kv(\d+)", r["mid"]).groups()
            out.append("mqa h=%s d=%s kv=%s%s" % (h, d, kv, " ls" if ls else ""))
        else:
            sys.exit("unknown block type " + kind)
    print("act=%s " % act + " ".join(out))


if __name__ == "__main__":
    main()
