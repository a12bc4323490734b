#!/bin/bash
# 1M CTR rerun of 1 Dec 2026 (issue 13, README "Cost-growth benchmark (CTR)", fifth pass), after lazy Adam's loads
# ahead of the update, bench then PyTorch in one lock hold:
#   flock /work/wt/bench.lock jobs/benchmarks/scale/results/ctr-1m-rerun-20261201.sh
cd "$(dirname "$0")/../../../.."
export SWEEPLAKE_DRIVER_MEMORY=12g
echo "lock $(date -u +%T) $(cat /proc/loadavg)"
jobs/benchmarks/scale/ctr_growth.sh --sizes 1000000 --steps bench,torch; r=$?
echo "end $(date -u +%T) rc=$r $(cat /proc/loadavg)"
