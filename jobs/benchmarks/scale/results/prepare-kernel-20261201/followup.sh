#!/bin/bash
# after the CTR 10M campaign, under the same lock: jar with the warm-up-until-compiled kernel, ANN 1M x3 (per-task heap),
# then ctr bench 3M, two FM trials, with the heap histogram diagnostic
cd /work/main
echo "start $(date -u +%T) $(cat /proc/loadavg)"
./mvnw -B -o -q -DskipTests package > /tmp/s8/followup-build.log 2>&1; echo "build rc=$?"
export SWEEPLAKE_DRIVER_MEMORY=6g
for rep in 3 4 5; do
  W=/tmp/s8/annheap/wh-1000000-$rep; rm -rf $W
  echo "== ann N=1000000 rep $rep $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  SWEEPLAKE_JAVA_OPTS=-Dspark.master=local[2] bin/sweeplake ann bench --config conf/scale/ann-growth.yaml --data-dir /tmp/sweeplake-scale --set base.to_row=1000000 \
    --warehouse $W --json > /tmp/s8/annheap/ann-1000000-$rep.json 2> /tmp/s8/annheap/ann-1000000-$rep.log
  echo "rc=$?"
  find $W/ann_indexes -maxdepth 2 -name "*.json" -exec cp {} /tmp/s8/annheap/manifest-1000000-$rep.json \;
  rm -rf $W
done
export SWEEPLAKE_DRIVER_MEMORY=12g
echo "== ctr 3M FM x2 histogram $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
rm -rf /tmp/s8/ctrh-wh
SWEEPLAKE_JAVA_OPTS="-Dspark.master=local[2] -Dsweeplake.ctr.heap_histogram=true" bin/sweeplake ctr bench \
  --config conf/scale/ctr-criteo-shaped.yaml --data-dir /tmp/sweeplake-scale/criteo-3000000 \
  --set splits_dir=/tmp/sweeplake-scale/ctr-splits \
  --set 'models=[{model: fm, params: {batch_size: 4096, learning_rate: 0.001}}, {model: fm, params: {batch_size: 4096, learning_rate: 0.002}}]' \
  --set 'baselines=[]' --warehouse /tmp/s8/ctrh-wh --json > /tmp/s8/ctrh.json 2> /tmp/s8/ctrh.log
echo "rc=$? end $(date -u +%T)"
