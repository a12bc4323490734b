#!/bin/bash
# pooled medians per variant and vocabulary over all runs in the files; plus median of the per-run ratios
cat "$@" | awk '/^==/{n=$2} /vocab  .*lazy/{gsub(",","",$2); print n, $2, $5} /ratio/ && /CPU/{print n, "ratio", $NF}' | python3 -c '
import sys, statistics as st, collections
d=collections.defaultdict(list)
for line in sys.stdin:
    n,v,x=line.split(); d[(n,v)].append(float(x))
for n in sorted({k[0] for k in d}):
    lo=d[(n,"100000")]; hi=d[(n,"10000000")]; r=d[(n,"ratio")]
    print(f"{n:10s} 100k median {st.median(lo):.3f} ms ({len(lo)} runs), 10M median {st.median(hi):.3f} ms ({len(hi)}), pooled ratio {st.median(hi)/st.median(lo):.3f}; per-run ratios {sorted(r)} median {st.median(r):.3f}")
'
