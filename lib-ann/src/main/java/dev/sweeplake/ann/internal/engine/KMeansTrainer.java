package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.internal.Parallel;
import dev.sweeplake.ann.internal.vec.BlockedScan;
import dev.sweeplake.ann.internal.vec.TopKHeap;
import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.util.SplittableRandom;

/**
 * Seeded Lloyd k-means (L2) with k-means++ initialisation on raw row-major arrays; assignment runs on the blocked
 * kernel. Deterministic for a given seed and input whatever the thread count. Stateless; thread-safe.
 */
public final class KMeansTrainer {
    private KMeansTrainer() {}

    /** Returns k x dim centroids. Requires 1 <= k <= n. */
    public static float[] train(
            float[] data, int n, int dim, int k, int iterations, long seed, int threads, ProgressListener listener) {
        VectorKernel kernel = VectorKernels.get();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] centroids = plusPlusInit(kernel, data, n, dim, k, rnd);
        int[] assign = new int[n];
        float[] best = new float[n];
        java.util.Arrays.fill(assign, -1);
        for (int it = 0; it < iterations; it++) {
            int changed = assign(kernel, data, n, dim, centroids, k, threads, assign, best);
            recompute(data, n, dim, centroids, k, assign, best);
            listener.onProgress("kmeans", it + 1, iterations);
            if (changed == 0) {
                break;
            }
        }
        return centroids;
    }

    /** k-means++ seeding: k rows of data (k x dim), the first uniform, each next with probability ~ squared distance. */
    public static float[] plusPlusInit(VectorKernel kernel, float[] data, int n, int dim, int k, SplittableRandom rnd) {
        float[] c = new float[k * dim];
        int first = rnd.nextInt(n);
        System.arraycopy(data, first * dim, c, 0, dim);
        double[] d2 = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            d2[i] = kernel.l2(data, i * dim, c, 0, dim);
            sum += d2[i];
        }
        for (int j = 1; j < k; j++) {
            int pick;
            if (sum <= 0) {
                pick = rnd.nextInt(n);
            } else {
                double r = rnd.nextDouble() * sum;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    r -= d2[i];
                    if (r <= 0) {
                        pick = i;
                        break;
                    }
                }
            }
            System.arraycopy(data, pick * dim, c, j * dim, dim);
            sum = 0;
            for (int i = 0; i < n; i++) {
                float d = kernel.l2(data, i * dim, c, j * dim, dim);
                if (d < d2[i]) {
                    d2[i] = d;
                }
                sum += d2[i];
            }
        }
        return c;
    }

    /** Nearest centroid of every row into assign/best; returns how many assignments changed. */
    public static int assign(
            VectorKernel kernel,
            float[] data,
            int n,
            int dim,
            float[] centroids,
            int k,
            int threads,
            int[] assign,
            float[] best) {
        float[] cn = BlockedScan.squaredNorms(kernel, centroids, k, dim);
        float[] dn = BlockedScan.squaredNorms(kernel, data, n, dim);
        int workers = Math.max(1, Math.min(threads, n / 256 + 1));
        int chunk = (n + workers - 1) / workers;
        int[] changed = new int[workers];
        Runnable[] tasks = new Runnable[workers];
        for (int w = 0; w < workers; w++) {
            int from = Math.min(n, w * chunk);
            int to = Math.min(n, from + chunk);
            int wi = w;
            tasks[w] = () -> {
                for (int s = from; s < to; s += 512) {
                    int e = Math.min(to, s + 512);
                    TopKHeap[] heaps = new TopKHeap[e - s];
                    for (int i = 0; i < heaps.length; i++) {
                        heaps[i] = new TopKHeap(1);
                    }
                    BlockedScan.scan(kernel, Metric.L2, dim, centroids, cn, 0, k, data, dn, s, e, heaps);
                    float[] d = new float[1];
                    int[] r = new int[1];
                    for (int i = 0; i < heaps.length; i++) {
                        heaps[i].drainAscending(d, r, 0);
                        if (assign[s + i] != r[0]) {
                            changed[wi]++;
                        }
                        assign[s + i] = r[0];
                        best[s + i] = d[0];
                    }
                }
            };
        }
        Parallel.runAll(tasks);
        int total = 0;
        for (int c : changed) {
            total += c;
        }
        return total;
    }

    private static void recompute(float[] data, int n, int dim, float[] centroids, int k, int[] assign, float[] best) {
        double[] sums = new double[k * dim];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            int c = assign[i];
            counts[c]++;
            int o = i * dim;
            int co = c * dim;
            for (int d = 0; d < dim; d++) {
                sums[co + d] += data[o + d];
            }
        }
        finishCentroids(sums, counts, data, n, dim, centroids, k, best);
    }

    /**
     * The update step from per-centroid sums and counts: centroid = mean; an empty centroid moves onto the row
     * farthest from its centroid (by {@code best}, which is updated), deterministically.
     */
    public static void finishCentroids(
            double[] sums, int[] counts, float[] data, int n, int dim, float[] centroids, int k, float[] best) {
        boolean[] taken = new boolean[n];
        for (int c = 0; c < k; c++) {
            int co = c * dim;
            if (counts[c] == 0) {
                // Empty cluster: move it onto the point farthest from its centroid (deterministic).
                int far = -1;
                for (int i = 0; i < n; i++) {
                    if (!taken[i] && (far < 0 || best[i] > best[far])) {
                        far = i;
                    }
                }
                taken[far] = true;
                best[far] = 0;
                System.arraycopy(data, far * dim, centroids, co, dim);
                continue;
            }
            for (int d = 0; d < dim; d++) {
                centroids[co + d] = (float) (sums[co + d] / counts[c]);
            }
        }
    }
}
