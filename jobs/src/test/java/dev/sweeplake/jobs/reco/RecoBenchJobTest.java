package dev.sweeplake.jobs.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.ctr.reco.EaseModel;
import dev.sweeplake.ctr.reco.EaseParams;
import dev.sweeplake.ctr.reco.Interactions;
import dev.sweeplake.ctr.reco.RankingMetrics;
import dev.sweeplake.ctr.reco.RecoEvaluation;
import dev.sweeplake.ctr.reco.UserItemMatrix;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small end-to-end reco bench on ml-latest-small (a seeded sample of 120 users, items with at least 5 of their
 * ratings, so that the dense models stay small): every model kind, the JSON shape,
 * the trials in Delta, a memory-budget refusal reported as a failed trial, and that a lib-ctr trial run in its Spark
 * task from the split files gives exactly what lib-ctr computes in this JVM from the same files.
 */
@ExtendWith(SparkExtension.class)
class RecoBenchJobTest {
    static final String YAML = """
      dataset: {kind: movielens, dir: movielens-latest-small, max_users: 120, min_item_interactions: 5}
      split: {kind: stratified, test_ratio: 0.25, valid_ratio: 0.25, seed: 42}
      k: 10
      threads: 2
      models:
        - model: popularity
        - model: itemknn
          params: {neighbours: 50}
        - model: ease
          grid: {lambda: [50, 200]}
        - model: ease
          params: {lambda: 10, memory_budget_mb: 1}
        - model: als
          params: {rank: 8, iterations: 4}
        - model: als-implicit
          params: {rank: 8, iterations: 4, alpha: 5, reg: 0.1}
      seed_role: test
      """;

    static RecoBenchConfig config(Path dir, String yaml) throws Exception {
        Path f = Files.createTempFile(dir, "reco", ".yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f, List.of("data_dir=" + sharedData()), RecoBenchConfig.class);
    }

    static String sharedData() {
        return Path.of(System.getProperty("sweeplake.shared.data", "../../shared/data"))
                .toAbsolutePath()
                .normalize()
                .toString();
    }

    static List<String> names(JsonNode o) {
        List<String> n = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            n.add(it.next());
        }
        return n;
    }

    @Test
    void benchRunsEveryModelAndRecordsIt(SparkSession spark, @TempDir Path dir) throws Exception {
        RecoBenchConfig config = config(dir, YAML);
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        RecoBenchResult r = RecoBenchJob.run(ctx, config);

        JsonNode json = r.toJson();
        assertEquals(List.of("run_id", "dataset", "k", "rows", "picks", "failed"), names(json));
        assertEquals("movielens-latest-small", json.get("dataset").asText());
        List<String> models = new ArrayList<>();
        for (JsonNode row : json.get("rows")) {
            assertEquals(
                    List.of(
                            "model",
                            "params",
                            "seed",
                            "ndcg_at_10",
                            "recall_at_10",
                            "precision_at_10",
                            "map",
                            "map_at_10",
                            "train_s"),
                    names(row));
            for (String m : List.of("ndcg_at_10", "recall_at_10", "precision_at_10", "map", "map_at_10")) {
                double v = row.get(m).asDouble();
                assertTrue(v > 0 && v <= 1, row.toString());
            }
            models.add(row.get("model").asText());
        }
        assertEquals(List.of("popularity", "itemknn", "ease", "ease", "als", "als-implicit"), models);
        JsonNode failed = json.get("failed").get(0);
        assertEquals("ease", failed.get("model").asText());
        assertTrue(failed.get("error").asText().contains("over the memory budget of 1 MiB"), failed.toString());
        assertTrue(r.splits().stats().testColdUsers() == 0, "stratified: every test user has training rows");

        // The task's EASE (lambda 200) equals lib-ctr in this JVM on the split files the bench wrote (same thread
        // count,
        // so the same summation order).
        var hconf = spark.sparkContext().hadoopConfiguration();
        Interactions train = RecoSplitStore.read(hconf, r.splitsFolder(), "train");
        Interactions valid = RecoSplitStore.read(hconf, r.splitsFolder(), "valid");
        Interactions test = RecoSplitStore.read(hconf, r.splitsFolder(), "test");
        EaseModel ease =
                EaseModel.fit(UserItemMatrix.of(train.concat(valid, "full")), new EaseParams(200, 2048L << 20), 2);
        RankingMetrics local = RecoEvaluation.evaluate(ease, test, 10, 2, false).metrics();
        RecoBenchRow row = r.completed().stream()
                .filter(x ->
                        x.model().equals("ease") && x.params().get("lambda").asDouble() == 200)
                .findFirst()
                .orElseThrow();
        assertEquals(local, row.test());

        // Trials and metrics in Delta: one trial per configured point, valid and test metrics for completed ones.
        MetricsStore store = ctx.store();
        List<Row> trials =
                store.read(Tables.TRIALS).filter("run_id = '" + r.runId() + "'").collectAsList();
        assertEquals(7, trials.size());
        long metricRows =
                store.read(Tables.METRICS).filter("name = 'test_ndcg_at_10'").count();
        assertEquals(6, metricRows);
        assertTrue(store.read(Tables.METRICS).filter("name = 'valid_map_at_10'").count() >= 6);

        // The same data and protocol reuse the content-addressed split folder.
        RecoBenchResult again =
                RecoBenchJob.run(ctx, config.withModels(List.of(config.models().get(0))));
        assertEquals(r.splitsFolder(), again.splitsFolder());
        assertEquals(r.completed().get(0).test(), again.completed().get(0).test());
    }
}
