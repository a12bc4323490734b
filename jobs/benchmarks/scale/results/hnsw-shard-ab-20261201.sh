for i in 1 2 3; do
for v in old new4; do echo -n "$v "; java -Xmx3g --add-modules jdk.incubator.vector -cp /tmp/s7/ann-$v:lib-ann/target/test-classes:$(cat /tmp/cpann.txt) dev.sweeplake.ann.bench.HnswShardCheck --base /tmp/sweeplake-scale/clustered-1m/base.fvecs --queries /tmp/sweeplake-scale/clustered-1m/queries.fvecs --rows 125000 --threads 1 --efs 20,40 2>&1 | grep engine; done
if [ $i -le 2 ]; then echo -n "hnswlib "; /usr/bin/python3 jobs/benchmarks/scale/hnswlib_peer.py --base /tmp/sweeplake-scale/clustered-1m/base.fvecs --queries /tmp/sweeplake-scale/clustered-1m/queries.fvecs --sizes 125000 --threads 1 --efs 20,40 --truth-cache /tmp/sweeplake-scale/clustered-1m/hnswlib-truth 2>&1 | tail -1; fi
done
