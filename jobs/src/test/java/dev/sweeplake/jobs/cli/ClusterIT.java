package dev.sweeplake.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.testing.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same main class under spark-submit on a real multi-JVM standalone cluster (master, worker and executor JVMs on
 * 127.0.0.1, started from the project's jars): the demo writes its rows, then `tables --json` reads them back; a sweep
 * runs trial tasks that ask for 2 CPUs each.
 */
class ClusterIT {
    private static JsonNode lastJson(String out) throws Exception {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    @Test
    void demoAndTablesRunUnderSparkSubmitOnAStandaloneCluster(@TempDir Path dir) throws Exception {
        Path wh = dir.resolve("warehouse");
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2)) {
            LocalCluster.Result demo = cluster.sweeplake(
                    900, "demo", "--warehouse", wh.toString(), "--json", "--set", "sections=[digits-knn]");
            assertEquals(0, demo.code(), demo.err());
            String runId = lastJson(demo.out()).get("run_id").asText();
            assertTrue(cluster.applicationsRun() >= 1, "the demo ran as an application on the worker's executors");

            LocalCluster.Result tables = cluster.sweeplake(600, "tables", "--warehouse", wh.toString(), "--json");
            assertEquals(0, tables.code(), tables.err());
            JsonNode t = lastJson(tables.out());
            assertEquals(1, t.get("tables").get("runs").asLong());
            assertTrue(t.get("tables").get("trials").asLong() >= 1);
            assertEquals(runId, t.get("latest_runs").get(0).get("run_id").asText());

            // A sweep whose trial tasks hold 2 CPUs each (a task resource profile): they run one at a time on the
            // 2-core worker.
            Path sweepFile = dir.resolve("cores.yaml");
            Files.writeString(sweepFile, """
          name: cores
          benchmark: {objective: synthetic, metric: score, direction: maximize, options: {epoch_ms: 10}}
          space:
            x: {type: float, low: -1, high: 1}
          sampler: {kind: random, seed: 1}
          seeds: {tune: [1], test: [2]}
          budget: {max_trials: 4}
          execution: {parallelism: 2, cores_per_trial: 2}
          phases: {top_n: 0, default_trial: false, random_arm: false}
          """);
            LocalCluster.Result sweep = cluster.sweeplake(
                    600, "sweep", "run", "--config", sweepFile.toString(), "--warehouse", wh.toString(), "--json");
            assertEquals(0, sweep.code(), sweep.err());
            assertTrue(sweep.err().contains("trial tasks ask for 2 CPUs each (stage-level scheduling"), sweep.err());
            assertEquals(4, lastJson(sweep.out()).get("trials").get("done").asInt(), sweep.out());

            LocalCluster.Result bad = cluster.sweeplake(300, "demo", "--warehouse", wh.toString(), "--set", "k=0");
            assertEquals(Main.EXIT_CONFIG, bad.code(), bad.err());
            assertTrue(bad.err().contains("config key 'k': expected an integer in [1, 100], got 0"), bad.err());
        }
    }
}
