#!/usr/bin/env bash
# Regenerates lib-ann's PTX variants from lib-ann/src/main/cuda/*.cu. Run from anywhere; needs the two nvcc (no GPU).
#   lib-ann/gpu/build-ptx.sh            compile both variants, write the resources, print the hash
#   lib-ann/gpu/build-ptx.sh --check    exit 1 when a resource's recorded hash differs from the sources' hash
# The hash is SHA-256 over every source in name order: file name, a NUL byte, file contents (PtxModule does the same).
# Shipped variants (the driver loads the newest it accepts, see PtxModule):
#   sweeplake_ann.ptx        nvcc 13.x  -> PTX ISA 9.0, drivers 580+     (NVCC13, default: nvcc on the PATH)
#   sweeplake_ann-isa78.ptx  nvcc 11.8  -> PTX ISA 7.8, drivers 520+     (NVCC118, default: Debian's /usr/bin/nvcc from
#                            non-free nvidia-cuda-toolkit; see ../shared/PLATFORM.md)
# Both for compute_80 (Ampere and newer; the driver JIT-compiles for the GPU at hand). Override with PTX_ARCH.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="$here/src/main/cuda"
res="$here/src/main/resources/dev/sweeplake/ann/gpu"
arch="${PTX_ARCH:-compute_80}"
nvcc13="${NVCC13:-$(command -v nvcc || true)}"
nvcc118="${NVCC118:-/usr/bin/nvcc}"
hash=$(cd "$src" && for f in $(ls -1 *.cu | LC_ALL=C sort); do printf '%s\0' "$f"; cat "$f"; done | sha256sum | cut -d' ' -f1)
variants=("sweeplake_ann.ptx:$nvcc13:13." "sweeplake_ann-isa78.ptx:$nvcc118:11.8")
if [ "${1:-}" = "--check" ]; then
  bad=0
  for v in "${variants[@]}"; do
    out="$res/${v%%:*}"
    recorded=$(sed -n 's|^// sweeplake-ptx-source-sha256: \([0-9a-f]*\)$|\1|p' "$out" 2>/dev/null | head -1)
    if [ "$recorded" = "$hash" ]; then echo "${v%%:*} up to date ($hash)"
    else echo "${v%%:*} stale: records ${recorded:-nothing}, sources hash to $hash; run lib-ann/gpu/build-ptx.sh"; bad=1; fi
  done
  exit $bad
fi
n=$(ls -1 "$src"/*.cu | wc -l); [ "$n" -eq 1 ] || { echo "expected one .cu file in $src, found $n"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$res"
for v in "${variants[@]}"; do
  name="${v%%:*}"; rest="${v#*:}"; compiler="${rest%%:*}"; want="${rest#*:}"
  [ -x "$compiler" ] || { echo "$name: nvcc not found at '$compiler' (set NVCC13 / NVCC118)"; exit 2; }
  ver=$("$compiler" --version | sed -n 's/.*release \([0-9.]*\), \(V[0-9.]*\).*/\1 (\2)/p')
  case "$ver" in "$want"*) ;; *) echo "$name: needs nvcc $want*, $compiler is $ver"; exit 2;; esac
  # One module per .cu file; lib-ann ships one module, hence one .cu file.
  "$compiler" -ptx -arch="$arch" -O3 -o "$tmp/out.ptx" "$src"/*.cu
  { echo "// sweeplake-ptx-source-sha256: $hash"
    echo "// sweeplake-ptx-compiler: nvcc $ver, -ptx -arch=$arch -O3"
    cat "$tmp/out.ptx"; } > "$res/$name"
  echo "wrote $res/$name ($(grep -m1 '^\.version' "$res/$name"), $(wc -c < "$res/$name") bytes, source sha256 $hash)"
done
