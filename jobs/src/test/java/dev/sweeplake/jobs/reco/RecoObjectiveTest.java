package dev.sweeplake.jobs.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.sweep.Objectives;
import dev.sweeplake.jobs.sweep.SweepConfig;
import dev.sweeplake.jobs.sweep.SweepJob;
import dev.sweeplake.jobs.sweep.SweepResult;
import dev.sweeplake.jobs.sweep.spi.Objective;
import dev.sweeplake.jobs.sweep.spi.TrialContext;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The registered {@code reco} objective: direct evaluation, its checks, and a small sweep through the engine. */
@ExtendWith(SparkExtension.class)
class RecoObjectiveTest {
    static final String OPTIONS = "dataset: {kind: synthetic, synthetic: {users: 150, items: 120, rank: 4, "
            + "min_per_user: 8, max_per_user: 25, seed: 3}}\n";

    static final String SWEEP = """
      name: reco-small
      benchmark:
        objective: reco
        metric: valid_ndcg_at_10
        direction: maximize
        options:
          dataset: {kind: synthetic, synthetic: {users: 150, items: 120, rank: 4, min_per_user: 8, max_per_user: 25,
                    seed: 3}}
      space:
        model: {type: categorical, values: [als-implicit]}
        rank: {type: categorical, values: [4, 8]}
        alpha: {type: categorical, values: [5.0]}
      sampler: {kind: grid}
      scheduler: {kind: none, fidelity: iterations, max_resource: 3}
      seeds: {tune: [1], test: [11]}
      execution: {parallelism: 1, flush_interval_s: 60}
      phases: {top_n: 1, default_trial: false, random_arm: false}
      """;

    @Test
    void evaluatesAPointOnValidationAndTest(SparkSession spark) throws Exception {
        Objective o = Objectives.create("reco", ConfigLoader.parseYaml(OPTIONS, "test"));
        assertEquals(Objective.Placement.DRIVER, o.placement());
        assertEquals("synthetic-reco", o.defaultDataset());
        assertEquals(16, o.datasetVersion("synthetic-reco").length());
        Map<String, Double> m = o.evaluate(new TrialContext(
                Map.of("model", "ease", "lambda", 20.0), 1, "iterations", 5, "synthetic-reco", 2, "t1", spark));
        assertTrue(m.get("valid_ndcg_at_10") > 0 && m.get("test_ndcg_at_10") > 0, m.toString());
        assertTrue(o.metrics().containsAll(m.keySet()), m.keySet() + " vs " + o.metrics());
        Map<String, Double> als = o.evaluate(new TrialContext(
                Map.of("model", "als-implicit", "rank", 4), 1, "iterations", 2, "synthetic-reco", 2, "t2", spark));
        assertTrue(als.get("test_recall_at_10") > 0, als.toString());
        // ALS cuts its lineage every few iterations (a deep lineage overflowed the task thread's stack at ~20
        // iterations): that needs a checkpoint directory, which the fit sets when the context has none
        assertTrue(spark.sparkContext().getCheckpointDir().isDefined(), "checkpoint directory set");
        assertEquals(
                RecoFits.CHECKPOINT_INTERVAL,
                RecoFits.alsEstimator(RecoObjective.point(Map.of("model", "als-implicit"), 20), 1)
                        .getCheckpointInterval());
    }

    @Test
    void badSpaceParametersAndDatasetAreRefused() {
        Objective o = Objectives.create("reco", ConfigLoader.parseYaml(OPTIONS, "test"));
        ConfigException e = assertThrows(ConfigException.class, () -> o.datasetVersion("movielens-latest-small"));
        assertTrue(e.getMessage().contains("configured for dataset 'synthetic-reco'"), e.getMessage());
        e = assertThrows(
                ConfigException.class,
                () -> Objectives.create("reco", ConfigLoader.parseYaml(OPTIONS + "epochs: 3\n", "test")));
        assertTrue(e.getMessage().contains("benchmark.options.epochs"), e.getMessage());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class, () -> RecoObjective.point(Map.of("model", "ease", "rank", 3), 5));
        assertTrue(
                bad.getMessage().contains("model ease takes the parameters [lambda, memory_budget_mb], got 'rank'"),
                bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> RecoObjective.point(Map.of("depth", 3), 5));
        assertTrue(bad.getMessage().contains("unknown parameter 'depth'"), bad.getMessage());
        assertEquals(7, RecoObjective.point(Map.of("model", "als"), 7).als().iterations(), "fidelity = iterations");
    }

    @Test
    void sweepTunesImplicitAlsOnValidationAndRerunsOnATestSeed(SparkSession spark, @TempDir Path wh) {
        JsonNode yaml = ConfigLoader.parseYaml(SWEEP, "test");
        SweepConfig c = ConfigBinder.bind(yaml, SweepConfig.class, "");
        JobContext ctx = JobContext.of(spark, wh.toString());
        SweepResult r = SweepJob.run(ctx, c);
        assertEquals(0, r.failed() + r.timedOut(), r.toJson().toString());
        assertEquals(3, r.computed(), r.toJson().toString());
        // the test phase: the picked configuration re-run on test seed 11, its row in Delta with the test-split metrics
        assertEquals(1, r.leaderboard().best().testN(), r.toJson().toString());
        List<Row> test = ctx.store()
                .read(Tables.TRIALS)
                .filter("study_id = 'reco-small/test'")
                .collectAsList();
        assertEquals(1, test.size());
        assertEquals("test", test.get(0).getAs("seed_role"));
        assertEquals(11L, (long) test.get(0).getAs("seed"));
        assertEquals("COMPLETED", test.get(0).getAs("state"));
        List<Row> m = ctx.store()
                .read(Tables.METRICS)
                .filter("study_id = 'reco-small/test' and name in ('test_ndcg_at_10', 'valid_ndcg_at_10')")
                .collectAsList();
        assertEquals(2, m.size(), m.toString());
        for (Row row : m) {
            double v = row.getAs("value");
            assertTrue(v > 0 && v <= 1, row.toString());
        }
    }
}
