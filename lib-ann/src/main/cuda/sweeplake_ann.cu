// sweeplake lib-ann GPU kernels. Compiled ahead of time to PTX (lib-ann/gpu/build-ptx.sh) and loaded through the CUDA
// driver API (JCuda), so a machine needs only the NVIDIA driver. Every kernel has a pure-Java twin with the same
// semantics in dev.sweeplake.ann.internal.gpu.ReferenceKernels, which CI tests together with the host orchestration.
//
// Conventions: row-major float32 matrices; result keys are ordered by (distance, index) so that ties resolve to the
// smaller index whatever the thread schedule; PAD_IDX with +inf pads empty result slots; bit 31 of an index is a flag
// ("expanded") in graph_search only. Metrics: 0 = L2 (squared), 1 = inner product (-dot), 2 = cosine (1 - dot on
// unit vectors).

#define PAD_IDX 0x7fffffff
#define IDX_MASK 0x7fffffff
#define FLAG_BIT 0x80000000u

__device__ __forceinline__ float pos_inf() { return __int_as_float(0x7f800000); }

__device__ __forceinline__ bool key_less(float da, int ia, float db, int ib) {
    return da < db || (da == db && ia < ib);
}

// Ascending bitonic sort of S (a power of two) keys in shared memory by (d, ix & IDX_MASK). Called by the whole block.
__device__ void bitonic_sort(float* d, int* ix, int S) {
    for (int size = 2; size <= S; size <<= 1) {
        for (int stride = size >> 1; stride > 0; stride >>= 1) {
            for (int t = threadIdx.x; t < (S >> 1); t += blockDim.x) {
                int lo = 2 * stride * (t / stride) + (t % stride);
                int hi = lo + stride;
                bool up = (lo & size) == 0;
                float a = d[lo];
                float b = d[hi];
                int ia = ix[lo];
                int ib = ix[hi];
                bool bLess = key_less(b, ib & IDX_MASK, a, ia & IDX_MASK);
                bool aLess = key_less(a, ia & IDX_MASK, b, ib & IDX_MASK);
                if (up ? bLess : aLess) {
                    d[lo] = b;
                    d[hi] = a;
                    ix[lo] = ib;
                    ix[hi] = ia;
                }
            }
            __syncthreads();
        }
    }
}

// Sorts the k kept keys and the cnt candidates behind them, keeps the k best in front and updates the threshold.
__device__ void merge_candidates(float* sd, int* si, int k, int S, int* cnt, float* thrD, int* thrI) {
    int n = k + *cnt;
    for (int i = n + threadIdx.x; i < S; i += blockDim.x) {
        sd[i] = pos_inf();
        si[i] = PAD_IDX;
    }
    __syncthreads();
    bitonic_sort(sd, si, S);
    if (threadIdx.x == 0) {
        *cnt = 0;
        *thrD = sd[k - 1];
        *thrI = si[k - 1];
    }
    __syncthreads();
}

// out[r] = |x_r|^2, one warp per row.
extern "C" __global__ void sq_norms(const float* __restrict__ x, int rows, int dim, float* __restrict__ out) {
    long long warp = ((long long) blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    int lane = threadIdx.x & 31;
    if (warp >= rows) {
        return;
    }
    const float* r = x + warp * dim;
    float s = 0.f;
    for (int i = lane; i < dim; i += 32) {
        float v = r[i];
        s = fmaf(v, v, s);
    }
    for (int o = 16; o > 0; o >>= 1) {
        s += __shfl_xor_sync(0xffffffffu, s, o);
    }
    if (lane == 0) {
        out[warp] = s;
    }
}

// d[i] = +inf, ix[i] = PAD_IDX for i < count (empty top-k lists).
extern "C" __global__ void fill_topk(float* __restrict__ d, int* __restrict__ ix, long long count) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < count;
         i += (long long) gridDim.x * blockDim.x) {
        d[i] = pos_inf();
        ix[i] = PAD_IDX;
    }
}

// Distance tile: out[i * ldo + j] = dist(q_i, b_j) for i < nq, j < nb. 128 x 128 outputs per block of 16 x 16
// threads (8 x 8 per thread), the inner products blocked through shared memory 16 dimensions at a time.
#define DT_TILE 128
#define DT_K 16
extern "C" __global__ void __launch_bounds__(256) distance_tile(
        const float* __restrict__ q, const float* __restrict__ qn, int nq,
        const float* __restrict__ b, const float* __restrict__ bn, int nb, int dim, int metric,
        float* __restrict__ out, long long ldo) {
    __shared__ float qs[DT_K][DT_TILE + 4];
    __shared__ float bs[DT_K][DT_TILE + 4];
    int tx = threadIdx.x;
    int ty = threadIdx.y;
    int tid = ty * 16 + tx;
    int q0 = blockIdx.y * DT_TILE;
    int b0 = blockIdx.x * DT_TILE;
    float acc[8][8];
#pragma unroll
    for (int i = 0; i < 8; i++) {
#pragma unroll
        for (int j = 0; j < 8; j++) {
            acc[i][j] = 0.f;
        }
    }
    for (int k0 = 0; k0 < dim; k0 += DT_K) {
        for (int e = tid; e < DT_TILE * DT_K; e += 256) {
            int r = e / DT_K;
            int c = e % DT_K;
            int gk = k0 + c;
            int gq = q0 + r;
            int gb = b0 + r;
            qs[c][r] = (gq < nq && gk < dim) ? q[(long long) gq * dim + gk] : 0.f;
            bs[c][r] = (gb < nb && gk < dim) ? b[(long long) gb * dim + gk] : 0.f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < DT_K; kk++) {
            float a[8];
            float v[8];
#pragma unroll
            for (int i = 0; i < 8; i++) {
                a[i] = qs[kk][ty + 16 * i];
                v[i] = bs[kk][tx + 16 * i];
            }
#pragma unroll
            for (int i = 0; i < 8; i++) {
#pragma unroll
                for (int j = 0; j < 8; j++) {
                    acc[i][j] = fmaf(a[i], v[j], acc[i][j]);
                }
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 8; i++) {
        int gq = q0 + ty + 16 * i;
        if (gq >= nq) {
            continue;
        }
#pragma unroll
        for (int j = 0; j < 8; j++) {
            int gb = b0 + tx + 16 * j;
            if (gb < nb) {
                float dot = acc[i][j];
                float d = metric == 0 ? fmaxf(0.f, qn[gq] + bn[gb] - 2.f * dot) : (metric == 1 ? -dot : 1.f - dot);
                out[(long long) gq * ldo + gb] = d;
            }
        }
    }
}

// Merges row q of a distance tile (nb columns, candidate index baseOffset + column) into the running top-k of query q
// (topD/topI, k per query, ascending). One block per query; the tile row is filtered against the current k-th key so
// only candidates that can enter are sorted. Dynamic shared memory: S floats + S ints, S = pow2 >= k + 1024.
extern "C" __global__ void select_topk(const float* __restrict__ dist, int nq, int nb, long long ldd, int baseOffset,
                                       int k, int S, float* __restrict__ topD, int* __restrict__ topI) {
    extern __shared__ float smem[];
    float* sd = smem;
    int* si = (int*) (smem + S);
    __shared__ int cnt;
    __shared__ float thrD;
    __shared__ int thrI;
    int q = blockIdx.x;
    if (q >= nq) {
        return;
    }
    long long o = (long long) q * k;
    for (int i = threadIdx.x; i < k; i += blockDim.x) {
        sd[i] = topD[o + i];
        si[i] = topI[o + i];
    }
    if (threadIdx.x == 0) {
        cnt = 0;
        thrD = topD[o + k - 1];
        thrI = topI[o + k - 1];
    }
    __syncthreads();
    const float* row = dist + (long long) q * ldd;
    int cap = S - k;
    for (int c0 = 0; c0 < nb; c0 += blockDim.x) {
        int col = c0 + threadIdx.x;
        if (col < nb) {
            float d = row[col];
            int id = baseOffset + col;
            if (key_less(d, id, thrD, thrI)) {
                int p = atomicAdd(&cnt, 1);
                sd[k + p] = d;
                si[k + p] = id;
            }
        }
        __syncthreads();
        int c = cnt;
        __syncthreads();
        if (c > cap - (int) blockDim.x) {
            merge_candidates(sd, si, k, S, &cnt, &thrD, &thrI);
        }
    }
    if (cnt > 0) {
        merge_candidates(sd, si, k, S, &cnt, &thrD, &thrI);
    }
    for (int i = threadIdx.x; i < k; i += blockDim.x) {
        topD[o + i] = sd[i];
        topI[o + i] = si[i];
    }
}

// k-means assignment step over one centroid tile: row r keeps the smaller of (best[r], assign[r]) and the row's
// minimum (distance, cOffset + column) of the tile. One warp per row.
extern "C" __global__ void kmeans_argmin(const float* __restrict__ dist, int n, int nc, long long ldd, int cOffset,
                                         int* __restrict__ assign, float* __restrict__ best) {
    long long warp = ((long long) blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    int lane = threadIdx.x & 31;
    if (warp >= n) {
        return;
    }
    const float* row = dist + warp * ldd;
    float bd = pos_inf();
    int bi = PAD_IDX;
    for (int c = lane; c < nc; c += 32) {
        float d = row[c];
        if (key_less(d, cOffset + c, bd, bi)) {
            bd = d;
            bi = cOffset + c;
        }
    }
    for (int off = 16; off > 0; off >>= 1) {
        float od = __shfl_xor_sync(0xffffffffu, bd, off);
        int oi = __shfl_xor_sync(0xffffffffu, bi, off);
        if (key_less(od, oi, bd, bi)) {
            bd = od;
            bi = oi;
        }
    }
    if (lane == 0 && key_less(bd, bi, best[warp], assign[warp])) {
        best[warp] = bd;
        assign[warp] = bi;
    }
}

// k-means update step: sums[assign[r]] += x_r, counts[assign[r]] += 1 (float atomics: not bit-deterministic).
extern "C" __global__ void kmeans_accumulate(const float* __restrict__ x, int n, int dim,
                                             const int* __restrict__ assign, float* __restrict__ sums,
                                             int* __restrict__ counts) {
    long long total = (long long) n * dim;
    for (long long t = (long long) blockIdx.x * blockDim.x + threadIdx.x; t < total;
         t += (long long) gridDim.x * blockDim.x) {
        long long row = t / dim;
        int c = (int) (t - row * dim);
        int a = assign[row];
        atomicAdd(&sums[(long long) a * dim + c], x[t]);
        if (c == 0) {
            atomicAdd(&counts[a], 1);
        }
    }
}

__device__ __forceinline__ float warp_distance(const float* __restrict__ qs, const float* __restrict__ v, int dim,
                                               int metric, int lane) {
    float s = 0.f;
    if (metric == 0) {
        for (int i = lane; i < dim; i += 32) {
            float t = qs[i] - v[i];
            s = fmaf(t, t, s);
        }
    } else {
        for (int i = lane; i < dim; i += 32) {
            s = fmaf(qs[i], v[i], s);
        }
    }
    for (int o = 16; o > 0; o >>= 1) {
        s += __shfl_xor_sync(0xffffffffu, s, o);
    }
    return metric == 0 ? s : (metric == 1 ? -s : 1.f - s);
}

// IVF-Flat search: query q scans the rows of its nprobe lists (probes[q * nprobe + p], negative or >= nlist = none;
// list l holds rows [offsets[l], offsets[l + 1])) and keeps its top-k rows. One block per query, a warp per row.
// Dynamic shared memory: dim floats (the query) + S floats + S ints, S = pow2 >= k + 512.
#define IVF_ROWS_PER_WARP 8
extern "C" __global__ void ivf_scan(const float* __restrict__ queries, int nq, int dim,
                                    const float* __restrict__ vecs, const int* __restrict__ offsets, int nlist,
                                    const int* __restrict__ probes, int nprobe, int metric, int k, int S,
                                    float* __restrict__ topD, int* __restrict__ topI) {
    extern __shared__ float smem[];
    float* qs = smem;
    float* sd = smem + dim;
    int* si = (int*) (sd + S);
    __shared__ int cnt;
    __shared__ float thrD;
    __shared__ int thrI;
    int q = blockIdx.x;
    if (q >= nq) {
        return;
    }
    for (int i = threadIdx.x; i < dim; i += blockDim.x) {
        qs[i] = queries[(long long) q * dim + i];
    }
    for (int i = threadIdx.x; i < k; i += blockDim.x) {
        sd[i] = pos_inf();
        si[i] = PAD_IDX;
    }
    if (threadIdx.x == 0) {
        cnt = 0;
        thrD = pos_inf();
        thrI = PAD_IDX;
    }
    __syncthreads();
    int warps = blockDim.x >> 5;
    int warp = threadIdx.x >> 5;
    int lane = threadIdx.x & 31;
    int step = warps * IVF_ROWS_PER_WARP;
    int cap = S - k;
    for (int p = 0; p < nprobe; p++) {
        int l = probes[(long long) q * nprobe + p];
        if (l < 0 || l >= nlist) {
            continue;
        }
        int r0 = offsets[l];
        int r1 = offsets[l + 1];
        for (int base = r0; base < r1; base += step) {
            for (int j = 0; j < IVF_ROWS_PER_WARP; j++) {
                int row = base + warp * IVF_ROWS_PER_WARP + j;
                if (row < r1) {
                    float d = warp_distance(qs, vecs + (long long) row * dim, dim, metric, lane);
                    if (lane == 0 && key_less(d, row, thrD, thrI)) {
                        int pos = atomicAdd(&cnt, 1);
                        sd[k + pos] = d;
                        si[k + pos] = row;
                    }
                }
            }
            __syncthreads();
            int c = cnt;
            __syncthreads();
            if (c > cap - step) {
                merge_candidates(sd, si, k, S, &cnt, &thrD, &thrI);
            }
        }
    }
    if (cnt > 0) {
        merge_candidates(sd, si, k, S, &cnt, &thrD, &thrI);
    }
    for (int i = threadIdx.x; i < k; i += blockDim.x) {
        topD[(long long) q * k + i] = sd[i];
        topI[(long long) q * k + i] = si[i];
    }
}

// CAGRA-style rank-based pruning. knn holds every node's K nearest neighbours, ascending, negative = none. The edge
// node -> y (rank b) has a detour through z (rank a < b) when y is among z's first b neighbours; edges are reordered by
// (detour count, rank) and the first `degree` are written to out (pre-filled with -1). One block per node, one
// thread per rank. Dynamic shared memory: 2 * K ints.
extern "C" __global__ void cagra_prune(const int* __restrict__ knn, int n, int K, int degree,
                                       int* __restrict__ out) {
    extern __shared__ int ish[];
    int* list = ish;
    int* keys = ish + K;
    int node = blockIdx.x;
    if (node >= n) {
        return;
    }
    int b = threadIdx.x;
    if (b < K) {
        list[b] = knn[(long long) node * K + b];
    }
    __syncthreads();
    int key = 0x7fffffff;
    int y = -1;
    if (b < K) {
        y = list[b];
        if (y >= 0) {
            int count = 0;
            for (int a = 0; a < b; a++) {
                int z = list[a];
                if (z < 0) {
                    continue;
                }
                const int* lz = knn + (long long) z * K;
                for (int c = 0; c < b; c++) {
                    if (lz[c] == y) {
                        count++;
                        break;
                    }
                }
            }
            key = count * K + b;
        }
        keys[b] = key;
    }
    __syncthreads();
    if (b < K && y >= 0) {
        int pos = 0;
        for (int j = 0; j < K; j++) {
            if (keys[j] < key) {
                pos++;
            }
        }
        if (pos < degree) {
            out[(long long) node * degree + pos] = y;
        }
    }
}

#define HASH_BITS 13
#define HASH_SIZE (1 << HASH_BITS)
#define MAX_PARENTS 8

// Marks v visited; true when it was not visited before (open addressing in shared memory, -1 = empty).
__device__ bool hash_insert(int* table, int v) {
    unsigned h = ((unsigned) v * 2654435761u) >> (32 - HASH_BITS);
    for (int i = 0; i < HASH_SIZE; i++) {
        int old = atomicCAS(&table[h], -1, v);
        if (old == -1) {
            return true;
        }
        if (old == v) {
            return false;
        }
        h = (h + 1) & (HASH_SIZE - 1);
    }
    return false;
}

// Batched fixed-degree graph search (single block per query, CAGRA style): an internal top-L list sorted by
// (distance, node); each iteration expands the first `parents` unexpanded entries, scores their unvisited neighbours
// (a warp per neighbour) and merges them in; stops when every kept entry is expanded or after maxIter iterations.
// Seeds (the graph's entry point and fixed pseudo-random nodes) start the list. Writes the first k entries.
// Dynamic shared memory: dim floats + S floats + S ints + HASH_SIZE ints, S = pow2 >= L + max(parents * degree,
// nseeds).
extern "C" __global__ void graph_search(const float* __restrict__ vecs, int n, int dim, const int* __restrict__ graph,
                                        int degree, const float* __restrict__ queries, int nq, int metric,
                                        const int* __restrict__ seeds, int nseeds, int L, int parents, int maxIter,
                                        int S, int k, float* __restrict__ outD, int* __restrict__ outI) {
    extern __shared__ float smem[];
    float* qs = smem;
    float* sd = smem + dim;
    int* si = (int*) (sd + S);
    int* table = si + S;
    __shared__ int par[MAX_PARENTS];
    __shared__ int npar;
    int q = blockIdx.x;
    if (q >= nq) {
        return;
    }
    int warps = blockDim.x >> 5;
    int warp = threadIdx.x >> 5;
    int lane = threadIdx.x & 31;
    for (int i = threadIdx.x; i < dim; i += blockDim.x) {
        qs[i] = queries[(long long) q * dim + i];
    }
    for (int i = threadIdx.x; i < HASH_SIZE; i += blockDim.x) {
        table[i] = -1;
    }
    for (int i = threadIdx.x; i < S; i += blockDim.x) {
        sd[i] = pos_inf();
        si[i] = PAD_IDX;
    }
    __syncthreads();
    for (int i = threadIdx.x; i < nseeds; i += blockDim.x) {
        int s = seeds[i];
        if (s >= 0 && s < n && hash_insert(table, s)) {
            si[L + i] = s;
        }
    }
    __syncthreads();
    for (int c = warp; c < nseeds; c += warps) {
        int id = si[L + c];
        if (id == PAD_IDX) {
            continue;
        }
        float d = warp_distance(qs, vecs + (long long) id * dim, dim, metric, lane);
        if (lane == 0) {
            sd[L + c] = d;
        }
    }
    __syncthreads();
    bitonic_sort(sd, si, S);
    for (int it = 0; it < maxIter; it++) {
        if (threadIdx.x == 0) {
            int np = 0;
            for (int i = 0; i < L && np < parents; i++) {
                int v = si[i];
                if (v == PAD_IDX) {
                    break;
                }
                if (v >= 0) {
                    par[np++] = v;
                    si[i] = (int) ((unsigned) v | FLAG_BIT);
                }
            }
            npar = np;
        }
        __syncthreads();
        int np = npar;
        if (np == 0) {
            break;
        }
        int width = np * degree;
        for (int j = threadIdx.x; j < S - L; j += blockDim.x) {
            int id = PAD_IDX;
            if (j < width) {
                int nb = graph[(long long) par[j / degree] * degree + (j % degree)];
                if (nb >= 0 && nb < n && hash_insert(table, nb)) {
                    id = nb;
                }
            }
            si[L + j] = id;
            sd[L + j] = pos_inf();
        }
        __syncthreads();
        for (int c = warp; c < width; c += warps) {
            int id = si[L + c];
            if (id == PAD_IDX) {
                continue;
            }
            float d = warp_distance(qs, vecs + (long long) id * dim, dim, metric, lane);
            if (lane == 0) {
                sd[L + c] = d;
            }
        }
        __syncthreads();
        bitonic_sort(sd, si, S);
    }
    for (int i = threadIdx.x; i < k; i += blockDim.x) {
        int v = si[i];
        outD[(long long) q * k + i] = sd[i];
        outI[(long long) q * k + i] = v == PAD_IDX ? -1 : (v & IDX_MASK);
    }
}
