#!/usr/bin/env bash
# CTR cost-growth benchmark (issue 13): lib-ctr FM and DeepFM (one epoch, one thread, inside `ctr bench` on local[2])
# and MLlib LogisticRegression (the bench's baseline, across local[2]) against a PyTorch reference (sparse embeddings +
# SparseAdam, one thread) on the same encoded rows, for N training rows of the seeded Criteo-shaped set.
#   jobs/benchmarks/scale/ctr_growth.sh [--sizes 1000000,3000000,10000000] [--dir /tmp/sweeplake-scale]
#       [--steps gen,bench,torch] [--json]
# Per size N: `data gen` writes DIR/criteo-N (conf/data/criteo-shaped.yaml with ctr.train_rows=N; the generator is
# seeded per row, so the sets are nested: training row i is the same in every size, and the 100k validation and test
# rows are the same in all), `ctr bench` (conf/scale/ctr-criteo-shaped.yaml) trains and exports the encoded splits
# (export_encoded=DIR/criteo-N/encoded), torch_ctr_scale.py trains on that export, and summarize_ctr.py prints one
# JSON object (per size samples/s, AUC against the set's bayes_auc_test, peak heap against encoded data + model,
# growth exponents). Outputs and logs go to target/scale/ (ignored). Steps whose output exists are skipped when
# --steps leaves them out, so a long campaign can be split into several locked commands, e.g.
#   flock /work/wt/bench.lock jobs/benchmarks/scale/ctr_growth.sh --sizes 3000000 --steps gen
#   flock /work/wt/bench.lock jobs/benchmarks/scale/ctr_growth.sh --sizes 3000000 --steps bench,torch --json
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
SIZES=1000000,3000000,10000000
DIR=/tmp/sweeplake-scale
STEPS=gen,bench,torch
JSON=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    --json) JSON=1; shift ;;
    *) echo "unknown option $1 (expected --sizes, --dir, --steps, --json)" >&2; exit 2 ;;
  esac
done
for s in $(echo "$STEPS" | tr ',' ' '); do
  case "$s" in gen|bench|torch) ;; *) echo "--steps: expected gen, bench, torch, got '$s'" >&2; exit 2 ;; esac
done
for N in $(echo "$SIZES" | tr ',' ' '); do
  [[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "--sizes: expected positive integers, got '$N'" >&2; exit 2; }
done
step() { [[ ",$STEPS," == *",$1,"* ]]; }
OUT="$ROOT/target/scale"
mkdir -p "$OUT" "$DIR"
SL="$ROOT/bin/sweeplake"
export SWEEPLAKE_JAVA_OPTS="${SWEEPLAKE_JAVA_OPTS:--Dspark.master=local[2]}"
export SWEEPLAKE_DRIVER_MEMORY="${SWEEPLAKE_DRIVER_MEMORY:-8g}"
SPECS=()
for N in $(echo "$SIZES" | tr ',' ' '); do
  DATA="$DIR/criteo-$N"
  if step gen && [[ ! -f "$DATA/_GENERATED.json" ]]; then
    echo "data gen N=$N ... ($(cat /proc/loadavg))" >&2
    "$SL" data gen --config "$ROOT/conf/data/criteo-shaped.yaml" --set output="$DATA" --set ctr.train_rows="$N" \
      --warehouse "$OUT/warehouse" --json > "$OUT/gen-ctr-$N.json" 2> "$OUT/gen-ctr-$N.log"
  fi
  if step bench; then
    echo "ctr bench N=$N ... ($(cat /proc/loadavg))" >&2
    "$SL" ctr bench --config "$ROOT/conf/scale/ctr-criteo-shaped.yaml" --data-dir "$DATA" \
      --set splits_dir="$DIR/ctr-splits" --set export_encoded="$DATA/encoded" \
      --warehouse "$OUT/warehouse" --json > "$OUT/ctr-$N.json" 2> "$OUT/ctr-$N.log"
  fi
  if step torch; then
    echo "pytorch N=$N ... ($(cat /proc/loadavg))" >&2
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-serial OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
      /usr/bin/python3 "$ROOT/jobs/benchmarks/scale/torch_ctr_scale.py" --export "$DATA/encoded" \
      --models fm,deepfm --threads 1 --json > "$OUT/torch-$N.json" 2> "$OUT/torch-$N.log"
  fi
  echo "done N=$N ($(cat /proc/loadavg))" >&2
  if [[ -f "$OUT/ctr-$N.json" && -f "$OUT/torch-$N.json" ]]; then
    SPECS+=("$N=$DATA/_GENERATED.json:$OUT/ctr-$N.json:$OUT/torch-$N.json")
  fi
done
if [[ ${#SPECS[@]} -gt 0 ]]; then
  if [[ $JSON == 1 ]]; then
    /usr/bin/python3 "$ROOT/jobs/benchmarks/scale/summarize_ctr.py" "${SPECS[@]}"
  else
    /usr/bin/python3 "$ROOT/jobs/benchmarks/scale/summarize_ctr.py" "${SPECS[@]}" > "$OUT/ctr-summary.json"
  fi
fi
