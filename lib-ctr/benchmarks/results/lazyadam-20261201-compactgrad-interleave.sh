#!/bin/bash
# interleaved LazyAdamBench runs (classes dirs: lib-ctr/target/classes copied from each build, /tmp/lazygrad-cp.txt from
# mvn dependency:build-classpath; run as: flock /work/wt/bench.lock THIS old:/tmp/lazygrad-old: new:/tmp/lazygrad-new:); each arg: name:classes-dir:jvm-flags (flags comma separated); env BENCH_ARGS, ROUNDS
cp=$(cat /tmp/lazygrad-cp.txt)
for i in $(seq 1 ${ROUNDS:-2}); do
  for spec in "$@"; do
    IFS=: read name dir flags <<< "$spec"
    echo "== $name run $i $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    timeout 100 java -Xms3g -Xmx3g ${flags//,/ } --add-modules jdk.incubator.vector -cp $dir:$cp dev.sweeplake.ctr.bench.LazyAdamBench --vocab 100000,100000,10000000,100000,10000000,100000,10000000,100000,10000000 --rows 100000 --epochs 4 --same-batches 100000 $BENCH_ARGS 2>&1 | grep -v "INFO\|WARNING"
  done
done
