package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.testing.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ann build}, {@code ann search} and {@code ann bench} under spark-submit on a real multi-JVM standalone cluster
 * (master, worker and executor JVMs on 127.0.0.1, started from the project's jars), on the digits in ../shared/data; the
 * build's shard tasks ask for 2 CPUs each through a task resource profile.
 */
class AnnClusterIT {
    private static JsonNode lastJson(String out) throws Exception {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    @Test
    void buildSearchAndBenchRunUnderSparkSubmit(@TempDir Path dir) throws Exception {
        String data = System.getProperty("sweeplake.shared.data");
        Assumptions.assumeTrue(
                data != null && Files.isDirectory(Path.of(data, "digits")), "needs ../shared/data/digits");
        Path wh = dir.resolve("warehouse");
        Path index = dir.resolve("index");
        Path results = dir.resolve("results");
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2)) {
            LocalCluster.Result build = cluster.sweeplake(
                    900,
                    "ann",
                    "build",
                    "--config",
                    "conf/ann/digits-build.yaml",
                    "--data-dir",
                    data,
                    "--set",
                    "output=" + index,
                    "--set",
                    "threads_per_shard=2",
                    "--warehouse",
                    wh.toString(),
                    "--json");
            assertEquals(0, build.code(), build.err());
            // Each shard task holds both of the worker's cores through a task resource profile (stage-level
            // scheduling).
            assertTrue(build.err().contains("shard tasks ask for 2 CPUs each (stage-level scheduling"), build.err());
            assertTrue(Files.exists(index.resolve("_SUCCESS")), "the index is complete");
            assertTrue(Files.exists(index.resolve("manifest.json")));

            LocalCluster.Result search = cluster.sweeplake(
                    900,
                    "ann",
                    "search",
                    "--config",
                    "conf/ann/digits-search.yaml",
                    "--data-dir",
                    data,
                    "--set",
                    "index=" + index,
                    "--set",
                    "output=" + results,
                    "--warehouse",
                    wh.toString(),
                    "--json");
            assertEquals(0, search.code(), search.err());
            assertTrue(Files.isDirectory(results), "the result table was written");

            LocalCluster.Result bench = cluster.sweeplake(
                    900,
                    "ann",
                    "bench",
                    "--config",
                    "conf/ann/digits-bench.yaml",
                    "--data-dir",
                    data,
                    "--set",
                    "engines=[sweeplake]",
                    "--set",
                    "index=" + dir.resolve("bench-index"),
                    "--warehouse",
                    wh.toString(),
                    "--json");
            assertEquals(0, bench.code(), bench.err());
            JsonNode rows = lastJson(bench.out()).get("rows");
            assertEquals(2, rows.size(), rows.toString());
            double recall = rows.get(1).get("recall_at_10").asDouble();
            assertTrue(recall > 0.9 && recall <= 1.0, "recall with 2 of 4 shards: " + recall);
            assertTrue(cluster.applicationsRun() >= 3, "each command ran as an application on the worker's executors");
        }
    }
}
