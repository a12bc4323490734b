package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.util.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Exact ground truth, computed once with {@link DistributedExactKnn} and cached as a Parquet table
 * ({@code query_id, rank, neighbor_id, distance}) under a key made of the base's and the queries' content fingerprints,
 * k and the metric. A table is written under a temporary name and renamed, so a crash never leaves a partial cache.
 */
public final class GroundTruth {
    private GroundTruth() {}

    /** The exact top-k and whether it came from the cache. */
    public record Truth(SearchResults results, boolean cached, String path, double seconds) {}

    public static String key(
            long baseFingerprint, long baseCount, long queryFingerprint, int queryCount, int k, Metric metric) {
        return Ids.sha256Hex(
                String.format(
                        Locale.ROOT,
                        "%x|%d|%x|%d|%d|%s",
                        baseFingerprint,
                        baseCount,
                        queryFingerprint,
                        queryCount,
                        k,
                        metric),
                24);
    }

    public static long fingerprint(VectorMatrix m) {
        long fp = 0;
        for (int i = 0; i < m.size(); i++) {
            fp += InputCheck.fingerprint(m.id(i), m.row(i));
        }
        return fp;
    }

    public static Truth get(
            JobContext ctx,
            String cacheDir,
            Dataset<Row> base,
            long baseFingerprint,
            long baseCount,
            VectorMatrix queries,
            int k,
            Metric metric) {
        String key = key(baseFingerprint, baseCount, fingerprint(queries), queries.size(), k, metric);
        Path dir = new Path(cacheDir, key);
        try {
            FileSystem fs = dir.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
            if (fs.exists(new Path(dir, "_SUCCESS"))) {
                long t0 = System.nanoTime();
                SearchResults r = read(ctx, dir.toString(), queries, k);
                return new Truth(r, true, dir.toString(), (System.nanoTime() - t0) / 1e9);
            }
            ctx.phase(
                    "sweeplake-ann-ground-truth",
                    "exact " + k + "-NN of " + queries.size() + " queries over " + baseCount + " vectors");
            long t0 = System.nanoTime();
            SearchResults r = DistributedExactKnn.search(ctx.spark(), base, queries, k, metric);
            double secs = (System.nanoTime() - t0) / 1e9;
            List<Row> rows = new ArrayList<>(queries.size() * k);
            for (int q = 0; q < queries.size(); q++) {
                for (int i = 0; i < k; i++) {
                    if (r.id(q, i) != SearchResults.NO_ID) {
                        rows.add(RowFactory.create(queries.id(q), i + 1, r.id(q, i), r.distance(q, i)));
                    }
                }
            }
            Path tmp = new Path(cacheDir, "." + key + ".tmp");
            ctx.spark()
                    .createDataFrame(rows, AnnSearchJob.RESULT_SCHEMA)
                    .coalesce(1)
                    .write()
                    .mode("overwrite")
                    .parquet(tmp.toString());
            fs.delete(dir, true);
            if (!fs.rename(tmp, dir)) {
                throw new IOException("cannot rename " + tmp + " to " + dir);
            }
            return new Truth(r, false, dir.toString(), secs);
        } catch (IOException e) {
            throw new UncheckedIOException("ground truth cache " + dir, e);
        }
    }

    private static SearchResults read(JobContext ctx, String path, VectorMatrix queries, int k) {
        Map<Long, Integer> pos = new HashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            pos.put(queries.id(i), i);
        }
        SearchResults out = SearchResults.empty(queries.size(), k);
        for (Row row : ctx.spark().read().parquet(path).collectAsList()) {
            Integer q = pos.get(row.getLong(0));
            int rank = row.getInt(1);
            if (q == null || rank < 1 || rank > k) {
                throw new IllegalArgumentException("ground truth cache " + path + ": row (query " + row.getLong(0)
                        + ", rank " + rank + ") does not match the queries; delete the folder to recompute");
            }
            out.ids()[q * k + rank - 1] = row.getLong(2);
            out.distances()[q * k + rank - 1] = row.getFloat(3);
        }
        return out;
    }
}
