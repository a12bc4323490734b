package dev.sweeplake.jobs.ann;

import dev.sweeplake.jobs.config.Checks;
import java.util.List;

/**
 * The Spark MLlib {@code BucketedRandomProjectionLSH} peer of {@code ann bench}: one trial per (bucket length, hash
 * tables) pair, each query answered with {@code approxNearestNeighbors} (one Spark job per query, as MLlib offers it).
 *
 * @param bucketLengths  bucket lengths tried (in the data's distance units)
 * @param numHashTables  hash table counts tried
 * @param maxQueries     the first this many queries are used (MLlib answers a few queries per second)
 * @param seed           seed of the random projections
 */
public record LshConfig(List<Double> bucketLengths, List<Integer> numHashTables, int maxQueries, long seed) {
    public LshConfig {
        Checks.notEmpty("bucket_lengths", bucketLengths);
        Checks.notEmpty("num_hash_tables", numHashTables);
        bucketLengths = List.copyOf(bucketLengths);
        numHashTables = List.copyOf(numHashTables);
        for (double b : bucketLengths) {
            Checks.doubleIn("bucket_lengths", b, 1e-9, 1e12);
        }
        for (int t : numHashTables) {
            Checks.intIn("num_hash_tables", t, 1, 1000);
        }
        Checks.intIn("max_queries", maxQueries, 1, 1_000_000);
    }

    public static LshConfig defaults() {
        return new LshConfig(List.of(2000.0), List.of(3), 100, 42L);
    }
}
