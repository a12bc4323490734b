package dev.sweeplake.jobs.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retrieval on small factors: MLlib's recommendForAllUsers agrees with the exact blocked top-k (two independent exact
 * computations), the sharded HNSW index finds most of the exact top-k, and a non-inner-product index is refused.
 */
@ExtendWith(SparkExtension.class)
class RecoRetrievalJobTest {
    static RecoRetrievalConfig config(String yaml) {
        return ConfigBinder.bind(ConfigLoader.parseYaml(yaml, "test"), RecoRetrievalConfig.class, "");
    }

    static final String RETRIEVAL_YAML = """
        users: 1500
        items: 800
        rank: 16
        k: 10
        factors: {clusters: 8}
        user_partitions: 2
        block_users: 100
        shards: 2
        sharding: hash
        index: {engine: hnsw, metric: inner_product, m: 16, ef_construction: 100}
        search: {nprobe: 2, ef: 64}
        mllib: true
        mllib_block_size: 256
        """;

    @Test
    void threeWaysAgree(SparkSession spark, @TempDir Path dir) {
        RecoRetrievalConfig c = config(RETRIEVAL_YAML);
        RecoRetrievalJob.Result r = RecoRetrievalJob.run(JobContext.of(spark, dir.toString()), c);
        assertEquals(1.0, r.method("exact").recallVsExact());
        assertTrue(r.method("mllib").recallVsExact() > 0.995, r.toJson().toString());
        assertTrue(r.method("ann").recallVsExact() > 0.9, r.toJson().toString());
        assertTrue(r.method("ann").usersPerSecond() > 0 && r.method("ann").buildSeconds() > 0);
        assertTrue(r.toJson().has("ann_vs_mllib_speedup"));

        // Under the MIPS-to-L2 transform (an L2 index over d + 1 components) the index finds most of the exact top-k
        // too.
        RecoRetrievalJob.Result direct = RecoRetrievalJob.run(
                JobContext.of(spark, dir.toString()),
                config(RETRIEVAL_YAML.replace("mllib: true", "mllib: false\nmips_transform: true")));
        assertTrue(direct.method("ann").recallVsExact() > 0.8, direct.toJson().toString());
    }

    @Test
    void trainedAlsFactors(SparkSession spark, @TempDir Path dir) {
        // Implicit ALS on a seeded 60-user sample of ml-latest-small: the trained users and items replace the
        // configured counts, the index finds most of the exact top k, and the factor statistics are reported.
        String data = Path.of(System.getProperty("sweeplake.shared.data", "../../shared/data"))
                .toAbsolutePath()
                .toString();
        RecoRetrievalConfig c = config(RETRIEVAL_YAML
                .replace("rank: 16", "rank: 8")
                .replace("mllib: true", "mllib: false")
                .replace(
                        "factors: {clusters: 8}",
                        "factors: {kind: als, data_dir: '" + data + "', als_iterations: 3,"
                                + " dataset: {kind: movielens, dir: movielens-latest-small, max_users: 60}}"));
        RecoRetrievalJob.Result r = RecoRetrievalJob.run(JobContext.of(spark, dir.toString()), c);
        assertEquals(60, r.users(), r.toJson().toString());
        assertTrue(r.items() > 1000 && r.items() < 9742, r.toJson().toString());
        assertTrue(r.method("ann").recallVsExact() > 0.8, r.toJson().toString());
        // Rank 8: the top 8 directions hold all the energy.
        assertEquals(1.0, r.itemStats().top8(), 1e-9, r.toJson().toString());
        assertTrue(
                r.itemStats().top1() > 0 && r.itemStats().top1() < 1, r.toJson().toString());
        assertTrue(r.toJson().get("factors").asText().startsWith("als implicit on movielens-latest-small"));
    }

    @Test
    void configIsChecked() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("index: {metric: l2}\n"));
        assertTrue(e.getMessage().contains("expected metric inner_product, got l2"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> config("items: 5\nk: 10\n"));
        assertTrue(e.getMessage().contains("expected at most the 5 items, got 10"), e.getMessage());
    }
}
