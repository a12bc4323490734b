package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.internal.vec.TopKHeap;
import java.util.Arrays;

/**
 * The kernels of {@code sweeplake_ann.cu} in Java, with the same inputs, outputs and ordering rules (keys ordered by
 * distance, then index; {@link #PAD} with +inf pads empty slots). Results equal the CUDA kernels' up to float rounding
 * (summation order) and, for k-means, atomic-add order. Each method runs a whole grid. Stateless; thread-safe.
 */
final class ReferenceKernels {
    static final int PAD = Integer.MAX_VALUE;
    static final int FLAG = 0x80000000;
    static final int HASH_SIZE = 1 << 13;
    static final int MAX_PARENTS = 8;

    private ReferenceKernels() {}

    static boolean keyLess(float da, int ia, float db, int ib) {
        return da < db || (da == db && ia < ib);
    }

    static void sqNorms(float[] x, int xo, int rows, int dim, float[] out, int oo) {
        for (int r = 0; r < rows; r++) {
            float s = 0f;
            int b = xo + r * dim;
            for (int i = 0; i < dim; i++) {
                s += x[b + i] * x[b + i];
            }
            out[oo + r] = s;
        }
    }

    static void fillTopk(float[] d, int dOff, int[] ix, int iOff, long count) {
        Arrays.fill(d, dOff, dOff + (int) count, Float.POSITIVE_INFINITY);
        Arrays.fill(ix, iOff, iOff + (int) count, PAD);
    }

    static float metricOf(int metric, float dot, float qn, float bn) {
        return metric == 0 ? Math.max(0f, qn + bn - 2f * dot) : (metric == 1 ? -dot : 1f - dot);
    }

    static void distanceTile(
            float[] q,
            int qo,
            float[] qn,
            int qno,
            int nq,
            float[] b,
            int bo,
            float[] bn,
            int bno,
            int nb,
            int dim,
            int metric,
            float[] out,
            int oo,
            long ldo) {
        for (int i = 0; i < nq; i++) {
            int qb = qo + i * dim;
            for (int j = 0; j < nb; j++) {
                int bb = bo + j * dim;
                float dot = 0f;
                for (int c = 0; c < dim; c++) {
                    dot += q[qb + c] * b[bb + c];
                }
                out[oo + (int) (i * ldo) + j] = metricOf(metric, dot, qn[qno + i], bn[bno + j]);
            }
        }
    }

    static void selectTopk(
            float[] dist,
            int dOff,
            int nq,
            int nb,
            long ldd,
            int baseOffset,
            int k,
            float[] topD,
            int tdo,
            int[] topI,
            int tio) {
        TopKHeap heap = new TopKHeap(k);
        float[] d = new float[k];
        int[] r = new int[k];
        for (int q = 0; q < nq; q++) {
            heap.clear();
            int o = q * k;
            for (int i = 0; i < k; i++) {
                heap.offer(topD[tdo + o + i], topI[tio + o + i]);
            }
            int row = dOff + (int) (q * ldd);
            for (int c = 0; c < nb; c++) {
                float v = dist[row + c];
                if (v <= heap.threshold()) {
                    heap.offer(v, baseOffset + c);
                }
            }
            heap.drainAscending(d, r, 0);
            System.arraycopy(d, 0, topD, tdo + o, k);
            System.arraycopy(r, 0, topI, tio + o, k);
        }
    }

    static void kmeansArgmin(
            float[] dist, int dOff, int n, int nc, long ldd, int cOffset, int[] assign, int ao, float[] best, int bo) {
        for (int r = 0; r < n; r++) {
            float bd = Float.POSITIVE_INFINITY;
            int bi = PAD;
            int row = dOff + (int) (r * ldd);
            for (int c = 0; c < nc; c++) {
                if (keyLess(dist[row + c], cOffset + c, bd, bi)) {
                    bd = dist[row + c];
                    bi = cOffset + c;
                }
            }
            if (keyLess(bd, bi, best[bo + r], assign[ao + r])) {
                best[bo + r] = bd;
                assign[ao + r] = bi;
            }
        }
    }

    static void kmeansAccumulate(
            float[] x, int xo, int n, int dim, int[] assign, int ao, float[] sums, int so, int[] counts, int co) {
        for (int r = 0; r < n; r++) {
            int a = assign[ao + r];
            for (int c = 0; c < dim; c++) {
                sums[so + a * dim + c] += x[xo + r * dim + c];
            }
            counts[co + a]++;
        }
    }

    static float distance(float[] q, int qo, float[] v, int vo, int dim, int metric) {
        float s = 0f;
        if (metric == 0) {
            for (int i = 0; i < dim; i++) {
                float t = q[qo + i] - v[vo + i];
                s += t * t;
            }
            return s;
        }
        for (int i = 0; i < dim; i++) {
            s += q[qo + i] * v[vo + i];
        }
        return metric == 1 ? -s : 1f - s;
    }

    static void ivfScan(
            float[] queries,
            int qo,
            int nq,
            int dim,
            float[] vecs,
            int vo,
            int[] offsets,
            int oo,
            int nlist,
            int[] probes,
            int po,
            int nprobe,
            int metric,
            int k,
            float[] topD,
            int tdo,
            int[] topI,
            int tio) {
        TopKHeap heap = new TopKHeap(k);
        float[] d = new float[k];
        int[] r = new int[k];
        for (int q = 0; q < nq; q++) {
            heap.clear();
            for (int i = 0; i < k; i++) {
                heap.offer(Float.POSITIVE_INFINITY, PAD);
            }
            for (int p = 0; p < nprobe; p++) {
                int l = probes[po + q * nprobe + p];
                if (l < 0 || l >= nlist) {
                    continue;
                }
                for (int row = offsets[oo + l]; row < offsets[oo + l + 1]; row++) {
                    float v = distance(queries, qo + q * dim, vecs, vo + row * dim, dim, metric);
                    if (v <= heap.threshold()) {
                        heap.offer(v, row);
                    }
                }
            }
            heap.drainAscending(d, r, 0);
            System.arraycopy(d, 0, topD, tdo + q * k, k);
            System.arraycopy(r, 0, topI, tio + q * k, k);
        }
    }

    static void cagraPrune(int[] knn, int ko, int n, int bigK, int degree, int[] out, int oo) {
        int[] keys = new int[bigK];
        for (int node = 0; node < n; node++) {
            int lo = ko + node * bigK;
            for (int b = 0; b < bigK; b++) {
                int y = knn[lo + b];
                keys[b] = Integer.MAX_VALUE;
                if (y < 0) {
                    continue;
                }
                int count = 0;
                for (int a = 0; a < b; a++) {
                    int z = knn[lo + a];
                    if (z < 0) {
                        continue;
                    }
                    int zo = ko + z * bigK;
                    for (int c = 0; c < b; c++) {
                        if (knn[zo + c] == y) {
                            count++;
                            break;
                        }
                    }
                }
                keys[b] = count * bigK + b;
            }
            for (int b = 0; b < bigK; b++) {
                if (keys[b] == Integer.MAX_VALUE) {
                    continue;
                }
                int pos = 0;
                for (int j = 0; j < bigK; j++) {
                    if (keys[j] < keys[b]) {
                        pos++;
                    }
                }
                if (pos < degree) {
                    out[oo + node * degree + pos] = knn[lo + b];
                }
            }
        }
    }

    /**
     * Sorts (d, ix) pairs [0, len) by (d, ix without the flag bit). Insertion sort: the kernel's data is a sorted list
     * followed by a few new candidates and padding, which it handles in about len x candidates steps.
     */
    private static void sortKeys(float[] d, int[] ix, int len) {
        for (int i = 1; i < len; i++) {
            float kd = d[i];
            int ki = ix[i];
            int j = i - 1;
            while (j >= 0 && keyLess(kd, ki & PAD, d[j], ix[j] & PAD)) {
                d[j + 1] = d[j];
                ix[j + 1] = ix[j];
                j--;
            }
            d[j + 1] = kd;
            ix[j + 1] = ki;
        }
    }

    static void graphSearch(
            float[] vecs,
            int vo,
            int n,
            int dim,
            int[] graph,
            int go,
            int degree,
            float[] queries,
            int qo,
            int nq,
            int metric,
            int[] seeds,
            int so,
            int nseeds,
            int bigL,
            int parents,
            int maxIter,
            int bigS,
            int k,
            float[] outD,
            int od,
            int[] outI,
            int oi) {
        float[] sd = new float[bigS];
        int[] si = new int[bigS];
        int[] stamp = new int[n];
        int[] par = new int[MAX_PARENTS];
        for (int q = 0; q < nq; q++) {
            int mark = q + 1;
            int qb = qo + q * dim;
            Arrays.fill(sd, Float.POSITIVE_INFINITY);
            Arrays.fill(si, PAD);
            for (int i = 0; i < nseeds; i++) {
                int s = seeds[so + i];
                if (s >= 0 && s < n && stamp[s] != mark) {
                    stamp[s] = mark;
                    si[bigL + i] = s;
                    sd[bigL + i] = distance(queries, qb, vecs, vo + s * dim, dim, metric);
                }
            }
            sortKeys(sd, si, bigS);
            for (int it = 0; it < maxIter; it++) {
                int np = 0;
                for (int i = 0; i < bigL && np < parents; i++) {
                    int v = si[i];
                    if (v == PAD) {
                        break;
                    }
                    if (v >= 0) {
                        par[np++] = v;
                        si[i] = v | FLAG;
                    }
                }
                if (np == 0) {
                    break;
                }
                int width = np * degree;
                for (int j = 0; j < bigS - bigL; j++) {
                    int id = PAD;
                    float dd = Float.POSITIVE_INFINITY;
                    if (j < width) {
                        int nb = graph[go + par[j / degree] * degree + (j % degree)];
                        if (nb >= 0 && nb < n && stamp[nb] != mark) {
                            stamp[nb] = mark;
                            id = nb;
                            dd = distance(queries, qb, vecs, vo + nb * dim, dim, metric);
                        }
                    }
                    si[bigL + j] = id;
                    sd[bigL + j] = dd;
                }
                sortKeys(sd, si, bigS);
            }
            for (int i = 0; i < k; i++) {
                outD[od + q * k + i] = sd[i];
                outI[oi + q * k + i] = si[i] == PAD ? -1 : si[i] & PAD;
            }
        }
    }
}
