#!/bin/bash
# per-task heap bound after AnnIndex.prepareKernel in the build task: ann bench at 100k and 300k, fresh warehouses
cd /work/main
export SWEEPLAKE_JAVA_OPTS=-Dspark.master=local[2] SWEEPLAKE_DRIVER_MEMORY=6g
for rep in 1 2; do
for N in 1000000; do
  W=/tmp/s8/annheap/wh-$N-$rep; rm -rf $W
  echo "== N=$N rep $rep $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  bin/sweeplake ann bench --config conf/scale/ann-growth.yaml --data-dir /tmp/sweeplake-scale --set base.to_row=$N \
    --warehouse $W --json > /tmp/s8/annheap/ann-$N-$rep.json 2> /tmp/s8/annheap/ann-$N-$rep.log
  echo "rc=$?"
  rm -rf $W
done
done
