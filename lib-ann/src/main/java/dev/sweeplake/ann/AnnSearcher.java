package dev.sweeplake.ann;

/**
 * Searches one {@link AnnIndex}. Holds per-thread scratch memory: <strong>not</strong> thread-safe, use one per thread.
 */
public interface AnnSearcher {
    /**
     * Top-k of every query. Errors: k outside [1, index size], or a query dimension different from the index's, give
     * an {@link IllegalArgumentException} naming the parameter, expected and actual value.
     */
    SearchResults search(VectorMatrix queries, int k, SearchParams params);

    /** Top-k of one query (finiteness is checked). */
    SearchResults search(float[] query, int k, SearchParams params);
}
