#!/bin/bash
# The CTR growth campaign of 1 Dec 2026 (issue 13, README "Cost-growth benchmark (CTR)", fourth pass), as run:
#   flock /work/wt/bench.lock jobs/benchmarks/scale/results/ctr-campaign-20261201.sh
# Needs the three sets (ctr_growth.sh --sizes 1000000,3000000,10000000 --steps gen) and a quiet machine (~75 min).
cd "$(dirname "$0")/../../../.."
export SWEEPLAKE_DRIVER_MEMORY=12g
G=jobs/benchmarks/scale/ctr_growth.sh
echo "lock $(date -u +%T) $(cat /proc/loadavg)"
$G --sizes 1000000 --steps bench,torch; r=$?; echo "1M done $(date -u +%T) rc=$r"
$G --sizes 10000000 --steps bench; r=$?; echo "10M bench done $(date -u +%T) rc=$r"
$G --sizes 10000000 --steps torch; r=$?; echo "10M torch done $(date -u +%T) rc=$r"
$G --sizes 3000000 --steps bench,torch; r=$?; echo "3M done $(date -u +%T) rc=$r"
S=""; for N in 1000000 3000000 10000000; do S="$S $N=/tmp/sweeplake-scale/criteo-$N/_GENERATED.json:target/scale/ctr-$N.json:target/scale/torch-$N.json"; done
/usr/bin/python3 jobs/benchmarks/scale/summarize_ctr.py $S > target/scale/ctr-summary.json; echo "summary rc=$?"
$G --sizes 1000000 --steps bench --blas jvm; r=$?; echo "1M jvm done $(date -u +%T) rc=$r"
$G --sizes 3000000 --steps bench --blas jvm; r=$?; echo "3M jvm done $(date -u +%T) rc=$r"
echo "end $(date -u +%T) $(cat /proc/loadavg)"
