package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.Recall;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class AnnBuildSearchTest {

    @Test
    void kmeansBuildSearchRecallRebuildAndFaultTolerance(SparkSession spark, @TempDir Path dir) throws Exception {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        VectorMatrix base = AnnTestData.base();
        VectorMatrix queries = AnnTestData.queries();
        String in = AnnTestData.writeParquet(spark, base, dir, "base");
        String qin = AnnTestData.writeParquet(spark, queries, dir, "queries");
        String out = dir.resolve("index").toString();
        AnnBuildConfig cfg = AnnTestData.buildConfig(in, out);

        IndexManifest m = AnnBuildJob.build(ctx, cfg);
        assertEquals(base.size(), m.count());
        assertEquals(4, m.shardCount());
        long cap = Math.max((base.size() + 3) / 4, (long) Math.floor(1.5 * base.size() / 4));
        for (IndexManifest.ShardEntry s : m.shards()) {
            assertTrue(s.count() > 0 && s.count() <= cap, "shard size " + s.count() + " cap " + cap);
        }
        assertTrue(Files.exists(Path.of(out, "_SUCCESS")));
        assertFalse(Files.exists(Path.of(out, AnnBuildJob.TEMP)));
        assertEquals(
                m.buildId(),
                IndexManifest.read(out, spark.sparkContext().hadoopConfiguration())
                        .buildId());

        SearchResults truth = ExactKnn.search(base, queries, 10, Metric.L2, 2, ProgressListener.NONE);
        double recall2 = recall(ctx, out, qin, dir.resolve("res2").toString(), 2, truth, queries);
        double recall4 = recall(ctx, out, qin, dir.resolve("res4").toString(), 4, truth, queries);
        double recall1 = recall(ctx, out, qin, dir.resolve("res1").toString(), 1, truth, queries);
        assertTrue(recall2 >= 0.95, "recall@10 with 2 of 4 shards " + recall2);
        assertTrue(recall4 >= recall2 && recall2 >= recall1, recall1 + " " + recall2 + " " + recall4);
        assertTrue(recall1 < 0.999, "routing to one shard must lose some neighbours on digits, recall " + recall1);

        // Re-running replaces the old index: new build id, old shard folder gone, same content.
        IndexManifest second = AnnBuildJob.build(ctx, cfg.withFailFirstAttemptShards(List.of(1)));
        assertNotEquals(m.buildId(), second.buildId());
        try (Stream<Path> builds = Files.list(Path.of(out, AnnBuildJob.SHARDS))) {
            assertEquals(
                    List.of(second.buildId()),
                    builds.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(Path.of(out, AnnBuildJob.TEMP)));
        // The shard whose first attempt failed (after leaving a half-written file) is complete and identical.
        for (int s = 0; s < 4; s++) {
            assertEquals(m.shards().get(s).count(), second.shards().get(s).count());
            assertEquals(m.shards().get(s).crc32c(), second.shards().get(s).crc32c(), "shard " + s);
        }
        assertEquals(recall2, recall(ctx, out, qin, dir.resolve("res2b").toString(), 2, truth, queries), 1e-12);
    }

    @Test
    void adaptiveRoutingAndPerTaskHeap(SparkSession spark, @TempDir Path dir) {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        VectorMatrix base = AnnTestData.base();
        VectorMatrix queries = AnnTestData.queries();
        String in = AnnTestData.writeParquet(spark, base, dir, "base");
        String out = dir.resolve("index").toString();
        IndexManifest m = AnnBuildJob.build(ctx, AnnTestData.buildConfig(in, out));
        // The build task's heap bound is recorded per shard and close to the shard's own bytes (no second copy): at
        // most 1.5x plus a fixed 4 MiB: on these tiny shards the builder's scratch and the first build's one-time
        // class loading and JIT allocations on the task thread dominate (measured 0.16-0.43 MB here).
        for (IndexManifest.ShardEntry e : m.shards()) {
            assertTrue(e.taskHeapBytes() >= e.bytes(), e.taskHeapBytes() + " < " + e.bytes());
            assertTrue(
                    e.taskHeapBytes() <= 1.5 * e.bytes() + 4 * 1_048_576,
                    e.taskHeapBytes() + " > 1.5 x " + e.bytes() + " + 4 MiB");
        }
        IndexManifest read = IndexManifest.read(out, spark.sparkContext().hadoopConfiguration());
        assertEquals(m.shards(), read.shards());

        float[][] q = new float[queries.size()][];
        for (int i = 0; i < q.length; i++) {
            q[i] = queries.row(i);
        }
        var conf = spark.sparkContext().hadoopConfiguration();
        ShardedSearch.Batch all =
                new ShardedSearch(out, m, conf, 10, new SearchSetting(4, 64, 8, 64)).search(queries.ids(), q);
        ShardedSearch.Batch huge =
                new ShardedSearch(out, m, conf, 10, new SearchSetting(4, 64, 8, 64, 1e12)).search(queries.ids(), q);
        assertTrue(Arrays.equals(all.ids(), huge.ids()), "an unbounded ratio routes like nprobe");
        assertTrue(Arrays.equals(all.distances(), huge.distances()));
        assertEquals(4L * q.length, huge.shardVisits());
        ShardedSearch.Batch one =
                new ShardedSearch(out, m, conf, 10, new SearchSetting(4, 64, 8, 64, 1.0)).search(queries.ids(), q);
        assertEquals(q.length, one.shardVisits(), "ratio 1 visits only the nearest shard");
        ShardedSearch.Batch nprobe1 =
                new ShardedSearch(out, m, conf, 10, new SearchSetting(1, 64, 8, 64)).search(queries.ids(), q);
        assertTrue(Arrays.equals(nprobe1.ids(), one.ids()));
        ShardedSearch.Batch mid =
                new ShardedSearch(out, m, conf, 10, new SearchSetting(4, 64, 8, 64, 1.3)).search(queries.ids(), q);
        assertTrue(
                mid.shardVisits() > q.length && mid.shardVisits() < 4L * q.length,
                "a middle ratio visits between 1 and 4 shards per query: " + mid.shardVisits());
        SearchResults truth = ExactKnn.search(base, queries, 10, Metric.L2, 2, ProgressListener.NONE);
        double rOne = Recall.recallAtK(truth, new SearchResults(q.length, 10, one.ids(), one.distances()), 10);
        double rMid = Recall.recallAtK(truth, new SearchResults(q.length, 10, mid.ids(), mid.distances()), 10);
        double rAll = Recall.recallAtK(truth, new SearchResults(q.length, 10, all.ids(), all.distances()), 10);
        assertTrue(rOne <= rMid && rMid <= rAll, rOne + " " + rMid + " " + rAll);
    }

    @Test
    void hashShardingVisitsEveryShardAndCachesShards(SparkSession spark, @TempDir Path dir) {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        VectorMatrix base = AnnTestData.base();
        VectorMatrix queries = AnnTestData.queries();
        String in = AnnTestData.writeParquet(spark, base, dir, "base");
        String qin = AnnTestData.writeParquet(spark, queries, dir, "queries");
        String out = dir.resolve("index").toString();
        AnnBuildConfig cfg = AnnTestData.buildConfig(in, out).withSharding(Sharding.HASH, 3);
        AnnBuildJob.build(ctx, cfg);
        SearchResults truth = ExactKnn.search(base, queries, 10, Metric.L2, 2, ProgressListener.NONE);
        AnnSearchConfig sc = searchConfig(out, qin, dir.resolve("r").toString(), 1);
        AnnSearchJob.Executed r = AnnSearchJob.execute(ctx, sc);
        assertEquals(3.0, r.figures().shardVisits() / (double) queries.size(), 1e-9);
        long loads = ShardCache.loads();
        AnnSearchJob.execute(ctx, sc);
        assertEquals(loads, ShardCache.loads(), "a second search must reuse the executor's open shards");
        assertTrue(recallOf(spark, dir.resolve("r").toString(), truth, queries) >= 0.97);
    }

    static AnnSearchConfig searchConfig(String index, String queries, String out, int nprobe) {
        return new AnnSearchConfig(
                "../shared/data",
                index,
                VectorSourceConfig.defaults().withPath(queries),
                out,
                "parquet",
                10,
                new SearchSetting(nprobe, 64, 8, 64),
                2,
                BadRowPolicy.FAIL,
                dev.sweeplake.ann.GpuMode.OFF,
                1.0,
                0);
    }

    private static double recall(
            JobContext ctx,
            String index,
            String qin,
            String out,
            int nprobe,
            SearchResults truth,
            VectorMatrix queries) {
        AnnSearchJob.execute(ctx, searchConfig(index, qin, out, nprobe));
        return recallOf(ctx.spark(), out, truth, queries);
    }

    static double recallOf(SparkSession spark, String out, SearchResults truth, VectorMatrix queries) {
        Map<Long, Integer> row = new HashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            row.put(queries.id(i), i);
        }
        long[] ids = new long[queries.size() * 10];
        Arrays.fill(ids, SearchResults.NO_ID);
        float[] d = new float[ids.length];
        List<Row> rows = spark.read().parquet(out).collectAsList();
        assertEquals(queries.size() * 10L, rows.size());
        for (Row r : rows) {
            int q = row.get(r.getLong(0));
            int rank = r.getInt(1);
            assertTrue(rank >= 1 && rank <= 10);
            ids[q * 10 + rank - 1] = r.getLong(2);
        }
        return Recall.recallAtK(truth, new SearchResults(queries.size(), 10, ids, d), 10);
    }
}
