#!/usr/bin/env bash
# Runs the lib-ctr micro benchmark and the PyTorch reference on the MovieLens CTR task, model by model, back to back
# (same machine, same load), REPEATS times, and keeps every JSON line under benchmarks/results/.
#   [MAX_EPOCHS=n] [JAVA_NATIVE=1] [JAVA_VECTORBLAS=1] lib-ctr/benchmarks/run_bench.sh [DATA_DIR] [MODELS] [REPEATS]
# MAX_EPOCHS caps the epochs (a throughput-only run: samples/s counts training steps only).
# The machine load (/proc/loadavg) before and after every run goes to results/load-<stamp>.txt.
# Needs: a compiled lib-ctr (mvn -B -o -pl lib-ctr verify) and Debian's python3-torch for the reference.
# PyTorch's Linear layers call the system BLAS; Debian's default libblas.so.3 is the reference Fortran BLAS
# (~2 GFLOP/s). The reference therefore runs on OpenBLAS (apt-get install libopenblas0-serial; ~44 GFLOP/s here)
# through LD_LIBRARY_PATH, without changing the system-wide alternative. JAVA_NATIVE=1 adds a lib-ctr run whose
# dense kernel is netlib -> the same OpenBLAS (-Dsweeplake.ctr.gemm=native); JAVA_VECTORBLAS=1 one with netlib's
# VectorBLAS (-Dsweeplake.ctr.gemm=vectorblas, the default kernel before VectorGemm).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
data="${1:-$module/../../shared/data/movielens-latest-small}"
models="${2:-lr,fm,deepfm,dcnv2}"
repeats="${3:-1}"
out="$here/results"
mkdir -p "$out"
cp_file="$module/target/runtime.cp"
if [ ! -s "$cp_file" ]; then
  (cd "$module/.." && mvn -B -o -q -pl lib-ctr dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null)
fi
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
extra=()
if [ -n "${MAX_EPOCHS:-}" ]; then extra=(--max-epochs "$MAX_EPOCHS"); stamp="$stamp-e$MAX_EPOCHS"; fi
openblas=/usr/lib/x86_64-linux-gnu/openblas-serial
torch_env=(env OMP_NUM_THREADS=1)
if [ -e "$openblas/libblas.so.3" ]; then torch_env+=(LD_LIBRARY_PATH="$openblas"); fi
load() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) repeat $r $m $1 loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load-$stamp.txt"; }
for r in $(seq 1 "$repeats"); do
  for m in ${models//,/ }; do
    load "java start"
    java --add-modules jdk.incubator.vector -cp "$module/target/classes:$(cat "$cp_file")" \
      dev.sweeplake.ctr.bench.CtrMicroBench --data-dir "$data" --models "$m" --threads 1 "${extra[@]}" --json 2>>"$out/java-$stamp.log" \
      | tee -a "$out/java-$stamp.log" | tail -n 1 >> "$out/java-$stamp.jsonl"
    if [ "${JAVA_VECTORBLAS:-0}" = 1 ]; then
      load "java-vectorblas start"
      java --add-modules jdk.incubator.vector -Dsweeplake.ctr.gemm=vectorblas \
        -cp "$module/target/classes:$(cat "$cp_file")" dev.sweeplake.ctr.bench.CtrMicroBench --data-dir "$data" \
        --models "$m" --threads 1 "${extra[@]}" --json 2>>"$out/java-vectorblas-$stamp.log" \
        | tee -a "$out/java-vectorblas-$stamp.log" | tail -n 1 >> "$out/java-vectorblas-$stamp.jsonl"
    fi
    if [ "${JAVA_NATIVE:-0}" = 1 ]; then
      load "java-native start"
      env LD_LIBRARY_PATH="$openblas" java --add-modules jdk.incubator.vector -Dsweeplake.ctr.gemm=native \
        -cp "$module/target/classes:$(cat "$cp_file")" dev.sweeplake.ctr.bench.CtrMicroBench --data-dir "$data" \
        --models "$m" --threads 1 "${extra[@]}" --json 2>>"$out/java-native-$stamp.log" \
        | tee -a "$out/java-native-$stamp.log" | tail -n 1 >> "$out/java-native-$stamp.jsonl"
    fi
    load "torch start"
    "${torch_env[@]}" /usr/bin/python3 "$here/torch_reference.py" --data-dir "$data" --models "$m" --threads 1 "${extra[@]}" --json \
      | tee -a "$out/torch-$stamp.log" | tail -n 1 >> "$out/torch-$stamp.jsonl"
    load "torch end"
  done
done
echo "results: $out/*-$stamp.jsonl, load: $out/load-$stamp.txt"
