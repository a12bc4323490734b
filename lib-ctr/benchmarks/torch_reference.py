#!/usr/bin/env python3
"""PyTorch reference for lib-ctr (issues 6 and 16): the same task, encoder, models, initialisation, optimiser and
BARS protocol, written independently in PyTorch, so that per-epoch validation AUC, test AUC and single-thread speed can
be compared. Uses Debian's python3-torch (never a project dependency): apt-get install -y python3-torch; its Linear
layers call the system BLAS, Debian's reference BLAS by default (~2 GFLOP/s: DeepFM/DCNv2 crawl), so run it with
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-serial (apt-get install libopenblas0-serial; this makes OpenBLAS the
system-wide libblas.so.3 alternative: `update-alternatives --set libblas.so.3-x86_64-linux-gnu
/usr/lib/x86_64-linux-gnu/blas/libblas.so.3` (and liblapack) restores the previous one)

    # any task `ctr bench` can read (kind movielens, csv; parquet with pyarrow), settings of the config file:
    /usr/bin/python3 lib-ctr/benchmarks/torch_reference.py --config conf/ctr/movielens.yaml --compare [--json]
    # the MovieLens CTR task with the reference settings (as before):
    /usr/bin/python3 lib-ctr/benchmarks/torch_reference.py --data-dir ../shared/data --models lr,fm --threads 1

--compare also runs lib-ctr (dev.sweeplake.ctr.bench.CtrMicroBench, same options) and prints both per-epoch
validation AUC curves side by side, marking the first epoch where they differ by more than --tolerance (0.01).
Needs a compiled lib-ctr (mvn -B -o -pl lib-ctr compile; LIBCTR_CLASSES=DIR uses other class files); the
dependency classpath is built once into lib-ctr/target/runtime.cp.

Models: LR, FM, DeepFM (FM + MLP), Wide&Deep, DCNv2 (parallel: full-rank cross net and MLP, concatenated, one linear
output). Defaults: embedding 10, MLP 400-400-400 ReLU (inverted dropout after each hidden layer), batch 4096, Adam
(lr 1e-2 LR, 1e-3 others), L2 as Adam weight decay (l2_embedding on embeddings and LR weights, l2_weights on dense
weight matrices, none on biases), embeddings N(0, 1e-4), Linear weights Xavier normal, biases 0. BARS: validation AUC
each epoch, monitored as AUC - logloss (trainer.monitor: auc-logloss, the default; FuxiCTR's {AUC: 1, logloss: -1})
or AUC alone (auc); a miss (no gain > 1e-6) multiplies lr by lr_decay (floor 1e-6); `patience` consecutive misses stop; the
best epoch is restored; test AUC/logloss reported.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctr_task  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = os.path.dirname(HERE)


class CtrNet(nn.Module):
    def __init__(self, kind, num_features, num_fields, p, sparse=False):
        """sparse: embedding tables (and LR weights) with sparse gradients, for torch.optim.SparseAdam (issue 13)."""
        super().__init__()
        self.kind = kind
        d = p["embedding_dim"]
        self.linear = kind in ("lr", "fm", "deepfm", "wide_deep")
        self.fm = kind in ("fm", "deepfm")
        self.embeddings = kind != "lr"
        dim = num_fields * d
        if self.linear:
            self.lr_w = nn.Embedding(num_features, 1, sparse=sparse)
            nn.init.normal_(self.lr_w.weight, std=1e-4)
            self.bias = nn.Parameter(torch.zeros(1))
        if self.embeddings:
            self.emb = nn.Embedding(num_features, d, sparse=sparse)
            nn.init.normal_(self.emb.weight, std=1e-4)
        self.mlp = None
        if kind in ("deepfm", "dcnv2", "wide_deep"):
            layers, w = [], dim
            for h in p["hidden_units"]:
                layers += [nn.Linear(w, h), nn.ReLU()]
                if p["dropout"] > 0:
                    layers.append(nn.Dropout(p["dropout"]))
                w = h
            if kind != "dcnv2":
                layers.append(nn.Linear(w, 1))
            self.mlp = nn.Sequential(*layers)
            self.hdim = w
        if kind == "dcnv2":
            self.cross = nn.ModuleList([nn.Linear(dim, dim) for _ in range(p["cross_layers"])])
            self.head = nn.Linear(dim + self.hdim, 1)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_normal_(m.weight)
                nn.init.zeros_(m.bias)

    def param_groups(self, p):
        emb, dense, none = [], [], []
        for name, t in self.named_parameters():
            if name.startswith(("lr_w", "emb")):
                emb.append(t)
            elif name.endswith("weight"):
                dense.append(t)
            else:
                none.append(t)
        return [{"params": emb, "weight_decay": p["l2_embedding"]},
                {"params": dense, "weight_decay": p["l2_weights"]}, {"params": none, "weight_decay": 0.0}]

    def forward(self, ids, w, slices):
        """ids, w: (B, L) over all fields' (id, weight) slots; slices: per field (a, b) into L."""
        logit = torch.zeros(ids.shape[0])
        if self.linear:
            logit = logit + self.bias + (self.lr_w(ids).squeeze(-1) * w).sum(1)
        if not self.embeddings:
            return logit
        e = self.emb(ids) * w.unsqueeze(-1)  # (B, L, d)
        if len(slices) == ids.shape[1]:
            fields = e  # one slot per field: the per-field sums are the slots themselves (same values)
        else:
            fields = torch.stack([e[:, a:b].sum(1) for a, b in slices], dim=1)  # (B, F, d)
        if self.fm:
            s = fields.sum(1)
            logit = logit + 0.5 * (s * s - (fields * fields).sum(1)).sum(1)
        x0 = fields.flatten(1)
        if self.kind in ("deepfm", "wide_deep"):
            logit = logit + self.mlp(x0).squeeze(-1)
        elif self.kind == "dcnv2":
            x = x0
            for lin in self.cross:
                x = x0 * lin(x) + x
            logit = logit + self.head(torch.cat([x, self.mlp(x0)], dim=1)).squeeze(-1)
        return logit


def auc(scores, labels):
    """Exact tie-aware AUC (mid-ranks)."""
    order = np.argsort(scores, kind="mergesort")
    s, y = scores[order], labels[order]
    area = pos = neg = 0.0
    i, n = 0, len(s)
    while i < n:
        j = i
        while j < n and s[j] == s[i]:
            j += 1
        gp = y[i:j].sum()
        gn = (j - i) - gp
        area += gp * (neg + 0.5 * gn)
        pos += gp
        neg += gn
        i = j
    return area / (pos * neg)


def user_auc(scores, labels, users):
    """Mean AUC over users whose rows hold both classes (uniform weighting)."""
    by = {}
    for i, u in enumerate(users):
        by.setdefault(u, []).append(i)
    vals = [auc(scores[idx], labels[idx]) for idx in by.values() if 0 < labels[idx].sum() < len(idx)]
    return float(np.mean(vals)), len(vals)


def logloss(p, y, eps=1e-7):
    p = np.clip(p.astype(np.float64), eps, 1 - eps)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())


def to_tensors(encoded):
    fields, y = encoded
    ids = torch.from_numpy(np.concatenate([i for i, _ in fields], axis=1))
    w = torch.from_numpy(np.concatenate([x for _, x in fields], axis=1))
    slices, a = [], 0
    for i, _ in fields:
        slices.append((a, a + i.shape[1]))
        a += i.shape[1]
    return ids, w, torch.from_numpy(y), slices


def predict(model, data, chunk=8192):
    ids, w, _, slices = data
    out = []
    with torch.no_grad():
        for i in range(0, ids.shape[0], chunk):
            out.append(torch.sigmoid(model(ids[i:i + chunk], w[i:i + chunk], slices)))
    return torch.cat(out).numpy()


def train(kind, num_features, num_fields, tr, va, te, seed, p, trainer, users=None):
    torch.manual_seed(seed)
    model = CtrNet(kind, num_features, num_fields, p)
    opt = torch.optim.Adam(model.param_groups(p), lr=p["learning_rate"])
    lossf = nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(seed)
    n, batch = tr[0].shape[0], p["batch_size"]
    best, best_auc, best_ll, best_epoch, misses = -float("inf"), None, None, 0, 0
    best_state = {k: v.clone() for k, v in model.state_dict().items()}
    train_time, epochs, t_all = 0.0, [], time.perf_counter()
    for epoch in range(1, trainer["max_epochs"] + 1):
        perm = torch.randperm(n, generator=gen)
        t0 = time.perf_counter()
        model.train()
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = lossf(model(tr[0][idx], tr[1][idx], tr[3]), tr[2][idx])
            loss.backward()
            opt.step()
        train_time += time.perf_counter() - t0
        model.eval()
        pv = predict(model, va)
        a, ll = auc(pv, va[2].numpy()), logloss(pv, va[2].numpy())
        epochs.append({"epoch": epoch, "valid_auc": a, "valid_logloss": ll, "lr": opt.param_groups[0]["lr"]})
        monitored = a - ll if trainer["monitor"] == "auc-logloss" else a
        if monitored < best + 1e-6:
            misses += 1
            for g in opt.param_groups:
                g["lr"] = max(1e-6, g["lr"] * trainer["lr_decay"])
        else:
            misses, best, best_auc, best_ll, best_epoch = 0, monitored, a, ll, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        if misses >= trainer["patience"]:
            break
    model.load_state_dict(best_state)
    pt = predict(model, te)
    extra = {}
    if users is not None:
        extra["test_user_auc"], extra["test_user_auc_groups"] = user_auc(pt, te[2].numpy(), users)
    return {**extra, "model": kind, "seed": seed, "params": p, "test_auc": auc(pt, te[2].numpy()),
            "test_logloss": logloss(pt, te[2].numpy()), "valid_auc": best_auc, "valid_logloss": best_ll,
            "best_epoch": best_epoch, "epochs": len(epochs), "samples_per_s": n * len(epochs) / train_time,
            "train_s": time.perf_counter() - t_all, "per_epoch": epochs}


DEFAULTS = {"embedding_dim": 10, "hidden_units": [400, 400, 400], "dropout": 0.0, "l2_embedding": 0.0,
            "l2_weights": 0.0, "cross_layers": 3, "batch_size": 4096}


def model_params(kind, overrides):
    p = dict(DEFAULTS, learning_rate=1e-2 if kind == "lr" else 1e-3)
    for k, v in (overrides or {}).items():
        if k not in p:
            raise SystemExit(f"unknown model parameter '{k}' (known: {sorted(p)})")
        p[k] = v
    return p


def load_config(path, data_dir_override):
    import yaml
    with open(path, encoding="utf-8") as f:
        c = yaml.safe_load(f) or {}
    data_dir = data_dir_override or c.get("data_dir", "../shared/data")
    ds = c.get("dataset", {}) or {}
    kind = ds.get("kind", "movielens")
    feats = c.get("features", {}) or {}
    task = {"kind": kind, "label": ds.get("label", "label"), "delimiter": ds.get("delimiter", ","),
            "multi_separator": ds.get("multi_separator", "|"),
            "fields": [(f["name"], f["type"]) for f in ds.get("fields", [])],
            "features": {"min_count": feats.get("min_count", 1), "hash_buckets": feats.get("hash_buckets", 0),
                         "pooling": feats.get("pooling", "mean"), "numeric": feats.get("numeric", "normalize"),
                         "num_buckets": feats.get("num_buckets", 10), "nan_policy": feats.get("nan_policy", "fail")}}
    if kind == "movielens":
        task["dir"] = resolve(data_dir, ds.get("dir", "movielens-latest-small"))
    elif kind in ("csv", "parquet"):
        task["paths"] = [resolve(data_dir, ds[s]) for s in ("train", "valid", "test")]
    else:
        raise SystemExit(f"dataset.kind '{kind}' is not supported by the reference (movielens, csv, parquet); for "
                         f"lib-ctr's synthetic tasks write CSV splits first (CtrMicroBench --write-standin DIR)")
    tr = c.get("trainer", {}) or {}
    trainer = {"max_epochs": tr.get("max_epochs", 100), "patience": tr.get("patience", 2),
               "lr_decay": tr.get("lr_decay", 0.1), "monitor": tr.get("monitor", "auc-logloss")}
    models = []
    for m in c.get("models", []) or []:
        if m.get("grid"):
            raise SystemExit(f"model {m['model']}: grids are not expanded by the reference; list one entry per point")
        models.append((m["model"], m.get("params") or {}, [int(s) for s in m.get("seeds", [2019])]))
    return task, trainer, models


def resolve(base, p):
    return p if os.path.isabs(p) else os.path.join(base, p)


def load_task(task):
    if task["kind"] == "movielens":
        return ctr_task.load_movielens(task["dir"])
    if task["kind"] == "csv":
        return [ctr_task.load_csv(p, task["label"], task["fields"], task["delimiter"], task["multi_separator"])
                for p in task["paths"]]
    return [ctr_task.load_parquet(p, task["label"], task["fields"], task["multi_separator"]) for p in task["paths"]]


def java_args(task, trainer, kind, p, seeds, threads, csv_paths):
    """CtrMicroBench options for the same task and settings."""
    a = ["--models", kind, "--seeds", ",".join(map(str, seeds)), "--threads", str(threads),
         "--max-epochs", str(trainer["max_epochs"]), "--patience", str(trainer["patience"]),
         "--lr-decay", str(trainer["lr_decay"]), "--monitor", trainer["monitor"]]
    if task["kind"] == "movielens":
        a += ["--data-dir", task["dir"]]
    else:
        a += ["--csv", ",".join(csv_paths), "--label", task["label"], "--delimiter", task["delimiter"],
              "--multi-separator", task["multi_separator"],
              "--fields", ",".join(f"{n}:{t}" for n, t in task["fields"])]
    f = task["features"]
    a += ["--min-count", str(f["min_count"]), "--hash-buckets", str(f["hash_buckets"]), "--pooling", f["pooling"],
          "--numeric", f["numeric"], "--num-buckets", str(f["num_buckets"]), "--nan-policy", f["nan_policy"]]
    for k, v in p.items():
        a += ["--" + k.replace("_", "-"), ",".join(map(str, v)) if isinstance(v, list) else str(v)]
    return a


def run_java(args):
    cp_file = os.path.join(MODULE, "target", "runtime.cp")
    if not os.path.exists(cp_file) or os.path.getsize(cp_file) == 0:
        subprocess.run(["mvn", "-B", "-o", "-q", "-pl", "lib-ctr", "dependency:build-classpath",
                        f"-Dmdep.outputFile={cp_file}"], cwd=os.path.dirname(MODULE), check=True,
                       stdout=subprocess.DEVNULL)
    with open(cp_file) as f:
        cp = os.environ.get("LIBCTR_CLASSES", os.path.join(MODULE, "target", "classes")) + ":" + f.read().strip()
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)  # the OpenBLAS meant for PyTorch would switch lib-ctr's kernel to netlib native
    r = subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-cp", cp,
                        "dev.sweeplake.ctr.bench.CtrMicroBench"] + args + ["--json"], capture_output=True, text=True,
                       env=env)
    if r.returncode != 0:
        raise SystemExit(f"lib-ctr failed (exit {r.returncode}): {' '.join(args)}\n{r.stderr[-4000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])["rows"]


def side_by_side(t, j, tol):
    """Per-epoch table of both curves; returns the first epoch whose AUCs differ by more than tol (or None)."""
    te, je = t["per_epoch"], j["per_epoch"]
    first = None
    print(f"  epoch  torch AUC  lib-ctr AUC    diff   (torch lr / lib-ctr lr)")
    for i in range(max(len(te), len(je))):
        ta = te[i]["valid_auc"] if i < len(te) else None
        ja = je[i]["valid_auc"] if i < len(je) else None
        diff = ja - ta if ta is not None and ja is not None else None
        mark = ""
        if first is None and diff is not None and abs(diff) > tol:
            first, mark = i + 1, "  <- first divergence"
        elif diff is None:
            mark = "  (the other run has stopped)"
        print(f"  {i + 1:5d}  {fmt(ta):>9s}  {fmt(ja):>11s}  {fmt(diff, '+.4f'):>7s}   "
              f"({fmt(te[i]['lr'] if i < len(te) else None, 'g')} / {fmt(je[i]['lr'] if i < len(je) else None, 'g')})"
              f"{mark}")
    print(f"  test AUC torch {t['test_auc']:.4f} (epochs {t['epochs']}, best {t['best_epoch']}), lib-ctr "
          f"{j['test_auc']:.4f} (epochs {j['epochs']}, best {j['best_epoch']}): diff {j['test_auc'] - t['test_auc']:+.4f}"
          f"; max |diff| over the first 10 epochs {max_diff(te, je, 10)}")
    return first


def max_diff(te, je, k):
    n = min(k, len(te), len(je))
    return round(max(abs(te[i]["valid_auc"] - je[i]["valid_auc"]) for i in range(n)), 4) if n else None


def fmt(v, spec=".4f"):
    return "-" if v is None else format(v, spec)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", help="a ctr bench config (conf/ctr/*.yaml): dataset, features, trainer, models")
    ap.add_argument("--data-dir", help="MovieLens folder (without --config), or the config's data_dir")
    ap.add_argument("--models", help="comma-separated model kinds (default: the config's, or lr,fm,deepfm,dcnv2)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seeds", help="override every model's seeds, e.g. 2019,2020")
    ap.add_argument("--max-epochs", type=int)
    ap.add_argument("--monitor", choices=["auc-logloss", "auc"], help="override the config's trainer.monitor")
    ap.add_argument("--compare", action="store_true", help="also run lib-ctr and print the curves side by side")
    ap.add_argument("--tolerance", type=float, default=0.01)
    ap.add_argument("--out", help="append the JSON summary line to this file")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.config:
        task, trainer, models = load_config(a.config, a.data_dir)
    elif a.data_dir:
        d = a.data_dir
        if os.path.isdir(os.path.join(d, "movielens-latest-small")):
            d = os.path.join(d, "movielens-latest-small")
        task = {"kind": "movielens", "dir": d, "features": load_config_features_default()}
        trainer = {"max_epochs": 100, "patience": 2, "lr_decay": 0.1, "monitor": "auc-logloss"}
        models = []
    else:
        raise SystemExit("--config FILE or --data-dir DIR is required")
    if a.models:
        models = [(k, next((p for m, p, _ in models if m == k), {}), [2019]) for k in a.models.split(",")]
    if not models:
        models = [(k, {}, [2019]) for k in ("lr", "fm", "deepfm", "dcnv2")]
    if a.seeds:
        models = [(k, p, [int(s) for s in a.seeds.split(",")]) for k, p, _ in models]
    if a.max_epochs:
        trainer["max_epochs"] = a.max_epochs
    if a.monitor:
        trainer["monitor"] = a.monitor
    splits = load_task(task)
    enc = ctr_task.Encoder(splits[0], **task["features"])
    tr, va, te = (to_tensors(enc.encode(s)) for s in splits)
    name = os.path.basename(a.config) if a.config else "movielens-latest-small-ctr"
    print(f"{name}: train {len(splits[0])}, valid {len(splits[1])}, test {len(splits[2])} rows, "
          f"{len(enc.fields)} fields, {enc.num_features} features, torch {torch.__version__}, "
          f"threads {torch.get_num_threads()}", flush=True)
    users = np.array(splits[2].columns[0]) if task["kind"] == "movielens" else None  # per-user test AUC
    rows, firsts = [], []
    for kind, over, seeds in models:
        p = model_params(kind, over)
        jrows = run_java(java_args(task, trainer, kind, over, seeds, a.threads, task.get("paths"))) if a.compare \
            else [None] * len(seeds)
        for seed, jr in zip(seeds, jrows):
            r = train(kind, enc.num_features, len(enc.fields), tr, va, te, seed, p, trainer, users)
            curve = ",".join(f"{e['valid_auc']:.4f}" for e in r["per_epoch"])
            print(f"{kind:9s} seed {seed}: test AUC {r['test_auc']:.4f}  logloss {r['test_logloss']:.4f}  "
                  f"samples/s {r['samples_per_s']:,.0f}  train {r['train_s']:.1f} s  epochs {r['epochs']} "
                  f"(best {r['best_epoch']})  valid AUC {curve}", flush=True)
            if jr is not None:
                r["libctr"] = {k: jr[k] for k in ("test_auc", "test_logloss", "valid_auc", "best_epoch", "epochs",
                                                  "samples_per_s")}
                r["libctr"]["per_epoch"] = [{"epoch": e["epoch"], "valid_auc": e["valid_auc"], "lr": e["lr"],
                                             "valid_logloss": e["valid_logloss"]} for e in jr["per_epoch"]]
                r["first_divergence"] = side_by_side(r, r["libctr"], a.tolerance)
                r["max_abs_diff_first10"] = max_diff(r["per_epoch"], r["libctr"]["per_epoch"], 10)
                firsts.append((kind, seed, r["first_divergence"]))
            rows.append(r)
    if a.compare:
        for kind, seed, f in firsts:
            print(f"{kind} seed {seed}: " + ("curves agree within the tolerance at every epoch" if f is None else
                                             f"first epoch differing by more than {a.tolerance}: {f}"))
    line = json.dumps({"dataset": name, "impl": "pytorch", "torch": torch.__version__, "threads": a.threads,
                       "trainer": trainer, "rows": rows})
    if a.out:
        with open(a.out, "a", encoding="utf-8") as f:
            f.write(line + "\n")
    if a.json:
        print(line)


def load_config_features_default():
    return {"min_count": 1, "hash_buckets": 0, "pooling": "mean", "numeric": "normalize", "num_buckets": 10,
            "nan_policy": "fail"}


if __name__ == "__main__":
    sys.exit(main())
