#!/usr/bin/env bash
# Regenerates lib-ann's PTX from lib-ann/src/main/cuda/*.cu. Run from anywhere; needs nvcc (no GPU).
#   lib-ann/gpu/build-ptx.sh            compile, write the resource, print the hash
#   lib-ann/gpu/build-ptx.sh --check    exit 1 when the resource's recorded hash differs from the sources' hash
# The hash is SHA-256 over every source in name order: file name, a NUL byte, file contents (PtxModule does the same).
# Shipped PTX: ISA of the nvcc used (nvcc 13.0 -> PTX ISA 9.0, driver 580+). Override the target with PTX_ARCH.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="$here/src/main/cuda"
out="$here/src/main/resources/dev/sweeplake/ann/gpu/sweeplake_ann.ptx"
arch="${PTX_ARCH:-compute_80}"
hash=$(cd "$src" && for f in $(ls -1 *.cu | LC_ALL=C sort); do printf '%s\0' "$f"; cat "$f"; done | sha256sum | cut -d' ' -f1)
if [ "${1:-}" = "--check" ]; then
  recorded=$(sed -n 's|^// sweeplake-ptx-source-sha256: \([0-9a-f]*\)$|\1|p' "$out" | head -1)
  [ "$recorded" = "$hash" ] && { echo "PTX up to date ($hash)"; exit 0; }
  echo "PTX stale: resource records ${recorded:-nothing}, sources hash to $hash; run lib-ann/gpu/build-ptx.sh"; exit 1
fi
command -v nvcc >/dev/null || { echo "nvcc not on PATH"; exit 2; }
ver=$(nvcc --version | sed -n 's/.*release \([0-9.]*\), \(V[0-9.]*\).*/\1 (\2)/p')
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# One module: every .cu file is compiled into its own PTX; lib-ann ships one file, so keep one .cu per module.
n=$(ls -1 "$src"/*.cu | wc -l); [ "$n" -eq 1 ] || { echo "expected one .cu file in $src, found $n"; exit 2; }
nvcc -ptx -arch="$arch" -O3 -o "$tmp/out.ptx" "$src"/*.cu
mkdir -p "$(dirname "$out")"
{ echo "// sweeplake-ptx-source-sha256: $hash"
  echo "// sweeplake-ptx-compiler: nvcc $ver, -ptx -arch=$arch -O3"
  cat "$tmp/out.ptx"; } > "$out"
echo "wrote $out ($(grep -m1 '^\.version' "$out"), $(wc -c < "$out") bytes, source sha256 $hash)"
