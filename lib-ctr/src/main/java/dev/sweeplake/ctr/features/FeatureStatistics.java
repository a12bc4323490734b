package dev.sweeplake.ctr.features;

import java.util.Arrays;
import java.util.Map;

/**
 * The statistics a {@link FeatureProcessor} is fitted from, as pure functions of counts and sorted values, so that a fit
 * on the driver ({@link FeatureProcessor#fit}) and a distributed fit (counts and order statistics gathered by Spark,
 * then {@link FeatureProcessor#fromStatistics}) give the same processor.
 *
 * <p>Thread-safety: stateless.
 */
public final class FeatureStatistics {
    private FeatureStatistics() {}

    /** Population standard deviation from the sum of squared deviations of {@code n} values; 1 when it would be 0. */
    public static double standardDeviation(double sumSquaredDeviations, long n) {
        double sd = n == 0 ? 0 : Math.sqrt(sumSquaredDeviations / n);
        return sd > 0 ? sd : 1;
    }

    /**
     * Indices into the sorted non-NaN values of a field (of {@code n}) whose values become bucket boundaries: value
     * {@code floor(q * n / numBuckets)} for q = 1 .. numBuckets - 1 (clamped to n - 1); none when n is 0.
     */
    public static long[] bucketCutIndices(long n, int numBuckets) {
        if (n == 0) {
            return new long[0];
        }
        long[] at = new long[numBuckets - 1];
        for (int q = 1; q < numBuckets; q++) {
            at[q - 1] = Math.min(n - 1, (long) q * n / numBuckets);
        }
        return at;
    }

    /** The bucket boundaries from the values at {@link #bucketCutIndices} (ascending): repeated values kept once. */
    public static double[] bucketBoundaries(double[] cuts) {
        double[] b = new double[cuts.length];
        int k = 0;
        for (double cut : cuts) {
            if (k == 0 || cut > b[k - 1]) {
                b[k++] = cut;
            }
        }
        return Arrays.copyOf(b, k);
    }

    /**
     * A field's vocabulary from its value counts: values seen at least {@code minCount} times, most frequent first, ties
     * by value ({@link String#compareTo}), so the order does not depend on how the counts were gathered.
     */
    public static String[] vocabulary(Map<String, Long> counts, int minCount) {
        return counts.entrySet().stream()
                .filter(en -> en.getValue() >= minCount)
                .sorted((a, b) -> a.getValue().longValue() != b.getValue().longValue()
                        ? Long.compare(b.getValue(), a.getValue())
                        : a.getKey().compareTo(b.getKey()))
                .map(Map.Entry::getKey)
                .toArray(String[]::new);
    }
}
