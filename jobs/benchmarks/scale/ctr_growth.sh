#!/usr/bin/env bash
# CTR cost-growth benchmark (issue 13): lib-ctr FM and DeepFM (one epoch, one thread, inside `ctr bench` on local[2])
# and MLlib LogisticRegression (the bench's baseline, across local[2]) against a PyTorch reference (sparse embeddings +
# SparseAdam, one thread) on the same encoded rows, for N training rows of the seeded Criteo-shaped set.
#   jobs/benchmarks/scale/ctr_growth.sh [--sizes 1000000,3000000,10000000] [--dir /tmp/sweeplake-scale]
#       [--steps gen,bench,torch] [--blas openblas|jvm] [--json]
# --blas: the dense-layer kernel of lib-ctr's bench step. openblas (the default when Debian's serial OpenBLAS is
# installed, /usr/lib/x86_64-linux-gnu/openblas-serial): the bench runs with that folder on LD_LIBRARY_PATH, as the
# PyTorch step does, so lib-ctr's `auto` kernel (GemmProvider) calls the same single-threaded OpenBLAS sgemm as the
# reference and the ratio compares everything else; jvm: lib-ctr's own Vector API kernel (no native code), output
# ctr-N-jvm.json (DeepFM only, no baseline), kept apart from the main summary. Each lib-ctr row says which kernel ran
# (dense_kernel).
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
OPENBLAS_DIR=/usr/lib/x86_64-linux-gnu/openblas-serial
BLAS=jvm
[[ -f "$OPENBLAS_DIR/libblas.so.3" ]] && BLAS=openblas
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    --json) JSON=1; shift ;;
    --blas) BLAS="$2"; shift 2 ;;
    *) echo "unknown option $1 (expected --sizes, --dir, --steps, --blas, --json)" >&2; exit 2 ;;
  esac
done
for s in $(echo "$STEPS" | tr ',' ' '); do
  case "$s" in gen|bench|torch) ;; *) echo "--steps: expected gen, bench, torch, got '$s'" >&2; exit 2 ;; esac
done
for N in $(echo "$SIZES" | tr ',' ' '); do
  [[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "--sizes: expected positive integers, got '$N'" >&2; exit 2; }
done
case "$BLAS" in
  openblas) [[ -f "$OPENBLAS_DIR/libblas.so.3" ]] || { echo "--blas openblas: $OPENBLAS_DIR/libblas.so.3 not found (apt-get install libopenblas0-serial)" >&2; exit 2; } ;;
  jvm) ;;
  *) echo "--blas: expected openblas or jvm, got '$BLAS'" >&2; exit 2 ;;
esac
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
    # openblas: the reference's serial OpenBLAS on the library path (lib-ctr's auto kernel picks it), all models;
    # jvm: lib-ctr's own Vector API kernel, DeepFM only, kept apart in ctr-N-jvm.json
    ENV=(LD_LIBRARY_PATH="$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
    EXTRA=()
    NAME="ctr-$N"
    if [[ $BLAS == jvm ]]; then
      ENV=(SWEEPLAKE_JAVA_OPTS="$SWEEPLAKE_JAVA_OPTS -Dsweeplake.ctr.gemm=vector")
      EXTRA=(--set 'models=[{model: deepfm, params: {batch_size: 4096, learning_rate: 0.001}}]' --set 'baselines=[]')
      NAME="ctr-$N-jvm"
    fi
    echo "ctr bench N=$N (dense kernel: $BLAS) ... ($(cat /proc/loadavg))" >&2
    env "${ENV[@]}" "$SL" ctr bench --config "$ROOT/conf/scale/ctr-criteo-shaped.yaml" --data-dir "$DATA" \
      --set splits_dir="$DIR/ctr-splits" --set export_encoded="$DATA/encoded" ${EXTRA[@]+"${EXTRA[@]}"} \
      --warehouse "$OUT/warehouse" --json > "$OUT/$NAME.json" 2> "$OUT/$NAME.log"
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
