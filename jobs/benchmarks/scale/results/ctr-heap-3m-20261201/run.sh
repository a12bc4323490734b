#!/bin/bash
# 3M, two FM trials in one JVM, with the heap histogram diagnostic; ctrh = before the footprint baseline (commit 91873a3), ctrh2 = after (6720396)
cd /work/main
export SWEEPLAKE_DRIVER_MEMORY=12g
rm -rf /tmp/s8/ctrh2-wh
SWEEPLAKE_JAVA_OPTS="-Dspark.master=local[2] -Dsweeplake.ctr.heap_histogram=true" bin/sweeplake ctr bench \
  --config conf/scale/ctr-criteo-shaped.yaml --data-dir /tmp/sweeplake-scale/criteo-3000000 \
  --set splits_dir=/tmp/sweeplake-scale/ctr-splits \
  --set 'models=[{model: fm, params: {batch_size: 4096, learning_rate: 0.001}}, {model: fm, params: {batch_size: 4096, learning_rate: 0.002}}]' \
  --set 'baselines=[]' --warehouse /tmp/s8/ctrh2-wh --json > /tmp/s8/ctrh2.json 2> /tmp/s8/ctrh2.log
echo "rc=$? end $(date -u +%T)"
