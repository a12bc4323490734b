#!/usr/bin/env python3
"""Median test AUC / logloss / samples per second per model and implementation from run_bench.sh JSON lines, and
pairwise speed ratios against PyTorch (run i of an implementation against run i of PyTorch from the same run_bench.sh
call, i.e. the same stamp; median over the pairs).

    python3 lib-ctr/benchmarks/summarize.py lib-ctr/benchmarks/results/*.jsonl
"""
import json
import os
import statistics
import sys
from collections import defaultdict


IMPLS = ("java", "java-vectorblas", "java-native", "torch")


def impl_of(path):
    name = os.path.basename(path)
    return name.split("-2")[0]  # java-<stamp>, java-native-<stamp>, java-vectorblas-<stamp>, torch-<stamp>


def stamp_of(path):
    name = os.path.basename(path)
    return name[len(impl_of(path)) + 1:].rsplit(".", 1)[0]


def main(paths):
    rows = defaultdict(list)
    for p in paths:
        with open(p) as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                for r in json.loads(line)["rows"]:
                    rows[(r["model"], impl_of(p))].append(r)
    models = sorted({m for m, _ in rows}, key=["lr", "fm", "deepfm", "dcnv2", "wide_deep"].index)
    print("| model | impl | runs | test AUC | test logloss | samples/s (median) | epochs | train s |")
    print("|---|---|---|---|---|---|---|---|")
    med = {}
    for m in models:
        for impl in IMPLS:
            rs = rows.get((m, impl))
            if not rs:
                continue
            sps = statistics.median(r["samples_per_s"] for r in rs)
            med[(m, impl)] = (statistics.median(r["test_auc"] for r in rs), sps)
            print(f"| {m} | {impl} | {len(rs)} | {statistics.median(r['test_auc'] for r in rs):.4f} | "
                  f"{statistics.median(r['test_logloss'] for r in rs):.4f} | {sps:,.0f} | "
                  f"{statistics.median(r['epochs'] for r in rs):.0f} | "
                  f"{statistics.median(r['train_s'] for r in rs):.1f} |")
    print()
    print("| model | AUC lib-ctr - PyTorch | speed lib-ctr / PyTorch | speed lib-ctr (native BLAS) / PyTorch |")
    print("|---|---|---|---|")
    for m in models:
        if (m, "java") in med and (m, "torch") in med:
            j, t = med[(m, "java")], med[(m, "torch")]
            nat = med.get((m, "java-native"))
            print(f"| {m} | {j[0] - t[0]:+.4f} | {j[1] / t[1]:.2f}x | "
                  f"{(f'{nat[1] / t[1]:.2f}x' if nat else '-')} |")




def pairwise(paths):
    """Per model and implementation: the pairwise ratios to PyTorch and their median."""
    by_stamp = defaultdict(list)
    for p in paths:
        with open(p) as f:
            for line in f:
                if line.strip():
                    for r in json.loads(line)["rows"]:
                        by_stamp[(r["model"], impl_of(p), stamp_of(p))].append(r["samples_per_s"])
    print()
    print("| model | impl | pairwise ratios to PyTorch (stamp: ratios) | median |")
    print("|---|---|---|---|")
    keys = sorted({(m, i) for m, i, _ in by_stamp if i != "torch"})
    for m, impl in keys:
        ratios = []
        parts = []
        for (mm, ii, st), sps in sorted(by_stamp.items()):
            if mm != m or ii != impl or (m, "torch", st) not in by_stamp:
                continue
            rs = [a / b for a, b in zip(sps, by_stamp[(m, "torch", st)])]
            ratios += rs
            parts.append(st + ": " + ", ".join(f"{x:.2f}" for x in rs))
        if ratios:
            print(f"| {m} | {impl} | {'; '.join(parts)} | {statistics.median(ratios):.2f}x |")


if __name__ == "__main__":
    main(sys.argv[1:])
    pairwise(sys.argv[1:])
