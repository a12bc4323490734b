#!/bin/bash
# A/B of lazy Adam's packed rows on the real trainer (1 Dec 2026, issue 13): `ctr bench`, FM only, one epoch on the 3M
# Criteo-shaped set, alternating two checkouts (each already packaged): OLD (commit 75c2b2a, separate arrays) and NEW
# (db79fe8, packed rows). Args: OLD_DIR NEW_DIR [ROUNDS]. Prints samples/s per run.
#   flock /work/wt/bench.lock jobs/benchmarks/scale/results/ctr-fm-packed-ab-20261201.sh /tmp/oldwt /tmp/newwt 2
OLD=$1 NEW=$2 ROUNDS=${3:-2}
export SWEEPLAKE_DRIVER_MEMORY=12g SWEEPLAKE_JAVA_OPTS=-Dspark.master=local[2]
DATA=/tmp/sweeplake-scale/criteo-3000000
for i in $(seq 1 "$ROUNDS"); do
  for spec in old:$OLD new:$NEW; do
    IFS=: read name dir <<< "$spec"
    out=/tmp/ab/fm-$name-$i
    echo "== $name run $i $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-serial "$dir/bin/sweeplake" ctr bench \
      --config "$dir/conf/scale/ctr-criteo-shaped.yaml" --data-dir "$DATA" \
      --set splits_dir=/tmp/sweeplake-scale/ctr-splits \
      --set 'models=[{model: fm, params: {batch_size: 4096, learning_rate: 0.001}}]' --set 'baselines=[]' \
      --warehouse "$out-wh" --json > "$out.json" 2> "$out.log"
    /usr/bin/python3 -c "import json,sys; r=json.load(open('$out.json'))['rows'][0]; print(' fm samples/s %.0f test AUC %.4f trial heap %.3fx train_s %.1f' % (r['samples_per_s'], r['test_auc'], r.get('trial_heap_ratio') or 0, r['train_s']))"
  done
done
