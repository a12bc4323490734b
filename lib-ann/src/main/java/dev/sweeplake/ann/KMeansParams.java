package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;

/**
 * Parameters of {@link KMeans#train}. Immutable, thread-safe.
 *
 * @param k              number of centroids, in [1, 1048576] (and at most the training rows)
 * @param iterations     maximum Lloyd iterations, in [1, 1000] (stops early when no assignment changes)
 * @param maxTrainingRows rows sampled (seeded, without replacement) for training, in [1, 2^31-1]
 * @param seed           seed of the sample and of the k-means++ initialisation
 */
public record KMeansParams(int k, int iterations, int maxTrainingRows, long seed) {
    public KMeansParams {
        Checks.inRange("k", k, 1, 1 << 20);
        Checks.inRange("iterations", iterations, 1, 1000);
        Checks.atLeast("maxTrainingRows", maxTrainingRows, 1);
    }

    /** k 16, 20 iterations, at most 100,000 training rows, seed 42. */
    public static KMeansParams defaults() {
        return new KMeansParams(16, 20, 100_000, 42L);
    }

    public KMeansParams withK(int v) {
        return new KMeansParams(v, iterations, maxTrainingRows, seed);
    }

    public KMeansParams withIterations(int v) {
        return new KMeansParams(k, v, maxTrainingRows, seed);
    }

    public KMeansParams withMaxTrainingRows(int v) {
        return new KMeansParams(k, iterations, v, seed);
    }

    public KMeansParams withSeed(long v) {
        return new KMeansParams(k, iterations, maxTrainingRows, v);
    }
}
