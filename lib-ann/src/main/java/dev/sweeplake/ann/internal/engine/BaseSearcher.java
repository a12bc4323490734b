package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.vec.Distances;

/** Validation and the per-query loop shared by the engines' searchers. Not thread-safe (subclasses hold scratch). */
abstract class BaseSearcher implements AnnSearcher {
    protected final int dimension;
    protected final int size;
    protected final Metric metric;

    BaseSearcher(int dimension, int size, Metric metric) {
        this.dimension = dimension;
        this.size = size;
        this.metric = metric;
    }

    @Override
    public SearchResults search(VectorMatrix queries, int k, SearchParams params) {
        Checks.notNull("queries", queries);
        Checks.notNull("params", params);
        Checks.dimension("query", dimension, queries.dimension());
        Checks.inRange("k", k, 1, size);
        float[] q = queries.data();
        if (metric == Metric.COSINE) {
            q = Distances.normalizedCopy(q, queries.size(), dimension);
        }
        SearchResults out = SearchResults.empty(queries.size(), k);
        searchBatch(q, queries.size(), k, params, out);
        return out;
    }

    @Override
    public SearchResults search(float[] query, int k, SearchParams params) {
        Checks.notNull("query", query);
        Checks.dimension("query", dimension, query.length);
        Checks.finite("query", query, 0, 1, dimension);
        return search(VectorMatrix.withRowIds(query, dimension), k, params);
    }

    /** Default: one query at a time. Queries are already normalised for COSINE. */
    void searchBatch(float[] queries, int count, int k, SearchParams params, SearchResults out) {
        for (int q = 0; q < count; q++) {
            searchOne(queries, q * dimension, k, params, out.ids(), out.distances(), q * k);
        }
    }

    /** Writes up to k (id, distance) ascending at outOffset; leaves the padding in unused slots. */
    abstract void searchOne(
            float[] queries, int qOffset, int k, SearchParams params, long[] outIds, float[] outDist, int outOffset);
}
