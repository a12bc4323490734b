package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;
import java.util.Arrays;

/**
 * Top-k results of a batch of queries: for query {@code q} and rank {@code r} (0 = nearest) the neighbour id is
 * {@code ids()[q * k + r]} and its distance ({@link Metric}) {@code distances()[q * k + r]}, sorted by ascending distance.
 * When fewer than k neighbours exist the row is padded with id {@link #NO_ID} and distance {@code +Infinity}.
 * Arrays are exposed without copying; immutable by contract, then thread-safe.
 */
public final class SearchResults {
    /** Id used to pad rows with fewer than k neighbours. */
    public static final long NO_ID = -1L;

    private final int queryCount;
    private final int k;
    private final long[] ids;
    private final float[] distances;

    public SearchResults(int queryCount, int k, long[] ids, float[] distances) {
        Checks.atLeast("queryCount", queryCount, 0);
        Checks.atLeast("k", k, 1);
        if (ids.length != (long) queryCount * k || distances.length != ids.length) {
            throw new IllegalArgumentException(Checks.fmt(
                    "ids and distances length must be queryCount * k = %d, actual %d and %d",
                    (long) queryCount * k, ids.length, distances.length));
        }
        this.queryCount = queryCount;
        this.k = k;
        this.ids = ids;
        this.distances = distances;
    }

    /** An all-padding result to be filled by engines. */
    public static SearchResults empty(int queryCount, int k) {
        long[] ids = new long[queryCount * k];
        float[] d = new float[queryCount * k];
        Arrays.fill(ids, NO_ID);
        Arrays.fill(d, Float.POSITIVE_INFINITY);
        return new SearchResults(queryCount, k, ids, d);
    }

    public int queryCount() {
        return queryCount;
    }

    public int k() {
        return k;
    }

    public long[] ids() {
        return ids;
    }

    public float[] distances() {
        return distances;
    }

    public long id(int query, int rank) {
        return ids[query * k + rank];
    }

    public float distance(int query, int rank) {
        return distances[query * k + rank];
    }

    /** A copy of one query's ids. */
    public long[] idsOf(int query) {
        return Arrays.copyOfRange(ids, query * k, (query + 1) * k);
    }

    @Override
    public String toString() {
        return Checks.fmt("SearchResults[queries=%d, k=%d]", queryCount, k);
    }
}
