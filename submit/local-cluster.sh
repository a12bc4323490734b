#!/usr/bin/env bash
# A real multi-JVM Spark standalone cluster on 127.0.0.1 built from the project's own Maven jars (no Spark distribution
# needed): one master and one worker JVM; applications get separate executor JVMs. For trying cluster mode and for the
# cluster integration test.
#
#   submit/local-cluster.sh start [--dir DIR] [--cores N] [--memory 2g] [--gpus N]   prints MASTER=... and SPARK_HOME=...
#   submit/local-cluster.sh stop  [--dir DIR]
#   submit/local-cluster.sh home  [--dir DIR]     only makes the SPARK_HOME (jars/) and prints SPARK_HOME=... (for
#                                                 spark-submit with a local master, e.g. --jars with the RAPIDS plugin)
#
# --gpus N: the worker offers N GPUs found by submit/gpu-discovery.sh (nvidia-smi); a fake nvidia-smi on the PATH makes
# GPU scheduling testable without GPUs (GpuClusterIT).
#
# Then: SPARK_HOME=<printed> SPARK_LOCAL_IP=127.0.0.1 bin/sweeplake --master <printed> demo
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CMD="${1:-}"; shift || true
DIR="${TMPDIR:-/tmp}/sweeplake-local-cluster"; CORES=2; MEMORY=2g; GPUS=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) DIR="$2"; shift 2 ;;
    --cores) CORES="$2"; shift 2 ;;
    --memory) MEMORY="$2"; shift 2 ;;
    --gpus) GPUS="$2"; shift 2 ;;
    *) echo "error: unknown option $1 (usage: local-cluster.sh start|stop|home [--dir DIR] [--cores N] [--memory M] [--gpus N])" >&2; exit 2 ;;
  esac
done

FLAGS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

[[ "$GPUS" =~ ^[0-9]+$ ]] || { echo "error: --gpus must be a whole number >= 0, actual '$GPUS'" >&2; exit 2; }

make_home() {
  CPFILE="$ROOT/jobs/target/local-classpath.txt"
  [[ -f "$CPFILE" ]] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package) >&2
  mkdir -p "$DIR"
  SH="$DIR/spark-home"
  rm -rf "$SH" && mkdir -p "$SH/jars" "$DIR/work"
  touch "$SH/RELEASE"
  tr ':' '\n' < "$CPFILE" | grep -v '/sweeplake-lib-' | grep -v '/lib-ann/target/' | grep -v '/lib-ctr/target/' \
    | while read -r j; do [[ -n "$j" ]] && ln -sf "$j" "$SH/jars/$(basename "$j")"; done
  # The daemons log Spark's deploy messages at INFO (the start-up wait reads them); the rest as the launcher does.
  { cat "$ROOT/conf/log4j2.properties"; printf 'logger.deploy.name = org.apache.spark.deploy\nlogger.deploy.level = info\n'; } \
    > "$SH/log4j2.properties"
}

case "$CMD" in
  home)
    make_home
    echo "SPARK_HOME=$SH"
    ;;
  start)
    make_home
    GPU_OPTS=()
    if [[ "$GPUS" -gt 0 ]]; then
      GPU_OPTS=(-Dspark.worker.resource.gpu.amount="$GPUS" -Dspark.worker.resource.gpu.discoveryScript="$ROOT/submit/gpu-discovery.sh")
    fi
    export SPARK_HOME="$SH" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
    PORT=$(free_port); MUI=$(free_port); WUI=$(free_port)
    JAVA_LOG=(-Dlog4j2.configurationFile="$SH/log4j2.properties")
    nohup java -Xmx512m "${FLAGS[@]}" "${JAVA_LOG[@]}" -cp "$SH/jars/*" org.apache.spark.deploy.master.Master \
      --host 127.0.0.1 --port "$PORT" --webui-port "$MUI" > "$DIR/master.log" 2>&1 &
    echo $! > "$DIR/master.pid"
    nohup java -Xmx512m "${FLAGS[@]}" "${JAVA_LOG[@]}" -Dspark.worker.cleanup.enabled=true ${GPU_OPTS[@]+"${GPU_OPTS[@]}"} -cp "$SH/jars/*" \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$CORES" --memory "$MEMORY" \
      --webui-port "$WUI" --work-dir "$DIR/work" "spark://127.0.0.1:$PORT" > "$DIR/worker.log" 2>&1 &
    echo $! > "$DIR/worker.pid"
    for _ in $(seq 1 240); do
      if grep -q "Successfully registered with master" "$DIR/worker.log" 2>/dev/null; then
        echo "MASTER=spark://127.0.0.1:$PORT"
        echo "SPARK_HOME=$SH"
        echo "SPARK_LOCAL_IP=127.0.0.1"
        exit 0
      fi
      for p in master worker; do
        if ! kill -0 "$(cat "$DIR/$p.pid")" 2>/dev/null; then
          echo "error: the $p JVM exited; see $DIR/$p.log" >&2; tail -n 20 "$DIR/$p.log" >&2; exit 1
        fi
      done
      sleep 0.5
    done
    echo "error: the worker did not register within 120 s; see $DIR/worker.log" >&2
    exit 1
    ;;
  stop)
    for p in worker master; do
      if [[ -f "$DIR/$p.pid" ]]; then
        kill "$(cat "$DIR/$p.pid")" 2>/dev/null || true
        rm -f "$DIR/$p.pid"
      fi
    done
    ;;
  *)
    echo "usage: submit/local-cluster.sh start|stop|home [--dir DIR] [--cores N] [--memory M] [--gpus N]" >&2
    exit 2
    ;;
esac
