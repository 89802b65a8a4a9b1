#!/usr/bin/env python3
"""Checks mnv4-run --profile-json against mnv4-compile --stats-json of the same
model: one entry per block with the same name, kind and MACs in the same
order, RUNS runs on one thread, min_us <= median_us, GFLOP/s and shares that
follow from the medians, a total that is their sum, and the engine's name.
With MIN_COVERAGE, the blocks must cover at least that share of a run's
wall time (median over runs) and no block may run faster than 2000 GFLOP/s (a
probe in the wrong place times nothing). Coverage is per run (the blocks'
times of a run over its wall time), so a busy machine does not skew it.

usage: profile_json.py STATS.json PROFILE.json RUNS [ENGINE [MIN_COVERAGE]]
"""
import json
import math
import sys


def main():
    stats = json.load(open(sys.argv[1]))
    prof = json.load(open(sys.argv[2]))
    runs = int(sys.argv[3])
    engine = sys.argv[4] if len(sys.argv) > 4 else "reference"
    assert prof["runs"] == runs and prof["threads"] == 1, prof
    assert prof["engine"] == engine, prof["engine"]
    assert prof["probes"] == (engine == "compiled"), prof["probes"]
    assert 0 < prof["coverage"] <= 1, prof["coverage"]
    blocks, expected = prof["blocks"], stats["blocks"]
    assert len(blocks) == len(expected), (len(blocks), len(expected))
    total = sum(b["median_us"] for b in blocks)
    assert math.isclose(prof["total_median_us"], total, rel_tol=1e-9)
    for i, (b, s) in enumerate(zip(blocks, expected)):
        assert b["name"] == s.get("name", "#%d" % i), (b, s)
        assert (b["kind"], b["macs"]) == (s["kind"], s["macs"]), (b, s)
        assert 0 < b["min_us"] <= b["median_us"], b
        assert math.isclose(b["gflops"], 2 * b["macs"] / b["median_us"] / 1e3,
                            rel_tol=1e-9), b
        assert math.isclose(b["share"], b["median_us"] / total,
                            rel_tol=1e-9), b
    assert math.isclose(sum(b["share"] for b in blocks), 1.0, rel_tol=1e-9)
    if len(sys.argv) > 5:
        least = float(sys.argv[5])
        assert prof["coverage"] >= least, prof["coverage"]
        assert all(b["gflops"] < 2000 for b in blocks), blocks
        print("ok: blocks cover at least %.0f%% of a run" % (100 * least))
    print("ok: %d blocks" % len(blocks))


if __name__ == "__main__":
    main()
