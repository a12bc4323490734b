"""Task loading and feature encoding for the PyTorch reference, written to match lib-ctr's readers and
FeatureProcessor exactly (same ids, weights and OOV handling), so that both implementations train on identical inputs.

Sources: the MovieLens CTR task (ratings.csv + movies.csv of ml-latest-small), any CSV task of a `ctr bench` config
(`kind: csv`: header row, columns matched by name, label 0/1, numeric empty = missing, multi-categorical cells split on
`multi_separator`) and Parquet (`kind: parquet`, only when pyarrow is importable; Debian has no package for it).

Encoder (lib-ctr `FeatureProcessor`): per field, in schema order, an id range [start_f, start_f + size_f).
- categorical / multi-categorical, vocabulary: values with count >= min_count on the training split, most frequent
  first, ties by value; local id = rank + 1; 0 = OOV (unseen or rare). Hashing (hash_buckets > 0): Java's
  String.hashCode * 0x9E3779B9, h ^= h >>> 16, floorMod buckets.
- multi-categorical: one (id, weight) per value, weight 1/n (mean) or 1 (sum); an empty bag is the OOV id, weight 1.
- numeric, normalize: one id, weight (x - mean) / std (population std of the non-missing training values, 1 if 0);
  missing = mean under nan_policy impute, an error under fail. Bucketize: cuts x_sorted[q * n / B] for q = 1..B-1
  (strictly increasing ones kept), id 1 + bisect_right(cuts, x), 0 = missing.
"""
import csv
import datetime
import math
import os
import re
import struct

import numpy as np

YEAR = re.compile(r"\((\d{4})\)$")


class Table:
    """Raw rows of one split: labels (list of float) and one column per field (str, list of str, or float)."""

    def __init__(self, fields, labels, columns):
        self.fields = fields  # [(name, type)]
        self.labels = labels
        self.columns = columns

    def __len__(self):
        return len(self.labels)


def _bucket(u, m):
    return ((u * 2654435761 + m) % (1 << 32)) % 10


MOVIELENS_FIELDS = [("user", "categorical"), ("movie", "categorical"), ("genres", "multi_categorical"),
                    ("year", "categorical"), ("hour", "categorical"), ("weekday", "categorical")]


def load_movielens(d):
    movies = {}
    with open(os.path.join(d, "movies.csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for mid, title, genres in r:
            y = YEAR.search(title.strip())
            movies[int(mid)] = (y.group(1) if y else "", genres.split("|") if genres else [])
    labels = ([], [], [])
    cols = tuple([[] for _ in MOVIELENS_FIELDS] for _ in range(3))
    with open(os.path.join(d, "ratings.csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for u, m, rating, ts in r:
            u, m, ts = int(u), int(m), int(ts)
            t = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
            year, genres = movies[m]
            b = _bucket(u, m)
            s = 0 if b <= 7 else 1 if b == 8 else 2
            labels[s].append(1.0 if float(rating) >= 4.0 else 0.0)
            for c, v in zip(cols[s], (str(u), str(m), genres, year, str(t.hour), str(t.isoweekday()))):
                c.append(v)
    return [Table(MOVIELENS_FIELDS, labels[i], cols[i]) for i in range(3)]


def load_csv(path, label, fields, delimiter=",", multi_separator="|"):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f, delimiter=delimiter)
        header = [h.strip() for h in next(r)]
        pos = {h: i for i, h in enumerate(header)}
        for name in [label] + [n for n, _ in fields]:
            if name not in pos:
                raise ValueError(f"{path}: column '{name}' is missing from the header {header}")
        labels = []
        cols = [[] for _ in fields]
        for line, row in enumerate(r, start=2):
            if not row:
                continue
            y = float(row[pos[label]])
            if y not in (0.0, 1.0):
                raise ValueError(f"{path}:{line}: label must be 0 or 1, got {row[pos[label]]}")
            labels.append(y)
            for c, (name, typ) in zip(cols, fields):
                cell = row[pos[name]]
                if typ == "numeric":
                    c.append(float(cell) if cell.strip() else math.nan)
                elif typ == "multi_categorical":
                    c.append(cell.split(multi_separator) if cell else [])
                else:
                    c.append(cell)
    return Table(fields, labels, cols)


def load_parquet(path, label, fields, multi_separator="|"):
    try:
        import pyarrow.parquet as pq
    except ImportError as e:
        raise SystemExit(f"kind: parquet needs pyarrow (pip install pyarrow; Debian has no package), or convert the "
                         f"splits to CSV: {e}")
    t = pq.read_table(path).to_pydict()
    labels = [1.0 if (v is True or v == 1) else 0.0 for v in t[label]]
    cols = []
    for name, typ in fields:
        v = t[name]
        if typ == "numeric":
            cols.append([math.nan if x is None else float(x) for x in v])
        elif typ == "multi_categorical":
            cols.append([[str(y) for y in x] if isinstance(x, list) else (str(x).split(multi_separator) if x else [])
                         for x in v])
        else:
            cols.append([str(x) for x in v])
    return Table(fields, labels, cols)


def java_string_hash(s):
    b = s.encode("utf-16-be")
    h = 0
    for unit in struct.unpack(f">{len(b) // 2}H", b):
        h = (31 * h + unit) & 0xFFFFFFFF
    return h


def _java_hash_bucket(s, buckets):
    h = (java_string_hash(s) * 0x9E3779B9) & 0xFFFFFFFF
    h ^= h >> 16
    if h >= 1 << 31:
        h -= 1 << 32
    return h % buckets  # Python % is floorMod for a positive divisor


class Encoder:
    """lib-ctr's FeatureProcessor, fitted on the training split."""

    def __init__(self, train, min_count=1, hash_buckets=0, pooling="mean", numeric="normalize", num_buckets=10,
                 nan_policy="fail"):
        self.fields = train.fields
        self.hash_buckets, self.pooling, self.numeric, self.nan_policy = hash_buckets, pooling, numeric, nan_policy
        self.vocab, self.mean, self.std, self.cuts, self.starts, self.sizes = [], [], [], [], [], []
        start = 0
        for (name, typ), col in zip(train.fields, train.columns):
            vocab, mean, std, cuts = None, 0.0, 1.0, []
            if typ == "numeric":
                x = [v for v in col if not math.isnan(v)]
                if len(x) < len(col) and nan_policy == "fail":
                    raise ValueError(f"numeric field '{name}' is NaN (nan_policy fail)")
                if numeric == "normalize":
                    mean = sum(x) / len(x) if x else 0.0
                    sd = math.sqrt(sum((v - mean) ** 2 for v in x) / len(x)) if x else 0.0
                    std = sd if sd > 0 else 1.0
                    size = 1
                else:
                    xs = sorted(x)
                    for q in range(1, num_buckets):
                        if not xs:
                            break
                        c = xs[min(len(xs) - 1, q * len(xs) // num_buckets)]
                        if not cuts or c > cuts[-1]:
                            cuts.append(c)
                    size = len(cuts) + 2
            elif hash_buckets > 0:
                size = hash_buckets
            else:
                counts = {}
                for v in col:
                    for s in (v if typ == "multi_categorical" else [v]):
                        counts[s] = counts.get(s, 0) + 1
                order = sorted(((v, c) for v, c in counts.items() if c >= min_count),
                               key=lambda kv: (-kv[1], kv[0].encode("utf-16-be")))
                vocab = {v: i + 1 for i, (v, _) in enumerate(order)}
                size = len(order) + 1
            self.vocab.append(vocab)
            self.mean.append(mean)
            self.std.append(std)
            self.cuts.append(cuts)
            self.starts.append(start)
            self.sizes.append(size)
            start += size
        self.num_features = start

    def _local(self, f, v):
        if self.hash_buckets > 0:
            return _java_hash_bucket(v, self.hash_buckets)
        return self.vocab[f].get(v, 0)

    def encode(self, table):
        """Per field: (ids int64 (n, L_f), weights float32 (n, L_f)); L_f = 1 except multi-categorical (padded with
        weight 0). Plus the labels (float32)."""
        import bisect
        n = len(table)
        out = []
        pos = {name: i for i, (name, _) in enumerate(table.fields)}
        for f, (name, typ) in enumerate(self.fields):
            col = table.columns[pos[name]]
            s = self.starts[f]
            if typ == "multi_categorical":
                width = max(1, max((len(b) for b in col), default=1))
                ids = np.full((n, width), s, dtype=np.int64)
                w = np.zeros((n, width), dtype=np.float32)
                for r, bag in enumerate(col):
                    if not bag:
                        w[r, 0] = 1.0
                        continue
                    wt = np.float32(1.0 / len(bag)) if self.pooling == "mean" else np.float32(1.0)
                    for k, v in enumerate(bag):
                        ids[r, k] = s + self._local(f, v)
                        w[r, k] = wt
            elif typ == "numeric":
                ids = np.full((n, 1), s, dtype=np.int64)
                w = np.ones((n, 1), dtype=np.float32)
                for r, x in enumerate(col):
                    if math.isnan(x) and self.nan_policy == "fail":
                        raise ValueError(f"numeric field '{name}' is NaN at row {r} (nan_policy fail)")
                    if self.numeric == "normalize":
                        x = self.mean[f] if math.isnan(x) else x
                        w[r, 0] = np.float32((x - self.mean[f]) / self.std[f])
                    elif not math.isnan(x):
                        ids[r, 0] = s + 1 + bisect.bisect_right(self.cuts[f], x)
            else:
                ids = np.array([[s + self._local(f, v)] for v in col], dtype=np.int64).reshape(n, 1)
                w = np.ones((n, 1), dtype=np.float32)
            out.append((ids, w))
        return out, np.asarray(table.labels, dtype=np.float32)
