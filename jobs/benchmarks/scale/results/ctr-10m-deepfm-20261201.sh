#!/bin/bash
# DeepFM alone at 10M after lazy Adam's packed rows (1 Dec 2026, issue 13, README "Cost-growth benchmark (CTR)", sixth
# pass, second run): `ctr bench` with only DeepFM (no FM, no MLlib LR), then the PyTorch reference's DeepFM on the same
# exported ids, in one lock hold, from a packaged checkout of the commit under test:
#   flock /work/wt/bench.lock jobs/benchmarks/scale/results/ctr-10m-deepfm-20261201.sh [OUT_DIR]
cd "$(dirname "$0")/../../../.."
OUT=${1:-target/scale}; mkdir -p "$OUT"
DATA=/tmp/sweeplake-scale/criteo-10000000
BLAS=/usr/lib/x86_64-linux-gnu/openblas-serial
echo "lock $(date -u +%T) $(cat /proc/loadavg) commit $(git rev-parse --short HEAD)"
LD_LIBRARY_PATH=$BLAS SWEEPLAKE_DRIVER_MEMORY=12g SWEEPLAKE_JAVA_OPTS=-Dspark.master=local[2] bin/sweeplake ctr bench \
  --config conf/scale/ctr-criteo-shaped.yaml --data-dir "$DATA" --set splits_dir=/tmp/sweeplake-scale/ctr-splits \
  --set 'models=[{model: deepfm, params: {batch_size: 4096, learning_rate: 0.001}}]' --set 'baselines=[]' \
  --warehouse "$OUT/warehouse-deepfm" --json > "$OUT/ctr-10000000-deepfm.json" 2> "$OUT/ctr-10000000-deepfm.log"
echo "bench done $(date -u +%T) rc=$? $(cat /proc/loadavg)"
LD_LIBRARY_PATH=$BLAS OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 jobs/benchmarks/scale/torch_ctr_scale.py \
  --export "$DATA/encoded" --models deepfm --threads 1 --json > "$OUT/torch-10000000-deepfm.json" \
  2> "$OUT/torch-10000000-deepfm.log"
echo "torch done $(date -u +%T) rc=$? $(cat /proc/loadavg)"
