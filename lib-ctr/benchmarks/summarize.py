#!/usr/bin/env python3
"""Median test AUC / logloss / samples per second per model and implementation from run_bench.sh JSON lines.

    python3 lib-ctr/benchmarks/summarize.py lib-ctr/benchmarks/results/*.jsonl
"""
import json
import os
import statistics
import sys
from collections import defaultdict


def impl_of(path):
    name = os.path.basename(path)
    return name.split("-2")[0]  # java-<stamp>, java-native-<stamp>, torch-<stamp>


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
        for impl in ("java", "java-native", "torch"):
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


if __name__ == "__main__":
    main(sys.argv[1:])
