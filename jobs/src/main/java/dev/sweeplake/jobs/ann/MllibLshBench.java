package dev.sweeplake.jobs.ann;

import static org.apache.spark.sql.functions.col;

import dev.sweeplake.ann.Recall;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.jobs.JobContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark MLlib peer: {@code BucketedRandomProjectionLSH} fitted on the same base, its hashes computed once and cached
 * (that is its "build"), then {@code approxNearestNeighbors} for each query, timed one by one. Same figures as the
 * sweeplake rows: recall@k against the same exact ground truth, queries/s (total and per core), latency percentiles,
 * build seconds and the bytes of the cached hashed table. Not thread-safe.
 */
final class MllibLshBench {
    private MllibLshBench() {}

    static BenchRow run(
            JobContext ctx,
            Dataset<Row> base,
            long baseCount,
            VectorMatrix queries,
            SearchResults truth,
            int k,
            double bucketLength,
            int tables,
            LshConfig cfg,
            int cores) {
        Dataset<Row> vectors = base.select(
                col("id"),
                org.apache.spark.ml.functions.array_to_vector(col("vector")).as("features"));
        ctx.phase(
                "sweeplake-ann-bench-lsh",
                String.format(Locale.ROOT, "MLlib LSH fit, bucket_length %s, %d tables", bucketLength, tables));
        long t0 = System.nanoTime();
        BucketedRandomProjectionLSHModel model = new BucketedRandomProjectionLSH()
                .setInputCol("features")
                .setOutputCol("hashes")
                .setBucketLength(bucketLength)
                .setNumHashTables(tables)
                .setSeed(cfg.seed())
                .fit(vectors);
        long before = cachedBytes(ctx);
        Dataset<Row> hashed = model.transform(vectors).persist(StorageLevel.MEMORY_ONLY());
        hashed.count();
        double buildS = (System.nanoTime() - t0) / 1e9;
        long bytes = Math.max(0, cachedBytes(ctx) - before);
        int nq = Math.min(cfg.maxQueries(), queries.size());
        long[] ids = new long[nq * k];
        Arrays.fill(ids, SearchResults.NO_ID);
        float[] dist = new float[nq * k];
        Histogram h = ShardedSearch.newHistogram();
        ctx.phase("sweeplake-ann-bench-lsh", "MLlib approxNearestNeighbors of " + nq + " queries");
        long s0 = System.nanoTime();
        for (int q = 0; q < nq; q++) {
            long q0 = System.nanoTime();
            float[] f = queries.row(q);
            double[] d = new double[f.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = f[i];
            }
            Vector key = Vectors.dense(d);
            List<Row> nn = model.approxNearestNeighbors(hashed, key, k, "dist")
                    .select("id", "dist")
                    .collectAsList();
            for (int r = 0; r < nn.size() && r < k; r++) {
                ids[q * k + r] = nn.get(r).getLong(0);
                dist[q * k + r] = (float) nn.get(r).getDouble(1);
            }
            h.recordValue(Math.max(1, System.nanoTime() - q0));
        }
        double secs = (System.nanoTime() - s0) / 1e9;
        hashed.unpersist();
        SearchResults approx = new SearchResults(nq, k, ids, dist);
        SearchResults truthSub =
                new SearchResults(nq, k, Arrays.copyOf(truth.ids(), nq * k), Arrays.copyOf(truth.distances(), nq * k));
        double recall = Recall.recallAtK(truthSub, approx, k);
        double qps = nq / secs;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("bucket_length", bucketLength);
        params.put("num_hash_tables", tables);
        params.put("seed", cfg.seed());
        return new BenchRow(
                "mllib-lsh",
                1,
                "none",
                1,
                nq,
                k,
                recall,
                qps,
                qps / cores,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(95) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                buildS,
                bytes,
                params,
                Map.of("base_count", (double) baseCount),
                GpuTasks.CPU,
                GpuTasks.CPU);
    }

    private static long cachedBytes(JobContext ctx) {
        long s = 0;
        for (RDDInfo i : ctx.spark().sparkContext().getRDDStorageInfo()) {
            s += i.memSize() + i.diskSize();
        }
        return s;
    }
}
