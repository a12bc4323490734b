#!/bin/bash
# Paired LazyAdamBench A/B (issue 13, lazy Adam against vocabulary size, fifth pass: packed rows). Each arg:
# name:classes-dir; "old" = lib-ctr classes of commit 75c2b2a (table rows and moments in separate arrays, loads ahead
# of the update), "new" = the packed rows (each id's embedding and LR values with their moments in one record).
# LazyAdamBench is the same source in both. Env: ROUNDS (JVMs per variant), MODE ("--same-batches 100000" or empty
# for Zipf over the whole vocabulary), FLAGS (JVM flags, default huge pages on). cp: mvn dependency:build-classpath
# -pl lib-ctr.
cp=$(cat /tmp/cp.txt)
for i in $(seq 1 ${ROUNDS:-3}); do
  for spec in "$@"; do
    IFS=: read name dir <<< "$spec"
    echo "== $name run $i $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    timeout 300 java -Xms3g -Xmx3g ${FLAGS--XX:+UseTransparentHugePages} --add-modules jdk.incubator.vector -cp $dir:$cp \
      dev.sweeplake.ctr.bench.LazyAdamBench --vocab 100000,10000000 --rows 100000 --epochs 60 --paired $MODE 2>&1 \
      | grep -v "INFO\|WARNING\|^round"
  done
done
