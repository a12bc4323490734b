package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.engine.KMeansTrainer;
import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.util.Arrays;
import java.util.Locale;

/**
 * Trained k-means centroids (L2) with nearest-centroid routing and a balanced assignment. Immutable, thread-safe.
 */
public final class KMeansModel {
    private final float[] centroids;
    private final int dimension;
    private final int k;

    private KMeansModel(float[] centroids, int dimension) {
        this.centroids = centroids;
        this.dimension = dimension;
        this.k = centroids.length / dimension;
    }

    /** Wraps k x dimension row-major centroids (copied), e.g. read back from an index manifest. */
    public static KMeansModel of(float[] centroids, int dimension) {
        Checks.notNull("centroids", centroids);
        Checks.atLeast("dimension", dimension, 1);
        if (centroids.length == 0 || centroids.length % dimension != 0) {
            throw new IllegalArgumentException(Checks.fmt(
                    "centroids length must be a positive multiple of dimension %d, actual %d",
                    dimension, centroids.length));
        }
        Checks.finite("centroid", centroids, 0, centroids.length / dimension, dimension);
        return new KMeansModel(centroids.clone(), dimension);
    }

    public int k() {
        return k;
    }

    public int dimension() {
        return dimension;
    }

    /** A copy of the k x dimension row-major centroids. */
    public float[] centroids() {
        return centroids.clone();
    }

    /** Index of the nearest centroid of one vector (ties: smaller index). */
    public int nearest(float[] vector) {
        Checks.dimension("vector", dimension, vector.length);
        VectorKernel kernel = VectorKernels.get();
        int best = 0;
        float bd = Float.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            float d = kernel.l2(vector, 0, centroids, c * dimension, dimension);
            if (d < bd) {
                bd = d;
                best = c;
            }
        }
        return best;
    }

    /** The n nearest centroids of one vector, nearest first (query routing to nprobe shards). */
    public int[] nearest(float[] vector, int n) {
        Checks.dimension("vector", dimension, vector.length);
        Checks.inRange("n", n, 1, k);
        VectorKernel kernel = VectorKernels.get();
        float[] d = new float[k];
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            d[c] = kernel.l2(vector, 0, centroids, c * dimension, dimension);
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> d[a] != d[b] ? Float.compare(d[a], d[b]) : Integer.compare(a, b));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /**
     * Adaptive routing: the nearest centroid, then the next ones (nearest first, at most {@code max} in all) whose
     * squared L2 distance to the vector is at most {@code ratio} x the nearest's. A vector well inside one cluster
     * visits one shard; one near a boundary visits up to {@code max}. With an infinite ratio this is
     * {@link #nearest(float[], int)}.
     *
     * @param max   centroids at most, in [1, k]
     * @param ratio distance ratio, at least 1 (NaN refused; {@code Double.POSITIVE_INFINITY} allowed)
     */
    public int[] nearestWithin(float[] vector, int max, double ratio) {
        Checks.dimension("vector", dimension, vector.length);
        Checks.inRange("max", max, 1, k);
        if (!(ratio >= 1.0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "ratio must be >= 1, actual %s", ratio));
        }
        VectorKernel kernel = VectorKernels.get();
        float[] d = new float[k];
        for (int c = 0; c < k; c++) {
            d[c] = kernel.l2(vector, 0, centroids, c * dimension, dimension);
        }
        // Partial selection sort on primitives: max is small (nprobe), k is the shard count.
        int[] order = new int[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        int taken = 0;
        double limit = Double.NaN;
        while (taken < max) {
            int best = taken;
            for (int i = taken + 1; i < k; i++) {
                int a = order[i];
                int b = order[best];
                if (d[a] < d[b] || (d[a] == d[b] && a < b)) {
                    best = i;
                }
            }
            int c = order[best];
            if (taken == 0) {
                limit = d[c] * ratio;
            } else if (d[c] > limit) {
                break;
            }
            order[best] = order[taken];
            order[taken] = c;
            taken++;
        }
        return Arrays.copyOf(order, taken);
    }

    /** Nearest centroid of every row. */
    public int[] assign(VectorMatrix vectors, int threads) {
        Checks.dimension("vectors", dimension, vectors.dimension());
        Checks.atLeast("threads", threads, 1);
        int n = vectors.size();
        int[] out = new int[n];
        Arrays.fill(out, -1);
        KMeansTrainer.assign(
                VectorKernels.get(), vectors.data(), n, dimension, centroids, k, threads, out, new float[n]);
        return out;
    }

    /**
     * Assignment in which no centroid receives more than {@code max(ceil(n / k), floor(maxFactor * n / k))} rows.
     * Rows are placed greedily in order of how much they lose by not getting their nearest centroid (largest first),
     * each to the nearest centroid that still has room. Deterministic.
     *
     * @param maxFactor allowed ratio of the largest shard to the mean, at least 1.0
     */
    public int[] assignBalanced(VectorMatrix vectors, double maxFactor) {
        Checks.dimension("vectors", dimension, vectors.dimension());
        if (!(maxFactor >= 1.0) || Double.isInfinite(maxFactor)) {
            throw new IllegalArgumentException(Checks.fmt("maxFactor must be in [1.0, +inf), actual %s", maxFactor));
        }
        int n = vectors.size();
        int capacity = (int) Math.max((n + k - 1L) / k, (long) Math.floor(maxFactor * n / k));
        VectorKernel kernel = VectorKernels.get();
        float[] dist = new float[n * k];
        float[] regret = new float[n];
        float[] data = vectors.data();
        for (int i = 0; i < n; i++) {
            float b1 = Float.POSITIVE_INFINITY;
            float b2 = Float.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                float d = kernel.l2(data, i * dimension, centroids, c * dimension, dimension);
                dist[i * k + c] = d;
                if (d < b1) {
                    b2 = b1;
                    b1 = d;
                } else if (d < b2) {
                    b2 = d;
                }
            }
            regret[i] = k == 1 ? 0f : b2 - b1;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order, (a, b) -> regret[a] != regret[b] ? Float.compare(regret[b], regret[a]) : Integer.compare(a, b));
        int[] counts = new int[k];
        int[] out = new int[n];
        for (int idx : order) {
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (counts[c] < capacity && (best < 0 || dist[idx * k + c] < dist[idx * k + best])) {
                    best = c;
                }
            }
            out[idx] = best;
            counts[best]++;
        }
        return out;
    }
}
