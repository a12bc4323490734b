package dev.sweeplake.jobs.ann;

import static org.apache.spark.sql.functions.col;

import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.TopK;
import dev.sweeplake.ann.VectorMatrix;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Exact k-nearest neighbours of a query set (broadcast) against a distributed base table: the ground truth every recall
 * figure rests on. Each base partition runs lib-ann's blocked SIMD {@link ExactKnn#searchSlice} (a bounded heap per
 * query) and the partial top-k lists are merged with {@link TopK#merge} on the way to the driver (ties: smaller id), so
 * the result equals a single-JVM {@link ExactKnn#search} over the whole base. Stateless; thread-safe.
 */
public final class DistributedExactKnn {
    private DistributedExactKnn() {}

    /** Neighbours of one query, nearest first. */
    public record Neighbours(long[] ids, float[] distances) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A partial or merged top-k of every query, in a serializable form. */
    record Part(int queries, int k, long[] ids, float[] distances) implements Serializable {
        SearchResults results() {
            return new SearchResults(queries, k, ids, distances);
        }

        static Part of(SearchResults r) {
            return new Part(r.queryCount(), r.k(), r.ids(), r.distances());
        }
    }

    /**
     * Squared-L2 neighbours of {@code queries} (kept for callers with a plain query array).
     *
     * @param base rows with a {@code long} id column and an {@code array<float>} vector column
     */
    public static Neighbours[] compute(
            SparkSession spark, Dataset<Row> base, String idCol, String vectorCol, float[][] queries, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be >= 1, actual " + k);
        }
        if (queries.length == 0) {
            return new Neighbours[0];
        }
        int dim = queries[0].length;
        float[] data = new float[queries.length * dim];
        for (int i = 0; i < queries.length; i++) {
            if (queries[i].length != dim) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "query %d: vector dimension must be %d, actual %d", i, dim, queries[i].length));
            }
            System.arraycopy(queries[i], 0, data, i * dim, dim);
        }
        Dataset<Row> norm = base.select(
                col(idCol).cast(DataTypes.LongType).as("id"),
                col(vectorCol)
                        .cast(DataTypes.createArrayType(DataTypes.FloatType, true))
                        .as("vector"));
        SearchResults r = search(spark, norm, VectorMatrix.withRowIds(data, dim), k, Metric.L2);
        Neighbours[] out = new Neighbours[queries.length];
        for (int q = 0; q < queries.length; q++) {
            int n = 0;
            while (n < k && r.id(q, n) != SearchResults.NO_ID) {
                n++;
            }
            out[q] = new Neighbours(Arrays.copyOf(r.idsOf(q), n), Arrays.copyOfRange(r.distances(), q * k, q * k + n));
        }
        return out;
    }

    /**
     * Exact top-k (distances as lib-ann's {@link Metric} defines them) of every query over a normalised vector table
     * ({@link VectorRows#SCHEMA}); rows of a wrong dimension are an error naming the id.
     */
    public static SearchResults search(
            SparkSession spark, Dataset<Row> base, VectorMatrix queries, int k, Metric metric) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be >= 1, actual " + k);
        }
        int dim = queries.dimension();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<float[]> qData = jsc.broadcast(queries.data());
        Broadcast<long[]> qIds = jsc.broadcast(queries.ids());
        int nq = queries.size();
        try {
            Part merged = VectorRows.internalRows(base)
                    .mapPartitions((Iterator<org.apache.spark.sql.catalyst.InternalRow> rows) -> {
                        float[] buf = new float[1024 * dim];
                        long[] ids = new long[1024];
                        int n = 0;
                        while (rows.hasNext()) {
                            var r = rows.next();
                            float[] v = VectorRows.vectorOrNull(r);
                            String p = VectorRows.problem(r, v, dim);
                            if (p != null) {
                                throw new IllegalArgumentException("ground truth base: " + p);
                            }
                            if (n == ids.length) {
                                ids = Arrays.copyOf(ids, n * 2);
                                buf = Arrays.copyOf(buf, n * 2 * dim);
                            }
                            ids[n] = r.getLong(0);
                            System.arraycopy(v, 0, buf, n * dim, dim);
                            n++;
                        }
                        VectorMatrix q = VectorMatrix.of(qData.value(), dim, qIds.value());
                        if (n == 0) {
                            return List.of(Part.of(SearchResults.empty(nq, k))).iterator();
                        }
                        VectorMatrix part = VectorMatrix.of(Arrays.copyOf(buf, n * dim), dim, Arrays.copyOf(ids, n));
                        SearchResults r = ExactKnn.searchSlice(part, 0, n, q, k, metric, 1, ProgressListener.NONE);
                        return List.of(Part.of(r)).iterator();
                    })
                    .treeReduce((a, b) -> Part.of(TopK.merge(a.results(), b.results(), k)));
            return merged.results();
        } finally {
            qData.destroy();
            qIds.destroy();
        }
    }
}
