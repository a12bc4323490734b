#!/usr/bin/python3
"""Summary of the ANN cost-growth benchmark: sweeplake `ann bench --json` outputs (one per size) and the hnswlib peer's
JSON, measured in the same script. Growth exponents are least-squares slopes of log(cost) on log(N). Text to stderr, one
JSON object on the last line of stdout."""
import json
import math
import sys


def slope(xs, ys):
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x > 0 and y and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    num = sum((p[0] - mx) * (p[1] - my) for p in pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return num / den


def last_json(path):
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if l.strip().startswith("{")]
    return json.loads(lines[-1])


def load_peer(path):
    """The peer's final JSON, or (a run cut short) its per-row lines (hnswlib_peer.py prints each row to stderr)."""
    with open(path) as f:
        objs = [json.loads(l) for l in f.read().splitlines() if l.strip().startswith("{")]
    for o in reversed(objs):
        if "rows" in o:
            return o
    return {"engine": "hnswlib", "rows": [o for o in objs if o.get("engine") == "hnswlib"]}


def main():
    args = sys.argv[1:]
    dim = int(args[0])
    hnsw = load_peer(args[1])
    ours = {}
    for spec in args[2:]:
        n, path = spec.split("=", 1)
        ours[int(n)] = last_json(path)["rows"]
    sizes = sorted(ours)
    out = {"dimension": dim, "sizes": sizes, "sweeplake": [], "hnswlib": hnsw["rows"], "targets": {}}
    for n in sizes:
        rows = ours[n]
        r0 = rows[0]
        raw = n * dim * 4
        out["sweeplake"].append({
            "n": n, "build_s": r0["build_s"], "bytes": r0["bytes"], "bytes_per_vector": r0["bytes"] / n,
            "peak_heap_bytes": max(r.get("peak_heap_bytes", 0) for r in rows),
            "raw_vector_bytes": raw,
            "task_heap_ratio_max": max(r.get("task_heap_ratio_max", -1) for r in rows),
            "task_heap_bytes_max": max(r.get("task_heap_bytes_max", -1) for r in rows),
            "searches": [{"nprobe": r["nprobe"], "ef": r["params"].get("ef"),
                          "route_ratio": r["params"].get("route_ratio", 0),
                          "shards_per_query": r.get("shards_per_query"), "recall_at_10": r["recall_at_10"],
                          "qps": r["qps"], "qps_per_core": r["qps_per_core"],
                          "lib_qps_1t": r.get("lib_qps_1t")} for r in rows]})
    s = out["sweeplake"]
    h_build = {}
    for r in hnsw["rows"]:
        h_build[r["n"]] = r["build_s"]
    out["exponents"] = {
        "sweeplake_build_s": slope([x["n"] for x in s], [x["build_s"] for x in s]),
        "sweeplake_peak_heap": slope([x["n"] for x in s], [x["peak_heap_bytes"] for x in s]),
        "sweeplake_index_bytes": slope([x["n"] for x in s], [x["bytes"] for x in s]),
        "hnswlib_build_s": slope(sorted(h_build), [h_build[n] for n in sorted(h_build)]),
    }
    big = s[-1]
    n = big["n"]
    t = out["targets"]
    if n in h_build:
        t["build_ratio_vs_hnswlib"] = big["build_s"] / h_build[n]
        good = [x for x in big["searches"] if x["recall_at_10"] >= 0.97]
        if good:
            best = max(good, key=lambda x: x["qps_per_core"])
            peer = [r for r in hnsw["rows"] if r["n"] == n and r["recall_at_10"] >= best["recall_at_10"]]
            if peer:
                p = min(peer, key=lambda r: r["ef"])
                t["search"] = {"sweeplake": best, "hnswlib_ef": p["ef"], "hnswlib_recall": p["recall_at_10"],
                               "hnswlib_qps_1t": p["qps_1t"], "ratio_per_core": best["qps_per_core"] / p["qps_1t"]}
        else:
            t["search"] = {"note": "no sweeplake setting reached recall@10 0.97",
                           "best_recall": max(x["recall_at_10"] for x in big["searches"])}
    t["peak_heap_over_index_bytes"] = big["peak_heap_bytes"] / big["bytes"]
    # Per build task: the largest bound of the heap one task held for its shard over that shard's bytes.
    t["task_heap_over_shard_bytes"] = big["task_heap_ratio_max"]
    t["build_exponent"] = out["exponents"]["sweeplake_build_s"]
    for x in s:
        print(f"N={x['n']:>8}: build {x['build_s']:.1f} s, {x['bytes_per_vector']:.0f} B/vector, peak heap "
              f"{x['peak_heap_bytes'] / 2**20:.0f} MiB", file=sys.stderr)
        print(f"    per build task: heap bound {x['task_heap_bytes_max'] / 2**20:.0f} MiB = "
              f"{x['task_heap_ratio_max']:.3f}x its shard's bytes", file=sys.stderr)
        for q in x["searches"]:
            lib = f", lib-ann alone {q['lib_qps_1t']:.0f} q/s 1 thread" if q.get("lib_qps_1t") else ""
            print(f"    nprobe {q['nprobe']} ef {q['ef']} route_ratio {q['route_ratio']}: "
                  f"{q['shards_per_query']:.2f} shards/query, recall@10 {q['recall_at_10']:.3f}, "
                  f"{q['qps_per_core']:.0f} q/s per core{lib}", file=sys.stderr)
    for r in hnsw["rows"]:
        print(f"hnswlib N={r['n']:>8} ef {r['ef']}: build {r['build_s']:.1f} s ({r['build_threads']} threads), "
              f"recall@10 {r['recall_at_10']:.3f}, {r['qps_1t']:.0f} q/s (1 thread)", file=sys.stderr)
    print("exponents: " + json.dumps(out["exponents"]), file=sys.stderr)
    print("targets: " + json.dumps(t), file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
