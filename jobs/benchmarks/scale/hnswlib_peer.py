#!/usr/bin/python3
"""hnswlib peer of the ANN cost-growth benchmark: one hnswlib index (M 16, ef_construction 100) per size over the first N
rows of the same fvecs file, built with --threads threads, searched with one thread at several ef values; exact ground
truth with NumPy (blocked), cached per size with --truth-cache. Prints one JSON object (the last line) with a row per (size, ef)."""
import argparse
import json
import os
import resource
import sys
import tempfile
import time

import numpy as np
import hnswlib


def read_fvecs(path, rows=None):
    raw = np.fromfile(path, dtype=np.int32)
    dim = int(raw[0])
    mat = raw.reshape(-1, dim + 1)
    if not np.all(mat[:, 0] == dim):
        sys.exit(f"{path}: every record must start with dimension {dim}")
    if rows is not None:
        mat = mat[:rows]
    return np.ascontiguousarray(mat[:, 1:]).view(np.float32)


def exact_knn(base, queries, k, block=100):
    norms = np.einsum("ij,ij->i", base, base)
    out = np.empty((len(queries), k), dtype=np.int64)
    for s in range(0, len(queries), block):
        q = queries[s:s + block]
        d = norms[None, :] - 2.0 * (q @ base.T)
        idx = np.argpartition(d, k, axis=1)[:, :k]
        order = np.take_along_axis(d, idx, axis=1).argsort(axis=1)
        out[s:s + block] = np.take_along_axis(idx, order, axis=1)
    return out


def recall(found, truth):
    hits = 0
    for f, t in zip(found, truth):
        hits += len(set(f.tolist()) & set(t.tolist()))
    return hits / truth.size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--sizes", default="100000,300000,1000000")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--efs", default="10,12,15,20,25,30,40,60,80,120,200")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=100)
    ap.add_argument("--truth-cache", default="",
                    help="folder for the exact ground truth (.npy per size, keyed by the files' sizes and mtimes)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    queries = read_fvecs(args.queries)
    full = read_fvecs(args.base, max(sizes))
    rows = []
    for n in sizes:
        base = full[:n]
        t0 = time.time()
        truth = None
        cache = None
        if args.truth_cache:
            key = "-".join(str(int(v)) for v in (os.path.getsize(args.base), os.path.getmtime(args.base),
                                                  os.path.getsize(args.queries), os.path.getmtime(args.queries)))
            os.makedirs(args.truth_cache, exist_ok=True)
            cache = os.path.join(args.truth_cache, f"truth-n{n}-k{args.k}-{key}.npy")
            if os.path.exists(cache):
                truth = np.load(cache)
        if truth is None:
            truth = exact_knn(base, queries, args.k)
            if cache:
                np.save(cache, truth)
        gt_s = time.time() - t0
        index = hnswlib.Index(space="l2", dim=base.shape[1])
        index.init_index(max_elements=n, ef_construction=args.ef_construction, M=args.m, random_seed=42)
        index.set_num_threads(args.threads)
        t0 = time.time()
        index.add_items(base, np.arange(n))
        build_s = time.time() - t0
        with tempfile.NamedTemporaryFile(suffix=".hnsw") as f:
            index.save_index(f.name)
            index_bytes = os.path.getsize(f.name)
        index.set_num_threads(1)
        for ef in [int(e) for e in args.efs.split(",")]:
            index.set_ef(ef)
            best = None
            for _ in range(2):  # best of two passes: the machine is shared
                t0 = time.time()
                labels, _ = index.knn_query(queries, k=args.k)
                dt = time.time() - t0
                best = dt if best is None else min(best, dt)
            rows.append({"engine": "hnswlib", "n": n, "ef": ef, "build_s": build_s, "build_threads": args.threads,
                         "recall_at_10": recall(labels, truth), "qps_1t": len(queries) / best,
                         "bytes": index_bytes, "bytes_per_vector": index_bytes / n, "ground_truth_s": gt_s,
                         "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        del index
    print(json.dumps({"engine": "hnswlib", "version": getattr(hnswlib, "__version__", "0.6.2"), "rows": rows}))


if __name__ == "__main__":
    main()
