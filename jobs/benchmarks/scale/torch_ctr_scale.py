#!/usr/bin/python3
"""PyTorch reference for the CTR cost-growth benchmark (issue 13): trains FM / DeepFM for one epoch on the very ids that
`ctr bench` trained lib-ctr on, exported by the bench with `--set export_encoded=DIR` (EncodedExport: per split
<split>.ids.i32, int32 rows x fields, and <split>.labels.f32; meta.json), read through numpy memory maps in mini-batches
(never as Python objects). Models: CtrNet of lib-ctr/benchmarks/torch_reference.py (the definitions and initialisation
of the fidelity runs), with sparse embedding gradients: nn.Embedding(sparse=True) + torch.optim.SparseAdam on the
embedding tables and LR weights, torch.optim.Adam on the dense layers (same lr, betas 0.9/0.999, eps 1e-8). BARS with
max_epochs 1: one epoch, validation AUC, test AUC of that epoch's model.

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-serial OMP_NUM_THREADS=1 /usr/bin/python3 \
      jobs/benchmarks/scale/torch_ctr_scale.py --export DIR --models fm,deepfm --threads 1 --json

Prints one JSON object per model to stderr as it ends and {"engine": "pytorch", "rows": [...]} as the last stdout
line: samples_per_s (training rows / seconds in training steps, the batch reads from the memory map included, as
lib-ctr's figure includes its gathers), valid/test AUC and log loss, peak RSS of the process (ru_maxrss: the touched
pages of the memory-mapped ids count), the RSS before the model was built, and the model's bytes.
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "lib-ctr", "benchmarks"))
import torch_reference as ref  # noqa: E402


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def load_export(folder):
    with open(os.path.join(folder, "meta.json")) as f:
        meta = json.load(f)
    if meta.get("format") != "sweeplake-encoded-v1":
        raise SystemExit(f"{folder}/meta.json: expected format sweeplake-encoded-v1, got {meta.get('format')!r}")
    nf = meta["num_fields"]
    splits = {}
    for name in ("train", "valid", "test"):
        rows = meta["rows"][name]
        ids_path = os.path.join(folder, name + ".ids.i32")
        expect = rows * nf * 4
        if os.path.getsize(ids_path) != expect:
            raise SystemExit(f"{ids_path}: expected {expect} bytes ({rows} rows x {nf} fields x 4), "
                             f"got {os.path.getsize(ids_path)}")
        ids = np.memmap(ids_path, dtype="<i4", mode="r", shape=(rows, nf))
        labels = np.memmap(os.path.join(folder, name + ".labels.f32"), dtype="<f4", mode="r", shape=(rows,))
        splits[name] = (ids, labels)
    return meta, splits


def batch_tensors(ids, rows):
    b = torch.from_numpy(np.asarray(ids[rows], dtype=np.int64))
    return b, torch.ones(b.shape, dtype=torch.float32)


def predict(model, ids, slices, chunk=65536):
    out = []
    with torch.no_grad():
        for i in range(0, ids.shape[0], chunk):
            b, w = batch_tensors(ids, slice(i, min(ids.shape[0], i + chunk)))
            out.append(torch.sigmoid(model(b, w, slices)).numpy())
    return np.concatenate(out)


def train_one(kind, meta, splits, p, seed):
    torch.manual_seed(seed)
    nf, n_feat = meta["num_fields"], meta["num_features"]
    slices = [(f, f + 1) for f in range(nf)]
    rss0 = current_rss_bytes()
    model = ref.CtrNet(kind, n_feat, nf, p, sparse=True)
    sparse_params = [t for name, t in model.named_parameters() if name.startswith(("lr_w", "emb"))]
    dense_params = [t for name, t in model.named_parameters() if not name.startswith(("lr_w", "emb"))]
    opts = [torch.optim.SparseAdam(sparse_params, lr=p["learning_rate"])]
    if dense_params:
        opts.append(torch.optim.Adam(dense_params, lr=p["learning_rate"]))
    model_bytes = sum(t.numel() * 4 for t in model.parameters())
    lossf = nn.BCEWithLogitsLoss()
    ids, labels = splits["train"]
    n, batch = ids.shape[0], p["batch_size"]
    gen = torch.Generator().manual_seed(seed)
    t_all = time.perf_counter()
    perm = torch.randperm(n, generator=gen).numpy()
    model.train()
    t0 = time.perf_counter()
    loss_sum = 0.0
    for i in range(0, n, batch):
        rows = np.sort(perm[i:i + batch])  # sorted: sequential reads of the memory map; the batch is the same set
        b, w = batch_tensors(ids, rows)
        y = torch.from_numpy(np.asarray(labels[rows], dtype=np.float32))
        for o in opts:
            o.zero_grad()
        loss = lossf(model(b, w, slices), y)
        loss.backward()
        for o in opts:
            o.step()
        loss_sum += float(loss) * len(rows)
    train_s = time.perf_counter() - t0
    model.eval()
    vi, vl = splits["valid"]
    pv = predict(model, vi, slices)
    yv = np.asarray(vl, dtype=np.float32)
    ti, tl = splits["test"]
    pt = predict(model, ti, slices)
    yt = np.asarray(tl, dtype=np.float32)
    return {"engine": "pytorch", "model": kind, "seed": seed, "rows": n, "num_features": n_feat,
            "params": {k: p[k] for k in ("embedding_dim", "hidden_units", "batch_size", "learning_rate")},
            "train_logloss": loss_sum / n, "valid_auc": ref.auc(pv, yv), "valid_logloss": ref.logloss(pv, yv),
            "test_auc": ref.auc(pt, yt), "test_logloss": ref.logloss(pt, yt),
            "samples_per_s": n / train_s, "train_step_s": train_s, "train_s": time.perf_counter() - t_all,
            "model_bytes": model_bytes, "rss_before_model_bytes": rss0, "peak_rss_bytes": peak_rss_bytes()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--export", required=True, help="folder written by ctr bench --set export_encoded=DIR")
    ap.add_argument("--models", default="fm,deepfm")
    ap.add_argument("--batch-size", type=int, default=4096)
    ap.add_argument("--learning-rate", type=float, default=1e-3)
    ap.add_argument("--embedding-dim", type=int, default=10)
    ap.add_argument("--hidden-units", default="400,400,400")
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    meta, splits = load_export(a.export)
    out = []
    for kind in a.models.split(","):
        if kind not in ("fm", "deepfm"):
            raise SystemExit(f"--models: expected fm or deepfm, got {kind!r}")
        p = ref.model_params(kind, {"batch_size": a.batch_size, "learning_rate": a.learning_rate,
                                    "embedding_dim": a.embedding_dim,
                                    "hidden_units": [int(h) for h in a.hidden_units.split(",")]})
        r = train_one(kind, meta, splits, p, a.seed)
        print(json.dumps(r), file=sys.stderr, flush=True)
        out.append(r)
    res = {"engine": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(), "export": a.export,
           "num_fields": meta["num_fields"], "num_features": meta["num_features"], "rows": out}
    if a.json:
        print(json.dumps(res))
    else:
        for r in out:
            print(f"{r['model']}: {r['samples_per_s']:.0f} samples/s, test AUC {r['test_auc']:.4f}, "
                  f"peak RSS {r['peak_rss_bytes'] / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
