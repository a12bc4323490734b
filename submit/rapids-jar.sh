# Sourced by bin/sweeplake and submit/spark-submit*.sh: where the RAPIDS Accelerator jar is, and whether a Spark profile
# loads the plugin. The plugin jar must come through spark-submit's --jars (on the plain application class path the
# plugin cannot load its own classes).
SWEEPLAKE_RAPIDS_DEFAULT="$HOME/.m2/repository/com/nvidia/rapids-4-spark_2.13/26.08.1/rapids-4-spark_2.13-26.08.1.jar"

# rapids_jar: prints the jar (SWEEPLAKE_RAPIDS_JAR, else the one the Maven build keeps in ~/.m2); fails with the reason.
rapids_jar() {
  local jar="${SWEEPLAKE_RAPIDS_JAR:-$SWEEPLAKE_RAPIDS_DEFAULT}"
  if [[ ! -f "$jar" ]]; then
    echo "error: SWEEPLAKE_RAPIDS_JAR must name the rapids-4-spark_2.13 jar (26.08.1 for Spark 4.0), actual missing file '$jar' (./mvnw -B -pl jobs -am -DskipTests verify fetches it into ~/.m2)" >&2
    return 2
  fi
  echo "$jar"
}

# profile_loads_rapids FILE: whether the Spark profile sets spark.plugins to the RAPIDS SQLPlugin.
profile_loads_rapids() {
  [[ -n "${1:-}" && -f "$1" ]] && grep -Eq '^[[:space:]]*spark\.plugins:.*com\.nvidia\.spark\.SQLPlugin' "$1"
}

# profile_arg ARGS...: prints the value of --spark-profile among sweeplake's arguments (empty if none).
profile_arg() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --spark-profile) echo "${2:-}"; return 0 ;;
      --spark-profile=*) echo "${1#--spark-profile=}"; return 0 ;;
    esac
    shift
  done
}
