#!/usr/bin/python3
"""Summary of the CTR cost-growth benchmark (jobs/benchmarks/scale/ctr_growth.sh): per size N the generated set's
_GENERATED.json, `ctr bench --json` and torch_ctr_scale.py --json, given as N=GEN:BENCH:TORCH. Prints one JSON object
on stdout: per size and model lib-ctr and PyTorch samples/s (one thread each), test AUC, the per-core ratio and AUC
difference, MLlib LR's AUC and time, the set's best achievable AUC (bayes_auc_test), lib-ctr's JVM-wide peak heap and
PyTorch's peak RSS against (encoded data + model) bytes, and growth exponents (least-squares slope of log(cost) on
log(N)) of training time and peak memory (JVM-wide and per trial: trial_heap_bytes / trial_heap_ratio, the trial's own
live heap at its training's steady state, see the README's "lib-ctr at scale"). Encoded data = (train + valid + test rows) x (fields + 1) x 4 bytes (int32
ids, float32 label), as lib-ctr holds it; model = lib-ctr's trainable scalars x 4 bytes (training also holds a
gradient buffer and two Adam moments of the same size: `train_state_bytes` = 4 x model).

Per model, next to that JVM-wide figure, the trial's own live heap when the bench reports it (lib-ctr rows'
`trial_heap_bytes`: heap after a full GC at the trial's steady state minus the heap before it read its data, see
README "lib-ctr at scale (data side)"): `libctr.trial_heap_bytes`, `libctr.encoded_bytes` and `libctr.model_bytes`
(exact array sizes, headers included) and `trial_heap_ratio` = trial heap / (encoded + model); per size the largest
of the models' ratios as `trial_heap_ratio`. Absent (null) for benches that predate those keys."""
import json
import math
import sys


def slope(xs, ys):
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x and x > 0 and y and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    if den == 0:
        return None
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den


def last_json(path):
    with open(path) as f:
        lines = [line for line in f.read().splitlines() if line.strip().startswith("{")]
    if not lines:
        raise SystemExit(f"{path}: no JSON line")
    return json.loads(lines[-1])


def ratio(a, b):
    return a / b if a is not None and b else None


def size_entry(n, gen, bench, torch):
    rows = gen["rows"]
    total_rows = rows["train"] + rows["valid"] + rows["test"]
    ours = {r["model"]: r for r in bench["rows"]}
    peer = {r["model"]: r for r in torch["rows"]}
    e = {"n": n, "bayes_auc_test": gen.get("bayes_auc_test"), "positive_rate": gen.get("positive_rate"),
         "gen_s": gen.get("seconds"), "run_id": bench.get("run_id"), "models": {}}
    for kind in ("fm", "deepfm"):
        o, p = ours.get(kind), peer.get(kind)
        if o is None:
            continue
        m = {"libctr": {k: o.get(k) for k in ("samples_per_s", "test_auc", "test_logloss", "train_s", "read_s",
                                                "peak_heap_bytes", "num_features", "num_parameters", "lazy_adam", "dense_kernel",
                                                "trial_heap_bytes", "encoded_bytes", "model_bytes",
                                                "optimizer_bytes", "gradient_bytes")}}
        m["trial_heap_ratio"] = o.get("trial_heap_ratio")
        model_bytes = (o.get("num_parameters") or 0) * 4
        m["model_bytes"] = model_bytes
        m["train_state_bytes"] = 4 * model_bytes
        if p is not None:
            m["pytorch"] = {k: p.get(k) for k in ("samples_per_s", "test_auc", "test_logloss", "train_step_s",
                                                   "peak_rss_bytes", "rss_before_model_bytes", "model_bytes",
                                                   "num_features")}
            m["per_core_ratio"] = ratio(o["samples_per_s"], p["samples_per_s"])
            m["auc_diff"] = o["test_auc"] - p["test_auc"]
            if p.get("num_features") != o.get("num_features"):
                m["warning"] = "lib-ctr and PyTorch saw different vocabularies"
        e["models"][kind] = m
    nf = torch["num_fields"]
    e["encoded_bytes"] = total_rows * (nf + 1) * 4
    heaps = [m["libctr"]["peak_heap_bytes"] for m in e["models"].values() if m["libctr"].get("peak_heap_bytes")]
    if heaps:
        model = max(m["model_bytes"] for m in e["models"].values())
        state = max(m["train_state_bytes"] for m in e["models"].values())
        e["peak_heap_bytes"] = max(heaps)
        e["heap_ratio_data_model"] = max(heaps) / (e["encoded_bytes"] + model)
        e["heap_ratio_data_train_state"] = max(heaps) / (e["encoded_bytes"] + state)
    trial = [m["trial_heap_ratio"] for m in e["models"].values() if m.get("trial_heap_ratio") is not None]
    e["trial_heap_ratio"] = max(trial) if trial else None
    own = [m["libctr"]["trial_heap_bytes"] for m in e["models"].values() if m["libctr"].get("trial_heap_bytes")]
    e["trial_heap_bytes"] = max(own) if own else None
    rss = [m["pytorch"]["peak_rss_bytes"] for m in e["models"].values() if "pytorch" in m]
    if rss:
        e["pytorch_peak_rss_bytes"] = max(rss)
    lr = ours.get("mllib-lr")
    if lr is not None:
        e["mllib_lr"] = {k: lr.get(k) for k in ("test_auc", "train_s", "samples_per_s")}
    return e


def summarize(entries):
    sizes = [e["n"] for e in entries]
    out = {"sizes": sizes, "per_size": entries, "exponents": {}}
    for kind in ("fm", "deepfm"):
        have = [e for e in entries if kind in e["models"]]
        ns = [e["n"] for e in have]
        lib_t = [e["n"] / e["models"][kind]["libctr"]["samples_per_s"] for e in have]
        pt_t = [e["n"] / e["models"][kind]["pytorch"]["samples_per_s"] if "pytorch" in e["models"][kind] else None
                for e in have]
        out["exponents"][kind] = {"libctr_train_time": slope(ns, lib_t), "pytorch_train_time": slope(ns, pt_t)}
    out["exponents"]["peak_heap"] = slope(sizes, [e.get("peak_heap_bytes") for e in entries])
    out["exponents"]["trial_heap"] = slope(sizes, [e.get("trial_heap_bytes") for e in entries])
    out["exponents"]["pytorch_peak_rss"] = slope(sizes, [e.get("pytorch_peak_rss_bytes") for e in entries])
    out["exponents"]["mllib_lr_time"] = slope(sizes, [e.get("mllib_lr", {}).get("train_s") for e in entries])
    return out


def main(argv):
    if not argv:
        raise SystemExit("usage: summarize_ctr.py N=GENERATED.json:BENCH.json:TORCH.json ...")
    entries = []
    for spec in argv:
        n, _, paths = spec.partition("=")
        parts = paths.split(":")
        if not n.isdigit() or len(parts) != 3:
            raise SystemExit(f"expected N=GENERATED.json:BENCH.json:TORCH.json, got {spec!r}")
        with open(parts[0]) as f:
            gen = json.load(f)
        entries.append(size_entry(int(n), gen, last_json(parts[1]), last_json(parts[2])))
    entries.sort(key=lambda e: e["n"])
    print(json.dumps(summarize(entries)))


if __name__ == "__main__":
    main(sys.argv[1:])
