#!/usr/bin/env bash
# Spark GPU resource discovery: prints {"name":"gpu","addresses":["0","1",...]} for the GPUs nvidia-smi sees.
# Used by conf/spark/gpu.yaml (spark.executor.resource.gpu.discoveryScript).
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo '{"name":"gpu","addresses":[]}'
  exit 0
fi
ADDRS=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed 's/ //g' | awk '{printf "%s\"%s\"", (NR>1?",":""), $0}')
echo "{\"name\":\"gpu\",\"addresses\":[${ADDRS}]}"
