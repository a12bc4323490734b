#!/usr/bin/env bash
# GPU device check of lib-ann: the CUDA kernels against the Java reference kernels (GpuSelfCheck), then the GPU
# benchmark (GpuBench, every GPU engine against its CPU peer on all cores). Two steps, both from the repository root:
#
#   lib-ann/gpu/device-check.sh prepare    on a CPU machine with a JDK 17, Maven and ~/.m2 (no GPU needed):
#       checks the PTX is fresh, packages lib-ann, and fills .gpu-kit/ (git-ignored, ~50 MB): a jlink Java runtime,
#       lib-ann's jar (it holds the PTX), JCuda + natives, slf4j. Prints the device tool call.
#   lib-ann/gpu/device-check.sh run        on the GPU machine (NVIDIA driver 580+, no Java needed), .gpu-kit carried:
#       self-check (<= 120 s), then the benchmark (1M x 128, 10k queries; parts not started by --budget-s are
#       skipped), all under 470 s. JSON lines go to stdout and to $OUT/gpu-check.jsonl when $OUT is set.
#
# The device tool call (carry .gpu-kit only; the working tree travels anyway):
#   run(command="lib-ann/gpu/device-check.sh run", carry=[".gpu-kit"], timeout_s=540)
# Smaller benchmark: GPU_BENCH_ARGS="--n 200000 --queries 2000" lib-ann/gpu/device-check.sh run
set -euo pipefail
kit=.gpu-kit
[ -f lib-ann/pom.xml ] || { echo "run from the repository root"; exit 2; }
case "${1:-}" in
prepare)
  lib-ann/gpu/build-ptx.sh --check
  mvn -B -o -q -pl lib-ann package -DskipTests
  rm -rf "$kit"; mkdir -p "$kit/lib"
  jlink --add-modules java.base,java.logging,java.management,jdk.unsupported,jdk.incubator.vector \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$kit/jre" 2>&1 | grep -v incubator || true
  mvn -B -o -q -pl lib-ann dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$PWD/$kit/lib"
  mvn -B -o -q dependency:copy -Dartifact=org.slf4j:slf4j-simple:2.0.16 -DoutputDirectory="$PWD/$kit/lib"
  cp lib-ann/target/sweeplake-lib-ann-*.jar "$kit/lib/"
  rm -f "$kit"/lib/*-tests.jar
  "$kit/jre/bin/java" --add-modules jdk.incubator.vector -cp "$kit/lib/*" dev.sweeplake.ann.gpu.GpuBench --help \
    2>/dev/null | head -1
  ls -1 "$kit/lib"
  du -sh "$kit"
  total=$(du -sm "$kit" | cut -f1)
  [ "$total" -lt 60 ] || { echo "$kit is ${total} MB: over the device tool's 64 MiB carry"; exit 1; }
  echo 'device tool: run(command="lib-ann/gpu/device-check.sh run", carry=[".gpu-kit"], timeout_s=540)'
  ;;
run)
  [ -x "$kit/jre/bin/java" ] || { echo "$kit missing: run lib-ann/gpu/device-check.sh prepare first and carry it"; exit 2; }
  out="${OUT:-/tmp}/gpu-check.jsonl"
  : > "$out"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -2 || true
  java=("$kit/jre/bin/java" -Xmx48g --add-modules jdk.incubator.vector -Dorg.slf4j.simpleLogger.defaultLogLevel=info
        -cp "$kit/lib/*")
  start=$(date +%s)
  set +e
  timeout 120 "${java[@]}" dev.sweeplake.ann.gpu.GpuSelfCheck --device 0 2>&1 | tee -a "$out"
  check=${PIPESTATUS[0]}
  # The ISA 7.8 PTX (for drivers 520-575) on this driver too: the same kernels, compiled by nvcc 11.8.
  timeout 90 "${java[@]}" -Dsweeplake.ann.gpu.ptx.isa=7.8 dev.sweeplake.ann.gpu.GpuSelfCheck --device 0 2>&1 \
    | sed 's/^{"/{"ptx_isa": "7.8", "/' | tee -a "$out"
  check78=${PIPESTATUS[0]}
  left=$(( 470 - ($(date +%s) - start) ))
  # shellcheck disable=SC2086
  timeout "$left" "${java[@]}" dev.sweeplake.ann.gpu.GpuBench --device 0 --budget-s $(( left - 150 )) \
    ${GPU_BENCH_ARGS:-} 2>&1 | tee -a "$out"
  bench=${PIPESTATUS[0]}
  echo "{\"check\": \"device-check\", \"self_check_rc\": $check, \"self_check_isa78_rc\": $check78, \"bench_rc\": $bench, \"seconds\": $(( $(date +%s) - start ))}" | tee -a "$out"
  [ "$check" -eq 0 ] && [ "$check78" -eq 0 ] && [ "$bench" -eq 0 ]
  ;;
*)
  sed -n 2,17p "$0"; exit 2 ;;
esac
