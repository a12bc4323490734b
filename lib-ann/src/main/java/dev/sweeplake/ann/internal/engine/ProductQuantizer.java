package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;

/**
 * Product quantizer: the dimension is split into M contiguous subspaces ({@code start(s) = s * dim / M}, so M need
 * not divide the dimension), each with up to 256 k-means centroids; a vector becomes M one-byte codes. Distances use
 * per-query lookup tables (asymmetric distance computation). Immutable after construction; thread-safe.
 */
final class ProductQuantizer {
    final int dim;
    final int subspaces;
    final int ksub;
    /** Subspace s occupies ksub x dsub(s) floats at ksub * start(s). */
    final float[] codebooks;

    ProductQuantizer(int dim, int subspaces, int ksub, float[] codebooks) {
        this.dim = dim;
        this.subspaces = subspaces;
        this.ksub = ksub;
        this.codebooks = codebooks;
    }

    int start(int s) {
        return (int) ((long) s * dim / subspaces);
    }

    static ProductQuantizer train(
            float[] sample,
            int ns,
            int dim,
            int subspaces,
            int iterations,
            long seed,
            int threads,
            ProgressListener listener) {
        int ksub = Math.min(256, ns);
        float[] books = new float[ksub * dim];
        ProductQuantizer pq = new ProductQuantizer(dim, subspaces, ksub, books);
        for (int s = 0; s < subspaces; s++) {
            int st = pq.start(s);
            int ds = pq.start(s + 1) - st;
            float[] sub = extract(sample, ns, dim, st, ds);
            float[] c =
                    KMeansTrainer.train(sub, ns, ds, ksub, iterations, seed + 31L * s, threads, ProgressListener.NONE);
            System.arraycopy(c, 0, books, ksub * st, ksub * ds);
            listener.onProgress("pq-train", s + 1, subspaces);
        }
        return pq;
    }

    private static float[] extract(float[] data, int n, int dim, int st, int ds) {
        float[] sub = new float[n * ds];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data, i * dim + st, sub, i * ds, ds);
        }
        return sub;
    }

    /** Codes of n rows: byte[n * subspaces]. */
    byte[] encode(float[] data, int n, int threads) {
        VectorKernel kernel = VectorKernels.get();
        byte[] codes = new byte[n * subspaces];
        int[] assign = new int[n];
        float[] best = new float[n];
        for (int s = 0; s < subspaces; s++) {
            int st = start(s);
            int ds = start(s + 1) - st;
            float[] sub = extract(data, n, dim, st, ds);
            float[] book = new float[ksub * ds];
            System.arraycopy(codebooks, ksub * st, book, 0, book.length);
            java.util.Arrays.fill(assign, -1);
            KMeansTrainer.assign(kernel, sub, n, ds, book, ksub, threads, assign, best);
            for (int i = 0; i < n; i++) {
                codes[i * subspaces + s] = (byte) assign[i];
            }
        }
        return codes;
    }

    /**
     * Lookup table for one query: {@code lut[s * ksub + c]} is the contribution of code c in subspace s
     * (squared L2 for L2, minus the partial dot product for inner product and cosine).
     */
    void lookupTable(VectorKernel kernel, Metric metric, float[] q, int qo, float[] lut) {
        for (int s = 0; s < subspaces; s++) {
            int st = start(s);
            int ds = start(s + 1) - st;
            int base = ksub * st;
            boolean l2 = metric == Metric.L2;
            if (ds >= 16) {
                for (int c = 0; c < ksub; c++) {
                    lut[s * ksub + c] = l2
                            ? kernel.l2(q, qo + st, codebooks, base + c * ds, ds)
                            : -kernel.dot(q, qo + st, codebooks, base + c * ds, ds);
                }
                continue;
            }
            // Short subspaces: an inline loop beats a kernel call per code.
            for (int c = 0; c < ksub; c++) {
                int co = base + c * ds;
                float acc = 0;
                for (int d = 0; d < ds; d++) {
                    float x = q[qo + st + d];
                    float y = codebooks[co + d];
                    acc += l2 ? (x - y) * (x - y) : -x * y;
                }
                lut[s * ksub + c] = acc;
            }
        }
    }
}
