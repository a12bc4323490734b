#!/bin/bash
# Databricks cluster init script for submit/databricks-job-gpu.json: puts the RAPIDS Accelerator jar on the cluster's
# system class path (/databricks/jars) before Spark starts, as the plugin needs (a cluster library is loaded too late).
# Upload the jar (rapids-4-spark_2.13-26.08.1.jar; the cuda13 classifier on CUDA 13 runtimes) to RAPIDS_JAR first.
set -euo pipefail
RAPIDS_JAR="${RAPIDS_JAR:-/Volumes/ml/sweeplake/jars/rapids-4-spark_2.13-26.08.1.jar}"
[[ -f "$RAPIDS_JAR" ]] || { echo "databricks-rapids-init: missing $RAPIDS_JAR" >&2; exit 1; }
cp -f "$RAPIDS_JAR" /databricks/jars/
