#!/usr/bin/env bash
# Submit a sweeplake command to a GPU cluster: submit/spark-submit.sh plus the GPU resource settings of the cluster
# manager and the RAPIDS Accelerator (conf/spark/gpu.yaml explains each setting).
#
#   SPARK_HOME=/opt/spark SWEEPLAKE_RAPIDS_JAR=/path/rapids-4-spark_2.13-26.08.1.jar \
#     submit/spark-submit-gpu.sh --manager yarn --master yarn --deploy-mode cluster -- \
#     ann build --config conf/ann/mnist-build.yaml --set gpu=auto --json
#
# Options before "--" (besides the ones below) go to spark-submit, the rest to sweeplake.
#   --manager standalone|yarn|k8s   how executors get their GPU (default standalone)
#   --executor-gpus N               GPUs per executor (default 1: the RAPIDS plugin uses one GPU per executor)
#   --task-gpus X                   GPU share of a task of the SQL stages (default 0.25; the ANN shard tasks ask for their
#                                   own share through gpus_per_task)
#   --no-rapids                     GPU scheduling only (ANN shard tasks), without the RAPIDS Accelerator
# Environment: SWEEPLAKE_RAPIDS_JAR (the plugin jar; default the one the Maven build keeps in ~/.m2),
# SWEEPLAKE_GPU_DISCOVERY (discovery script path on the executors: k8s default /opt/sweeplake/gpu-discovery.sh, the
# image must contain it; yarn ships submit/gpu-discovery.sh with --files; standalone workers discover their GPUs themselves,
# see the README).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MANAGER=standalone; EXEC_GPUS=1; TASK_GPUS=0.25; RAPIDS=1
OPTS=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  case "$1" in
    --manager) MANAGER="${2:?--manager needs standalone, yarn or k8s}"; shift 2 ;;
    --executor-gpus) EXEC_GPUS="${2:?--executor-gpus needs a number}"; shift 2 ;;
    --task-gpus) TASK_GPUS="${2:?--task-gpus needs a number}"; shift 2 ;;
    --no-rapids) RAPIDS=""; shift ;;
    *) OPTS+=("$1"); shift ;;
  esac
done
[[ "$EXEC_GPUS" =~ ^[1-9][0-9]*$ ]] || { echo "error: --executor-gpus must be a whole number >= 1, actual '$EXEC_GPUS'" >&2; exit 2; }
[[ "$TASK_GPUS" =~ ^(1|0?\.[0-9]+)$ ]] && awk -v x="$TASK_GPUS" 'BEGIN { exit !(x > 0 && (x == 1 || x <= 0.5)) }' \
  || { echo "error: --task-gpus must be 1 or a fraction in (0, 0.5], actual '$TASK_GPUS'" >&2; exit 2; }
if [[ -n "$RAPIDS" && "$EXEC_GPUS" != 1 ]]; then
  echo "error: --executor-gpus must be 1 with the RAPIDS Accelerator (one GPU per executor), actual $EXEC_GPUS (or --no-rapids)" >&2
  exit 2
fi

GPU=(--conf "spark.executor.resource.gpu.amount=$EXEC_GPUS" --conf "spark.task.resource.gpu.amount=$TASK_GPUS")
case "$MANAGER" in
  standalone)
    # Workers advertise their GPUs (spark.worker.resource.gpu.amount and .discoveryScript in the worker's
    # spark-defaults.conf / SPARK_WORKER_OPTS, pointing at submit/gpu-discovery.sh); executors get theirs from the worker.
    ;;
  yarn)
    # YARN 3.1+ with GPU scheduling (yarn.io/gpu): Spark maps the gpu resource to it; the container discovers its GPU.
    GPU+=(--files "$ROOT/submit/gpu-discovery.sh"
      --conf spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh)
    ;;
  k8s)
    # The NVIDIA device plugin (nvidia.com/gpu); the script must be in the executor image.
    GPU+=(--conf spark.executor.resource.gpu.vendor=nvidia.com
      --conf "spark.executor.resource.gpu.discoveryScript=${SWEEPLAKE_GPU_DISCOVERY:-/opt/sweeplake/gpu-discovery.sh}")
    ;;
  *) echo "error: --manager must be standalone, yarn or k8s, actual '$MANAGER'" >&2; exit 2 ;;
esac

if [[ -n "$RAPIDS" ]]; then
  # shellcheck source=rapids-jar.sh
  source "$ROOT/submit/rapids-jar.sh"
  JAR="$(rapids_jar)" || exit 2
  GPU+=(--jars "$JAR"
    --conf spark.plugins=com.nvidia.spark.SQLPlugin
    --conf spark.rapids.sql.enabled=true
    --conf spark.rapids.sql.concurrentGpuTasks=2
    --conf spark.rapids.memory.pinnedPool.size=2g
    --conf spark.rapids.sql.explain=NOT_ON_GPU)
fi
[[ "${1:-}" == "--" ]] && shift
exec "$ROOT/submit/spark-submit.sh" "${GPU[@]}" ${OPTS[@]+"${OPTS[@]}"} -- "$@"
