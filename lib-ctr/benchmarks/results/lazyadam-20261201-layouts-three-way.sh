#!/bin/bash
# Three-way A/B of lazy Adam's row layouts (1 Dec 2026, issue 13): old = separate arrays (75c2b2a), new = one record
# per id with values and moments (db79fe8), hyb = values in one record, moments in another (branch hybrid-rows).
# 1) LazyAdamBench paired, same batches, 3 JVMs each; 2) FM one epoch on the 3M export (frequency-ordered ids), 3 each.
cp=$(cat /tmp/cp.txt)
echo "start $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
for i in 1 2 3; do
  for v in old new hyb; do
    echo "== lab $v run $i $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    timeout 300 java -Xms3g -Xmx3g -XX:+UseTransparentHugePages --add-modules jdk.incubator.vector -cp /tmp/ab/$v:$cp \
      dev.sweeplake.ctr.bench.LazyAdamBench --vocab 100000,10000000 --rows 100000 --epochs 60 --paired --same-batches 100000 2>&1 \
      | grep -v "INFO\|WARNING\|^round\|^lazy Adam bench"
  done
done
for i in 1 2 3; do
  for v in old new hyb; do
    echo "== fm3m $v run $i $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    timeout 400 java -Xms6g -Xmx6g -XX:+UseTransparentHugePages --add-modules jdk.incubator.vector \
      -cp /tmp/ab/harness:/tmp/ab/$v:$cp ExportFm /tmp/sweeplake-scale/criteo-3000000/encoded fm 2>&1 | grep "samples/s"
  done
done
echo "end $(date -u +%T)"
