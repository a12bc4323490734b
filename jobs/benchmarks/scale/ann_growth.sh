#!/usr/bin/env bash
# ANN cost-growth benchmark: sweeplake (8 k-means HNSW shards on local[2]) vs one hnswlib index (2 build threads, 1
# search thread) on the first 100k / 300k / 1M rows of one seeded clustered set (1M x 128, intrinsic dimension 16).
#   jobs/benchmarks/scale/ann_growth.sh [--sizes 100000,300000,1000000] [--dir /tmp/sweeplake-scale] [--json]
# Outputs and logs go to target/scale/ (ignored); --json prints the summary object as the last line.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
SIZES=100000,300000,1000000
DIR=/tmp/sweeplake-scale
JSON=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --json) JSON=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
OUT="$ROOT/target/scale"
mkdir -p "$OUT" "$DIR"
SL="$ROOT/bin/sweeplake"
export SWEEPLAKE_JAVA_OPTS="${SWEEPLAKE_JAVA_OPTS:--Dspark.master=local[2]}"
export SWEEPLAKE_DRIVER_MEMORY="${SWEEPLAKE_DRIVER_MEMORY:-6g}"
MAX=$(echo "$SIZES" | tr ',' '\n' | sort -n | tail -1)
if [[ ! -f "$DIR/clustered-1m/_GENERATED.json" ]]; then
  "$SL" data gen --config "$ROOT/conf/data/clustered-1m.yaml" --set output="$DIR/clustered-1m" \
    --set vectors.rows="$MAX" --warehouse "$OUT/warehouse" --json > "$OUT/gen-vectors.json" 2> "$OUT/gen-vectors.log"
fi
SPECS=()
for N in $(echo "$SIZES" | tr ',' ' '); do
  echo "sweeplake ann bench N=$N ..." >&2
  "$SL" ann bench --config "$ROOT/conf/scale/ann-growth.yaml" --data-dir "$DIR" --set base.to_row="$N" \
    --warehouse "$OUT/warehouse" --json > "$OUT/ann-$N.json" 2> "$OUT/ann-$N.log"
  SPECS+=("$N=$OUT/ann-$N.json")
done
echo "hnswlib ..." >&2
OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 "$ROOT/jobs/benchmarks/scale/hnswlib_peer.py" \
  --base "$DIR/clustered-1m/base.fvecs" --queries "$DIR/clustered-1m/queries.fvecs" --sizes "$SIZES" --threads 2 \
  --truth-cache "$DIR/clustered-1m/hnswlib-truth" \
  > "$OUT/hnswlib.json" 2> "$OUT/hnswlib.log"
if [[ $JSON == 1 ]]; then
  /usr/bin/python3 "$ROOT/jobs/benchmarks/scale/summarize_ann.py" 128 "$OUT/hnswlib.json" "${SPECS[@]}"
else
  /usr/bin/python3 "$ROOT/jobs/benchmarks/scale/summarize_ann.py" 128 "$OUT/hnswlib.json" "${SPECS[@]}" > "$OUT/summary.json"
fi
