#!/usr/bin/env python3
"""Markdown table of torch_reference.py --compare results (JSON lines written with --out):
one row per model and seed: test AUC of both, their difference, epochs (best) of both, the largest per-epoch
validation-AUC difference over the first 10 epochs and over all epochs both ran, the first epoch differing by more
than the tolerance used.

    python3 lib-ctr/benchmarks/compare_table.py lib-ctr/benchmarks/results/issue16-*.jsonl
"""
import json
import os
import sys


def main(paths):
    print("| task (file) | model | monitor | PyTorch test AUC | lib-ctr test AUC | diff | epochs (best) PyTorch / lib-ctr "
          "| max per-epoch diff, epochs 1-10 | max per-epoch diff, all common epochs | first epoch > tolerance |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for p in paths:
        for line in open(p, encoding="utf-8"):
            d = json.loads(line)
            for r in d["rows"]:
                j = r.get("libctr")
                if j is None:
                    continue
                t = [e["valid_auc"] for e in r["per_epoch"]]
                lc = [e["valid_auc"] for e in j["per_epoch"]]
                n = min(len(t), len(lc))
                print(f"| {d['dataset']} ({os.path.basename(p)}) | {r['model']} | {d['trainer'].get('monitor', 'auc')} "
                      f"| {r['test_auc']:.4f} | {j['test_auc']:.4f} | {j['test_auc'] - r['test_auc']:+.4f} "
                      f"| {r['epochs']} ({r['best_epoch']}) / {j['epochs']} ({j['best_epoch']}) "
                      f"| {max(abs(a - b) for a, b in zip(t[:10], lc[:10])):.4f} "
                      f"| {max(abs(a - b) for a, b in zip(t[:n], lc[:n])):.4f} "
                      f"| {r.get('first_divergence') or 'none'} |")


if __name__ == "__main__":
    main(sys.argv[1:])
