#!/bin/bash
# The 10M CTR rerun of 1 Dec 2026 (issue 13, README "Cost-growth benchmark (CTR)", fifth pass): the 10M set again with
# lazy Adam's loads ahead of the update (commit 509e127's successor, 1ac0892+), bench then PyTorch in one lock hold:
#   flock /work/wt/bench.lock jobs/benchmarks/scale/results/ctr-10m-rerun-20261201.sh
# Needs the set (ctr_growth.sh --sizes 10000000 --steps gen) and a quiet machine (~40 min).
cd "$(dirname "$0")/../../../.."
export SWEEPLAKE_DRIVER_MEMORY=12g
G=jobs/benchmarks/scale/ctr_growth.sh
echo "lock $(date -u +%T) $(cat /proc/loadavg)"
$G --sizes 10000000 --steps bench; r=$?; echo "10M bench done $(date -u +%T) rc=$r $(cat /proc/loadavg)"
$G --sizes 10000000 --steps torch; r=$?; echo "10M torch done $(date -u +%T) rc=$r $(cat /proc/loadavg)"
echo "end $(date -u +%T) $(cat /proc/loadavg)"
