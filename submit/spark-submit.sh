#!/usr/bin/env bash
# Submit a sweeplake command to a cluster with a Spark 4.0.x distribution's spark-submit.
#   SPARK_HOME=/opt/spark submit/spark-submit.sh --master yarn --deploy-mode cluster -- ann bench --config conf/ann/mnist-bench.yaml --json
# Options before "--" go to spark-submit, the rest to sweeplake. Delta and hadoop-aws must be on the cluster's class path
# (e.g. --packages io.delta:delta-spark_2.13:4.0.0,org.apache.hadoop:hadoop-aws:3.4.1) unless the platform ships them.
# A --spark-profile that loads the RAPIDS Accelerator (conf/spark/gpu.yaml) adds --jars SWEEPLAKE_RAPIDS_JAR (default:
# the jar the Maven build keeps in ~/.m2); submit/spark-submit-gpu.sh adds the GPU resource settings too.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$(ls "$ROOT"/jobs/target/sweeplake-jobs-*-spark.jar 2>/dev/null | head -n 1 || true)"
[[ -n "$JAR" ]] || { (cd "$ROOT" && ./mvnw -B -q -DskipTests package) >&2; JAR="$(ls "$ROOT"/jobs/target/sweeplake-jobs-*-spark.jar | head -n 1)"; }
SUBMIT_OPTS=()
while [[ $# -gt 0 && "$1" != "--" ]]; do SUBMIT_OPTS+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
: "${SPARK_HOME:?set SPARK_HOME to a Spark 4.0.x distribution}"
# shellcheck source=rapids-jar.sh
source "$ROOT/submit/rapids-jar.sh"
if profile_loads_rapids "$(profile_arg "$@")" && [[ " ${SUBMIT_OPTS[*]-} " != *" --jars "* ]]; then
  SUBMIT_OPTS+=(--jars "$(rapids_jar)") || exit 2
fi
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-modules=jdk.incubator.vector"
exec "$SPARK_HOME/bin/spark-submit" --class dev.sweeplake.jobs.cli.Main \
  --conf "spark.driver.extraJavaOptions=$OPENS" --conf "spark.executor.extraJavaOptions=$OPENS" \
  --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
  --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
  ${SUBMIT_OPTS[@]+"${SUBMIT_OPTS[@]}"} "$JAR" "$@"
