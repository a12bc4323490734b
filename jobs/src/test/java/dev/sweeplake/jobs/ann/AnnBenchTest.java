package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.Recall;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class AnnBenchTest {

    @Test
    void distributedExactKnnEqualsSingleJvmExactKnnForEveryMetricAndIsCached(SparkSession spark, @TempDir Path dir) {
        VectorMatrix base = AnnTestData.base();
        VectorMatrix queries = AnnTestData.queries().slice(0, 40);
        var rows = VectorInput.distribute(spark, base, 0, base.size(), 5);
        for (Metric metric : Metric.values()) {
            SearchResults dist = DistributedExactKnn.search(spark, rows, queries, 10, metric);
            SearchResults local = ExactKnn.search(base, queries, 10, metric, 1, ProgressListener.NONE);
            assertArrayEquals(local.distances(), dist.distances(), 1e-3f, metric.name());
            // Digits have many equal distances: ids may differ only among ties, so recall is ~1, not exactly.
            assertTrue(Recall.recallAtK(local, dist, 10) > 0.97, metric.name());
        }
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        String cache = dir.resolve("gt").toString();
        GroundTruth.Truth first = GroundTruth.get(ctx, cache, rows, 123L, base.size(), queries, 10, Metric.L2);
        GroundTruth.Truth second = GroundTruth.get(ctx, cache, rows, 123L, base.size(), queries, 10, Metric.L2);
        assertFalse(first.cached());
        assertTrue(second.cached());
        assertEquals(first.path(), second.path());
        assertArrayEquals(first.results().ids(), second.results().ids());
        GroundTruth.Truth other = GroundTruth.get(ctx, cache, rows, 124L, base.size(), queries, 10, Metric.L2);
        assertFalse(other.cached(), "another base fingerprint must not hit the cache");
        // The old API used by the demo's digits-knn section gives the same neighbours.
        float[][] q = new float[queries.size()][];
        for (int i = 0; i < q.length; i++) {
            q[i] = queries.row(i);
        }
        var nn = DistributedExactKnn.compute(spark, rows, "id", "vector", q, 10);
        assertArrayEquals(first.results().distances(), concat(nn), 0f);
    }

    private static float[] concat(DistributedExactKnn.Neighbours[] nn) {
        float[] out = new float[nn.length * 10];
        for (int i = 0; i < nn.length; i++) {
            System.arraycopy(nn[i].distances(), 0, out, i * 10, 10);
        }
        return out;
    }

    @Test
    void benchWritesOneTrialPerSettingWithTheJsonFiguresAndReusesIndexAndTruth(SparkSession spark, @TempDir Path dir) {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        String base = AnnTestData.writeParquet(spark, AnnTestData.base(), dir, "base");
        String queries = AnnTestData.writeParquet(spark, AnnTestData.queries(), dir, "queries");
        AnnBenchConfig d = AnnBenchConfig.defaults();
        AnnBenchConfig cfg = new AnnBenchConfig(
                d.dataDir(),
                VectorSourceConfig.defaults().withPath(base),
                VectorSourceConfig.defaults().withPath(queries),
                "",
                true,
                d.build().withSharding(Sharding.KMEANS, 4),
                10,
                List.of(new SearchSetting(1, 32, 8, 0), new SearchSetting(4, 32, 8, 0)),
                2,
                2,
                List.of("sweeplake", "mllib-lsh"),
                new LshConfig(List.of(30.0), List.of(2), 5, 7L),
                "",
                true,
                "test-bench");
        AnnBenchJob.Result r = AnnBenchJob.run(ctx, cfg);
        assertEquals(3, r.rows().size());
        assertFalse(r.reused());
        ObjectNode json = r.toJson();
        assertEquals(r.runId(), json.get("run_id").asText());
        List<String> keys = new ArrayList<>();
        JsonNode row0 = json.get("rows").get(0);
        for (Iterator<String> it = row0.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertEquals(
                List.of(
                        "engine",
                        "shards",
                        "sharding",
                        "nprobe",
                        "queries",
                        "recall_at_10",
                        "qps",
                        "qps_per_core",
                        "p50_ms",
                        "p95_ms",
                        "p99_ms",
                        "build_s",
                        "bytes"),
                keys.subList(0, 13));
        assertEquals("sweeplake", row0.get("engine").asText());
        // scale figures: the heap high-water mark (after GC) and bytes per indexed vector
        assertTrue(row0.get("peak_heap_bytes").asDouble() > 1e6, row0.toString());
        // per build task (not JVM-wide): at least the shard's own bytes
        assertTrue(row0.get("task_heap_ratio_max").asDouble() >= 1.0, row0.toString());
        assertTrue(row0.get("task_heap_bytes_max").asDouble() > 0, row0.toString());
        assertEquals(
                row0.get("bytes").asDouble() / row0.get("bytes_per_vector").asDouble(),
                json.get("rows").get(0).get("shard_size_0").asDouble() + sumOtherShards(row0),
                1e-6);
        assertEquals("kmeans", row0.get("sharding").asText());
        assertEquals(1, row0.get("nprobe").asInt());
        assertEquals(2 * 180, row0.get("queries").asLong());
        JsonNode row1 = json.get("rows").get(1);
        assertEquals(4, row1.get("nprobe").asInt());
        double r1 = row0.get("recall_at_10").asDouble();
        double r4 = row1.get("recall_at_10").asDouble();
        assertTrue(r4 >= 0.97 && r4 > r1 && r1 > 0.5, r1 + " " + r4);
        assertTrue(row0.get("p50_ms").asDouble() <= row0.get("p99_ms").asDouble());
        assertTrue(row0.get("bytes").asLong() > 0 && row0.get("build_s").asDouble() > 0);
        JsonNode lsh = json.get("rows").get(2);
        assertEquals("mllib-lsh", lsh.get("engine").asText());
        assertEquals(5, lsh.get("queries").asLong());
        assertTrue(lsh.get("qps").asDouble() > 0 && lsh.get("recall_at_10").asDouble() >= 0);
        // The same figures are in the metrics table under the run id.
        List<Row> m = ctx.store()
                .read(Tables.METRICS)
                .where("run_id = '" + r.runId() + "' AND name = 'recall_at_10'")
                .collectAsList();
        assertEquals(3, m.size());
        List<Double> stored =
                m.stream().map(x -> x.getDouble(x.fieldIndex("value"))).sorted().toList();
        List<Double> expected = new ArrayList<>();
        json.get("rows").forEach(x -> expected.add(x.get("recall_at_10").asDouble()));
        assertEquals(expected.stream().sorted().toList(), stored);
        assertEquals(
                3,
                ctx.store()
                        .read(Tables.TRIALS)
                        .where("run_id = '" + r.runId() + "'")
                        .count());

        // Second time: the index and the ground truth are reused.
        AnnBenchJob.Result again = AnnBenchJob.execute(ctx, cfg.withEngines(List.of("sweeplake")), "test");
        assertTrue(again.reused());
        assertTrue(again.truthCached());
        assertEquals(r.rows().get(1).recall(), again.rows().get(1).recall(), 1e-12);
    }

    private static double sumOtherShards(JsonNode row) {
        double sum = 0;
        for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith("shard_size_") && !k.equals("shard_size_0")) {
                sum += row.get(k).asDouble();
            }
        }
        return sum;
    }
}
