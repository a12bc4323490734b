package dev.sweeplake.jobs.ctr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.testing.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ctr bench} under spark-submit on a real standalone cluster (separate executor JVMs): lib-ctr trials run as tasks
 * that ask for their 2 threads' CPUs through a stage-level ResourceProfile, read the Parquet splits on the executor, and
 * come back with results; the MLlib baseline runs as Spark jobs.
 */
class CtrClusterIT {
    @Test
    void benchRunsOnExecutorsWithAResourceProfile(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bench.yaml");
        Files.writeString(cfg, """
        dataset:
          kind: synthetic
          synthetic: {fields: 4, cardinality: 15, rank: 3, interaction_scale: 0.9, train_rows: 3000, valid_rows: 800,
                      test_rows: 800, seed: 5}
        trainer: {max_epochs: 3, threads: 2, parallel_trials: 1, resource_profile: always}
        models:
          - model: lr
            params: {batch_size: 256}
          - model: fm
            params: {batch_size: 256, learning_rate: 0.01}
        baselines:
          - model: mllib-lr
            params: {max_iter: 10}
        """);
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2)) {
            LocalCluster.Result r = cluster.sweeplake(
                    900,
                    "ctr",
                    "bench",
                    "--config",
                    cfg.toString(),
                    "--warehouse",
                    dir.resolve("wh").toString(),
                    "--json");
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
            JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
            List<String> models = new ArrayList<>();
            json.get("rows").forEach(row -> models.add(row.get("model").asText()));
            assertEquals(List.of("lr", "fm", "mllib-lr"), models, r.err());
            assertTrue(json.get("failed") == null, json.toString());
            assertTrue(
                    json.get("rows").get(1).get("test_auc").asDouble()
                            > json.get("rows").get(0).get("test_auc").asDouble(),
                    json.toString());
            assertTrue(cluster.applicationsRun() >= 1);
        }
    }
}
