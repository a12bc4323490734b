#!/bin/bash
# The 10M CTR rerun after lazy Adam's packed rows (1 Dec 2026, issue 13, README "Cost-growth benchmark (CTR)", sixth
# pass): bench then PyTorch in one lock hold, from a checkout of the commit under test:
#   flock /work/wt/bench.lock jobs/benchmarks/scale/results/ctr-10m-packed-20261201.sh
# Needs the set (ctr_growth.sh --sizes 10000000 --steps gen) and a quiet machine (~40 min).
cd "$(dirname "$0")/../../../.."
export SWEEPLAKE_DRIVER_MEMORY=12g
echo "lock $(date -u +%T) $(cat /proc/loadavg) commit $(git rev-parse --short HEAD)"
./mvnw -B -o -q -DskipTests package || exit 1
echo "packaged $(date -u +%T) $(cat /proc/loadavg)"
G=jobs/benchmarks/scale/ctr_growth.sh
$G --sizes 10000000 --steps bench; r=$?; echo "10M bench done $(date -u +%T) rc=$r $(cat /proc/loadavg)"
$G --sizes 10000000 --steps torch; r=$?; echo "10M torch done $(date -u +%T) rc=$r $(cat /proc/loadavg)"
echo "end $(date -u +%T) $(cat /proc/loadavg)"
