#!/usr/bin/env python3
"""PyTorch reference for the lib-ctr MovieLens CTR benchmark (issue 6).

Same task, features, models, initialisation, optimiser and BARS protocol as lib-ctr, written independently in
PyTorch so that test AUC and single-thread speed can be compared. Uses Debian's python3-torch (never a project
dependency):

    apt-get install -y python3-torch
    /usr/bin/python3 lib-ctr/benchmarks/torch_reference.py --data-dir ../shared/data/movielens-latest-small \
        --models lr,fm,deepfm,dcnv2 --threads 1 [--json]

Task: one row per rating, label = rating >= 4; fields user, movie, genres (bag, mean pooled), year (last "(YYYY)"
of the title), hour and ISO weekday of the UTC timestamp; split bucket = ((userId * 2654435761 + movieId) mod 2^32)
mod 10: 0-7 train, 8 valid, 9 test. Vocabularies from train only (min count 1); unseen values map to the field's
OOV id 0. Models: LR, FM, DeepFM (FM + MLP), DCNv2 (parallel: full-rank cross net and MLP, concatenated, one
linear output). Embedding 10, MLP 400-400-400 ReLU, batch 4096, Adam (lr 1e-2 LR, 1e-3 others), embeddings
N(0, 1e-4), Linear weights Xavier normal, biases 0. BARS: validation AUC each epoch; a miss (no gain > 1e-6)
multiplies lr by 0.1 (floor 1e-6); 2 consecutive misses stop; best epoch restored; test AUC/logloss reported.
"""
import argparse
import csv
import datetime
import json
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn

YEAR = re.compile(r"\((\d{4})\)$")


def bucket(u, m):
    return ((u * 2654435761 + m) % (1 << 32)) % 10


def load_task(d):
    movies = {}
    with open(os.path.join(d, "movies.csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for mid, title, genres in r:
            y = YEAR.search(title.strip())
            movies[int(mid)] = (y.group(1) if y else "", genres.split("|") if genres else [])
    splits = ([], [], [])
    with open(os.path.join(d, "ratings.csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for u, m, rating, ts in r:
            u, m, ts = int(u), int(m), int(ts)
            t = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
            year, genres = movies[m]
            b = bucket(u, m)
            s = 0 if b <= 7 else 1 if b == 8 else 2
            splits[s].append((1.0 if float(rating) >= 4.0 else 0.0, str(u), str(m), genres, year, str(t.hour),
                              str(t.isoweekday())))
    return splits


class Encoder:
    """Field vocabularies fitted on train; field f owns ids [start_f, start_f + 1 + |vocab_f|), id start_f = OOV."""

    def __init__(self, train):
        self.vocab = []
        cols = [1, 2, 3, 4, 5, 6]
        self.starts = []
        start = 0
        for c in cols:
            counts = {}
            for row in train:
                vals = row[c] if c == 3 else [row[c]]
                for v in vals:
                    counts[v] = counts.get(v, 0) + 1
            order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            self.vocab.append({v: i + 1 for i, (v, _) in enumerate(order)})
            self.starts.append(start)
            start += len(order) + 1
        self.num_features = start

    def encode(self, rows):
        n = len(rows)
        single = np.zeros((n, 5), dtype=np.int64)  # user, movie, year, hour, weekday
        gmax = max(max(1, len(r[3])) for r in rows)
        gid = np.zeros((n, gmax), dtype=np.int64)
        gw = np.zeros((n, gmax), dtype=np.float32)
        y = np.zeros(n, dtype=np.float32)
        sc = [(1, 0), (2, 1), (4, 3), (5, 4), (6, 5)]
        for i, r in enumerate(rows):
            y[i] = r[0]
            for j, (c, f) in enumerate(sc):
                single[i, j] = self.starts[f] + self.vocab[f].get(r[c], 0)
            g = r[3]
            if not g:
                gid[i, 0] = self.starts[2]
                gw[i, 0] = 1.0
            for k, v in enumerate(g):
                gid[i, k] = self.starts[2] + self.vocab[2].get(v, 0)
                gw[i, k] = 1.0 / len(g)
        return torch.from_numpy(single), torch.from_numpy(gid), torch.from_numpy(gw), torch.from_numpy(y)


class CtrNet(nn.Module):
    def __init__(self, kind, num_features, num_fields=6, d=10, hidden=(400, 400, 400), cross_layers=3):
        super().__init__()
        self.kind = kind
        self.d = d
        self.linear = kind in ("lr", "fm", "deepfm", "wide_deep")
        self.fm = kind in ("fm", "deepfm")
        self.embeddings = kind != "lr"
        dim = num_fields * d
        if self.linear:
            self.lr_w = nn.Embedding(num_features, 1)
            nn.init.normal_(self.lr_w.weight, std=1e-4)
            self.bias = nn.Parameter(torch.zeros(1))
        if self.embeddings:
            self.emb = nn.Embedding(num_features, d)
            nn.init.normal_(self.emb.weight, std=1e-4)
        self.mlp = None
        if kind in ("deepfm", "dcnv2", "wide_deep"):
            layers = []
            w = dim
            for h in hidden:
                layers += [nn.Linear(w, h), nn.ReLU()]
                w = h
            if kind != "dcnv2":
                layers.append(nn.Linear(w, 1))
            self.mlp = nn.Sequential(*layers)
            self.hdim = w
        if kind == "dcnv2":
            self.cross = nn.ModuleList([nn.Linear(dim, dim) for _ in range(cross_layers)])
            self.head = nn.Linear(dim + self.hdim, 1)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_normal_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, single, gid, gw):
        logit = torch.zeros(single.shape[0])
        if self.linear:
            lw = self.lr_w(single).squeeze(-1)  # (B, 5)
            lg = (self.lr_w(gid).squeeze(-1) * gw).sum(1)
            logit = logit + self.bias + lw.sum(1) + lg
        if not self.embeddings:
            return logit
        e = self.emb(single)  # (B, 5, d): user, movie, year, hour, weekday
        g = (self.emb(gid) * gw.unsqueeze(-1)).sum(1, keepdim=True)  # (B, 1, d)
        fields = torch.cat([e[:, :2], g, e[:, 2:]], dim=1)  # user, movie, genres, year, hour, weekday
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
    s = scores[order]
    y = labels[order]
    area = pos = neg = 0.0
    i = 0
    n = len(s)
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
    """Mean AUC over users whose test rows hold both classes (uniform weighting)."""
    by = {}
    for i, u in enumerate(users):
        by.setdefault(u, []).append(i)
    vals = []
    for idx in by.values():
        y = labels[idx]
        if 0 < y.sum() < len(idx):
            vals.append(auc(scores[idx], y))
    return float(np.mean(vals)), len(vals)


def logloss(p, y, eps=1e-7):
    p = np.clip(p.astype(np.float64), eps, 1 - eps)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())


def predict(model, data, chunk=8192):
    single, gid, gw, _ = data
    out = []
    with torch.no_grad():
        for i in range(0, single.shape[0], chunk):
            out.append(torch.sigmoid(model(single[i:i + chunk], gid[i:i + chunk], gw[i:i + chunk])))
    return torch.cat(out).numpy()


def train(kind, enc, tr, va, te, seed, max_epochs, users, batch=4096):
    torch.manual_seed(seed)
    model = CtrNet(kind, enc.num_features)
    lr = 1e-2 if kind == "lr" else 1e-3
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    lossf = nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(seed)
    n = tr[0].shape[0]
    best, best_ll, best_epoch, misses = -1.0, None, 0, 0
    best_state = {k: v.clone() for k, v in model.state_dict().items()}
    train_time = 0.0
    epochs = []
    t_all = time.perf_counter()
    for epoch in range(1, max_epochs + 1):
        perm = torch.randperm(n, generator=gen)
        t0 = time.perf_counter()
        model.train()
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = lossf(model(tr[0][idx], tr[1][idx], tr[2][idx]), tr[3][idx])
            loss.backward()
            opt.step()
        train_time += time.perf_counter() - t0
        model.eval()
        pv = predict(model, va)
        a = auc(pv, va[3].numpy())
        ll = logloss(pv, va[3].numpy())
        epochs.append(round(a, 4))
        if a < best + 1e-6:
            misses += 1
            for g in opt.param_groups:
                g["lr"] = max(1e-6, g["lr"] * 0.1)
        else:
            misses, best, best_ll, best_epoch = 0, a, ll, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        if misses >= 2:
            break
    model.load_state_dict(best_state)
    pt = predict(model, te)
    uauc, ugroups = user_auc(pt, te[3].numpy(), users)
    return {"model": kind, "seed": seed, "test_auc": auc(pt, te[3].numpy()), "test_logloss": logloss(pt, te[3].numpy()),
            "test_user_auc": uauc, "test_user_auc_groups": ugroups,
            "valid_auc": best, "valid_logloss": best_ll, "best_epoch": best_epoch, "epochs": len(epochs),
            "samples_per_s": n * len(epochs) / train_time, "train_s": time.perf_counter() - t_all,
            "valid_auc_per_epoch": epochs}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--models", default="lr,fm,deepfm,dcnv2")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seeds", default="2019")
    ap.add_argument("--max-epochs", type=int, default=100)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    d = a.data_dir
    if os.path.isdir(os.path.join(d, "movielens-latest-small")):
        d = os.path.join(d, "movielens-latest-small")
    tr_rows, va_rows, te_rows = load_task(d)
    enc = Encoder(tr_rows)
    tr, va, te = enc.encode(tr_rows), enc.encode(va_rows), enc.encode(te_rows)
    print(f"movielens ctr task: train {len(tr_rows)}, valid {len(va_rows)}, test {len(te_rows)} rows, "
          f"{enc.num_features} features, torch {torch.__version__}, threads {torch.get_num_threads()}", flush=True)
    users = np.array([int(r[1]) for r in te_rows])
    rows = []
    for kind in a.models.split(","):
        for seed in [int(s) for s in a.seeds.split(",")]:
            r = train(kind, enc, tr, va, te, seed, a.max_epochs, users)
            rows.append(r)
            print(f"{kind:9s} seed {seed}: test AUC {r['test_auc']:.4f}  logloss {r['test_logloss']:.4f}  "
                  f"user AUC {r['test_user_auc']:.4f}  "
                  f"samples/s {r['samples_per_s']:,.0f}  train {r['train_s']:.1f} s  epochs {r['epochs']} "
                  f"(best {r['best_epoch']})  valid AUC {r['valid_auc_per_epoch']}", flush=True)
    if a.json:
        print(json.dumps({"dataset": "movielens-latest-small-ctr", "impl": "pytorch", "torch": torch.__version__,
                          "threads": a.threads, "rows": rows}))


if __name__ == "__main__":
    sys.exit(main())
