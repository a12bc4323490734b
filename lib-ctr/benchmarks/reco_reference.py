#!/usr/bin/env python3
"""Independent NumPy reference for `sweeplake reco bench` (issue 12).

Reads the split files the bench wrote (train.tsv, valid.tsv, test.tsv in a folder under <warehouse>/reco_splits/,
format: header `user\titem\trating\ttimestamp`, one row per interaction), fits popularity, ItemKNN and EASE with the
same definitions as lib-ctr's dev.sweeplake.ctr.reco, and computes the same metrics with its own code:

  protocol  fit on train -> score valid; fit on train + valid -> score test; catalogue = items with a row in the
            fitted split; each user's top k over the catalogue with the user's fitted items removed; order: score
            descending, then item id ascending; users of the scored split without a fitted row are excluded (cold).
  P@k = hits/k; R@k = hits/|R|; nDCG@k = sum_i hit_i/log2(i+1) / sum_{i<=min(|R|,k)} 1/log2(i+1);
  graded nDCG: gain 2^rating - 1; AP = sum_i hit_i * hits_upto_i / i; MAP = AP/|R|; MAP@k = AP/min(|R|, k);
  HR@k = [hits > 0]; MRR = 1/rank of the first hit in the top k (0 if none); coverage = distinct recommended / items.

Models (binary X = users x items of the fitted split):
  popularity  score_j = number of users of j
  itemknn     c = X'X; cosine sim_ij = c_ij / (sqrt(c_ii c_jj) + shrink), jaccard c_ij / (c_ii + c_jj - c_ij + shrink);
              sim_jj = 0; N(j) = the `neighbours` largest sim(j, .) (0 = all; ties: lower index); score = X W,
              W_ij = sim_ij if i in N(j) else 0
  ease        G = X'X + lambda I; P = G^-1; B_ij = -P_ij / P_jj, B_jj = 0; score = X B

Usage:
  python3 lib-ctr/benchmarks/reco_reference.py SPLIT_FOLDER [--k 10] [--ease 100,250,500,1000]
         [--itemknn cosine:0:0,...] [--json OUT.json]
Prints one line per (model, params) with validation and test metrics; the EASE lambda picked on validation nDCG@k is
marked. Needs only NumPy.
"""
import argparse
import json
import math
import sys
import time

import numpy as np


def read_split(path):
    users, items, ratings = [], [], []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n")
        if header != "user\titem\trating\ttimestamp":
            sys.exit(f"{path}:1: unexpected header {header!r}")
        for no, line in enumerate(f, start=2):
            c = line.rstrip("\n").split("\t")
            if len(c) != 4:
                sys.exit(f"{path}:{no}: expected 4 columns, got {len(c)}")
            users.append(int(c[0]))
            items.append(int(c[1]))
            ratings.append(float(c[2]) if c[2] else 1.0)
    return np.array(users, dtype=np.int64), np.array(items, dtype=np.int64), np.array(ratings)


class Fitted:
    """The binary matrix of a fitted split: ids sorted ascending, dense X."""

    def __init__(self, users, items):
        self.user_ids = np.unique(users)
        self.item_ids = np.unique(items)
        self.uidx = {u: i for i, u in enumerate(self.user_ids)}
        ui = np.searchsorted(self.user_ids, users)
        ii = np.searchsorted(self.item_ids, items)
        self.x = np.zeros((len(self.user_ids), len(self.item_ids)))
        self.x[ui, ii] = 1.0


def popularity(f):
    counts = f.x.sum(axis=0)
    return lambda rows: np.tile(counts, (len(rows), 1))


def itemknn(f, similarity, neighbours, shrink):
    c = f.x.T @ f.x
    pop = np.diag(c).copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        if similarity == "cosine":
            s = c / (np.sqrt(np.outer(pop, pop)) + shrink)
        else:
            s = c / (pop[:, None] + pop[None, :] - c + shrink)
    s[c == 0] = 0.0
    np.fill_diagonal(s, 0.0)
    s = s.astype(np.float32).astype(np.float64)  # lib-ctr keeps similarities in float
    n = s.shape[0]
    if 0 < neighbours < n - 1:
        for j in range(n):
            row = s[j]
            order = np.argsort(-row, kind="stable")
            drop = order[neighbours:]
            row[drop] = 0.0
    w = s.T  # w[i, j] = sim(j, i) kept for target j
    return lambda rows: f.x[rows] @ w


def ease(f, lam):
    g = f.x.T @ f.x
    g[np.diag_indices_from(g)] += lam
    p = np.linalg.inv(g)
    b = -p / np.diag(p)[None, :]
    np.fill_diagonal(b, 0.0)
    return lambda rows: f.x[rows] @ b


def evaluate(f, scorer, users, items, ratings, k):
    truth = {}
    for u, i, r in zip(users, items, ratings):
        truth.setdefault(int(u), {})[int(i)] = float(r)
    known = [u for u in sorted(truth) if u in f.uidx]
    cold = len(truth) - len(known)
    disc = 1.0 / np.log2(np.arange(2, k + 2))
    sums = dict(precision=0.0, recall=0.0, ndcg=0.0, ndcg_graded=0.0, map=0.0, map_at_k=0.0, hit_rate=0.0, mrr=0.0)
    recommended = set()
    for start in range(0, len(known), 256):
        batch = known[start:start + 256]
        rows = np.array([f.uidx[u] for u in batch])
        scores = scorer(rows)
        scores[f.x[rows] > 0] = -np.inf
        for q, u in enumerate(batch):
            order = np.argsort(-scores[q], kind="stable")[:k]
            top = [int(f.item_ids[j]) for j in order if np.isfinite(scores[q, j])]
            rel = truth[u]
            recommended.update(top)
            hits = 0
            dcg = dcg_g = ap = rr = 0.0
            for pos, item in enumerate(top):
                if item in rel:
                    hits += 1
                    dcg += disc[pos]
                    dcg_g += (2.0 ** rel[item] - 1) * disc[pos]
                    ap += hits / (pos + 1)
                    if rr == 0:
                        rr = 1.0 / (pos + 1)
            r = len(rel)
            idcg = disc[:min(r, k)].sum()
            gains = sorted((2.0 ** g - 1 for g in rel.values()), reverse=True)[:k]
            idcg_g = sum(g * d for g, d in zip(gains, disc))
            sums["precision"] += hits / k
            sums["recall"] += hits / r
            sums["ndcg"] += dcg / idcg
            sums["ndcg_graded"] += dcg_g / idcg_g if idcg_g > 0 else 0.0
            sums["map"] += ap / r
            sums["map_at_k"] += ap / min(r, k)
            sums["hit_rate"] += 1.0 if hits else 0.0
            sums["mrr"] += rr
    n = len(known)
    out = {name: v / n for name, v in sums.items()}
    out["coverage"] = len(recommended) / len(f.item_ids)
    out["users"] = n
    out["cold_users"] = cold
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--ease", default="100,250,500,1000", help="EASE lambdas, comma-separated ('' = none)")
    ap.add_argument("--itemknn", default="cosine:0:0",
                    help="ItemKNN points similarity:neighbours:shrink, comma-separated ('' = none)")
    ap.add_argument("--no-popularity", action="store_true")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--compare", help="a file whose last line is `reco bench --json` output on the same split folder: "
                    "prints |bench - reference| per matching row and exits 1 when one exceeds --tolerance")
    ap.add_argument("--tolerance", type=float, default=0.002)
    ap.add_argument("--results", help="with --compare: the --json file of an earlier run on the same folder and "
                    "points, compared instead of refitting")
    a = ap.parse_args()
    if a.results:
        if not a.compare:
            ap.error("--results needs --compare")
        with open(a.results, encoding="utf-8") as f:
            saved = json.load(f)
        if saved["k"] != a.k:
            ap.error(f"--results was computed with k {saved['k']}, not {a.k}")
        sys.exit(compare(a.compare, saved["results"], a.k, a.tolerance))
    train = read_split(f"{a.folder}/train.tsv")
    valid = read_split(f"{a.folder}/valid.tsv")
    test = read_split(f"{a.folder}/test.tsv")
    full = tuple(np.concatenate([t, v]) for t, v in zip(train, valid))
    f_train = Fitted(train[0], train[1])
    f_full = Fitted(full[0], full[1])
    points = []
    if not a.no_popularity:
        points.append(("popularity", {}, popularity))
    for spec in filter(None, a.itemknn.split(",")):
        sim, nb, sh = spec.split(":")
        points.append(("itemknn", {"similarity": sim, "neighbours": int(nb), "shrink": float(sh)},
                       lambda f, s=sim, n=int(nb), h=float(sh): itemknn(f, s, n, h)))
    for lam in filter(None, a.ease.split(",")):
        points.append(("ease", {"lambda": float(lam)}, lambda f, l=float(lam): ease(f, l)))
    results = []
    for model, params, fit in points:
        t0 = time.time()
        v = evaluate(f_train, fit(f_train), *valid, a.k) if len(valid[0]) else None
        t = evaluate(f_full, fit(f_full), *test, a.k)
        results.append({"model": model, "params": params, "valid": v, "test": t, "seconds": time.time() - t0})
    picks = {}
    for r in results:
        if r["valid"] is not None and (r["model"] not in picks
                                       or r["valid"]["ndcg"] > picks[r["model"]]["valid"]["ndcg"]):
            picks[r["model"]] = r
    for r in results:
        mark = " <- picked on validation" if picks.get(r["model"]) is r else ""
        v = r["valid"]["ndcg"] if r["valid"] else float("nan")
        t = r["test"]
        print(f"{r['model']:10s} {json.dumps(r['params']):48s} valid nDCG@{a.k} {v:.4f}  test nDCG {t['ndcg']:.4f} "
              f"P {t['precision']:.4f} R {t['recall']:.4f} MAP {t['map']:.4f} MAP@k {t['map_at_k']:.4f} "
              f"graded {t['ndcg_graded']:.4f} HR {t['hit_rate']:.4f} MRR {t['mrr']:.4f} cov {t['coverage']:.4f} "
              f"({r['seconds']:.1f} s){mark}")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as out:
            json.dump({"folder": a.folder, "k": a.k, "results": results}, out, indent=1)
    if a.compare:
        sys.exit(compare(a.compare, results, a.k, a.tolerance))


def same_params(model, bench, ref):
    keys = {"popularity": [], "itemknn": ["similarity", "neighbours", "shrink"], "ease": ["lambda"]}[model]
    return all(bench.get(key) == ref.get(key) for key in keys)


def compare(path, results, k, tolerance):
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip().startswith("{")]
    bench = json.loads(lines[-1])
    names = {f"ndcg_at_{k}": "ndcg", f"recall_at_{k}": "recall", f"precision_at_{k}": "precision", "map": "map",
             f"map_at_{k}": "map_at_k"}
    worst = 0.0
    matched = 0
    for row in bench["rows"]:
        for r in results:
            if r["model"] == row["model"] and same_params(r["model"], row["params"], r["params"]):
                diffs = {b: abs(row[b] - r["test"][n]) for b, n in names.items()}
                worst = max(worst, max(diffs.values()))
                matched += 1
                print(f"compare {row['model']:10s} {json.dumps(row['params']):48s} "
                      + " ".join(f"{b} {row[b]:.4f}/{r['test'][names[b]]:.4f}" for b in names)
                      + f"  max |diff| {max(diffs.values()):.5f}")
    print(f"compared {matched} rows: max |bench - reference| = {worst:.5f} (tolerance {tolerance})")
    return 0 if matched and worst <= tolerance else 1


if __name__ == "__main__":
    main()
