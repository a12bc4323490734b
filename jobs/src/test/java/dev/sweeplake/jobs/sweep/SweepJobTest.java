package dev.sweeplake.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class SweepJobTest {
    static SweepConfig config(String yaml) {
        return ConfigBinder.bind(ConfigLoader.parseYaml(yaml, "test"), SweepConfig.class, "");
    }

    static final String GRID = """
      name: grid-small
      benchmark: {objective: synthetic, metric: score, direction: maximize, options: {epoch_ms: 1}}
      space:
        x: {type: float, low: -0.5, high: 0.9, grid: [-0.5, 0.3, 0.9], default: 0.0}
        kind: {type: categorical, values: [a, b]}
      sampler: {kind: grid}
      seeds: {tune: [1], test: [11, 12]}
      execution: {parallelism: 2, flush_interval_s: 30}
      phases: {top_n: 2, default_trial: true, random_arm: false}
      """;

    static Dataset<Row> trialsOf(SparkSession spark, Path wh, String sweep) {
        return spark.read()
                .format("delta")
                .load(wh.resolve("trials").toString())
                .where(col("study_id").startsWith(sweep + "/"));
    }

    static void assertNoDuplicateKeys(SparkSession spark, Path wh) {
        Dataset<Row> t = spark.read().format("delta").load(wh.resolve("trials").toString());
        assertEquals(
                t.count(),
                t.select("trial_id", "attempt").distinct().count(),
                "duplicated (trial_id, attempt) in trials");
        Dataset<Row> m = spark.read().format("delta").load(wh.resolve("metrics").toString());
        assertEquals(
                m.count(),
                m.select("study_id", "trial_id", "attempt", "name", "step")
                        .distinct()
                        .count(),
                "duplicated metric rows");
    }

    @Test
    void gridSweepRecordsEveryTrialOnceRanksByTestSeedsAndResumesWithoutRerunning(
            SparkSession spark, @TempDir Path wh) {
        JobContext ctx = JobContext.of(spark, wh.toString());
        SweepResult r = SweepJob.run(ctx, config(GRID));
        // default (1) + grid 3 x 2 on one tune seed (6) + top 2 on two test seeds (4)
        assertEquals(11, r.computed());
        assertEquals(0, r.failed() + r.timedOut());
        Dataset<Row> trials = trialsOf(spark, wh, "grid-small");
        assertEquals(11, trials.count());
        assertEquals(4, trials.where(col("seed_role").equalTo("test")).count());
        assertEquals(
                Set.of(11L, 12L),
                trials.where(col("seed_role").equalTo("test")).select("seed").collectAsList().stream()
                        .map(row -> row.getLong(0))
                        .collect(Collectors.toSet()));
        assertEquals(7, trials.where(col("seed_role").equalTo("tune")).count());
        assertNoDuplicateKeys(spark, wh);

        ObjectNode json = r.toJson();
        assertEquals("grid-small", json.get("sweep_id").asText());
        assertEquals(11, json.get("trials").get("done").asInt());
        assertEquals(0, json.get("trials").get("reused").asInt());
        assertEquals(0, json.get("trials").get("failed").asInt());
        assertNotNull(json.get("budget_used"));
        JsonNode best = json.get("best");
        assertEquals("b", best.get("params").get("kind").asText());
        assertEquals(0.3, best.get("params").get("x").asDouble());
        assertEquals(2, best.get("test_n").asInt());
        double expected = SyntheticObjective.score(0.3, 0.0, "b", 9, "a");
        assertEquals(expected, best.get("test_mean").asDouble(), 0.003);
        assertTrue(best.get("test_std").asDouble() > 0, "two noisy test seeds give a non-zero std");
        assertEquals(expected, best.get("tune_value").asDouble(), 0.003);

        SweepReports.Leaderboard board = SweepReports.leaderboard(ctx, "grid-small");
        assertEquals(2, board.entries().size());
        assertTrue(board.tested());
        assertEquals(board.best().testMean(), best.get("test_mean").asDouble());
        assertTrue(board.entries().get(0).testMean() >= board.entries().get(1).testMean());
        ObjectNode status = SweepReports.status(ctx, "grid-small").toJson();
        assertEquals(11, status.get("trials").get("total").asInt());
        assertEquals(11, status.get("trials").get("completed").asInt());
        assertEquals(6, status.get("studies").get("tune/main").get("completed").asInt());
        assertEquals("grid", status.get("sampler").get("kind").asText());

        // Same sweep again: everything is found in the ledger, nothing recomputed, no row added.
        SweepResult again = SweepJob.run(ctx, config(GRID));
        assertEquals(0, again.computed());
        assertEquals(11, again.resumed());
        assertEquals(11, trialsOf(spark, wh, "grid-small").count());
        assertEquals(best.get("params"), again.toJson().get("best").get("params"));
        assertEquals(
                2,
                spark.read().format("delta").load(wh.resolve("runs").toString()).count());

        // Another sweep over an overlapping space reuses results across sweeps and marks them REUSED.
        SweepResult other = SweepJob.run(
                ctx,
                config(GRID.replace("name: grid-small", "name: grid-other")
                        .replace("grid: [-0.5, 0.3, 0.9]", "grid: [0.3, 0.9]")));
        assertEquals(0, other.computed(), "every trial of grid-other was computed by grid-small");
        Dataset<Row> reusedRows = trialsOf(spark, wh, "grid-other");
        assertEquals(
                reusedRows.count(),
                reusedRows.where(col("state").equalTo("REUSED")).count());
        Set<String> smallIds = trialsOf(spark, wh, "grid-small").select("trial_id").collectAsList().stream()
                .map(row -> row.getString(0))
                .collect(Collectors.toSet());
        for (Row row : reusedRows.select("reused_from").collectAsList()) {
            assertTrue(smallIds.contains(row.getString(0)), "reused_from points at a trial of grid-small");
        }
        assertNoDuplicateKeys(spark, wh);

        // A changed search space under the same name is refused before anything runs.
        long runs =
                spark.read().format("delta").load(wh.resolve("runs").toString()).count();
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> SweepJob.run(ctx, config(GRID.replace("values: [a, b]", "values: [a, c]"))));
        assertTrue(
                e.getMessage()
                        .contains(
                                "sweep 'grid-small' already exists in this warehouse with other settings (differs in: space)"),
                e.getMessage());
        assertEquals(
                runs,
                spark.read().format("delta").load(wh.resolve("runs").toString()).count());
    }

    @Test
    void tpeProposesTheSameConfigurationsWhicheverTrialFinishesFirst(SparkSession spark, @TempDir Path dir) {
        // Trials take 45-225 ms (9 epochs) at random, so with 3 at once they finish in a different order in each run.
        // With
        // gamma 0.9 and one candidate, a TPE proposal is a draw from a density fitted to (nearly) the whole history it
        // is
        // shown: any difference in that history changes the proposal.
        String yaml = """
        name: tpe-order
        benchmark: {objective: synthetic, metric: score, direction: maximize, options: {epoch_ms: 5, timing_jitter: 4}}
        space:
          x: {type: float, low: -1, high: 1}
          y: {type: float, low: -1, high: 1}
        sampler: {kind: tpe, seed: 5, n_startup: 3, n_candidates: 1, gamma: 0.9}
        seeds: {tune: [1], test: [2]}
        budget: {max_trials: 10}
        execution: {parallelism: 3, flush_interval_s: 30}
        phases: {top_n: 0, default_trial: false, random_arm: false}
        """;
        List<Set<String>> runs = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Path wh = dir.resolve(name);
            SweepJob.run(JobContext.of(spark, wh.toString()), config(yaml));
            runs.add(trialsOf(spark, wh, "tpe-order").select("params_json").collectAsList().stream()
                    .map(r -> r.getString(0))
                    .collect(Collectors.toSet()));
        }
        assertEquals(10, runs.get(0).size());
        assertEquals(runs.get(0), runs.get(1));
    }

    @Test
    void failuresAndTimeoutsAreRecordedAndTheSweepGoesOnUpToTheLimit(SparkSession spark, @TempDir Path wh) {
        String yaml = """
        name: faulty
        benchmark: {objective: synthetic, metric: score, direction: maximize,
                    options: {epoch_ms: 1, fail_above_x: 0.9, hang_above_x: 0.97}}
        space:
          x: {type: float, low: -1, high: 1, grid: [0.0, 0.5, 0.95, 0.99]}
        sampler: {kind: grid}
        seeds: {tune: [1], test: [2]}
        execution: {parallelism: 2, trial_timeout_s: 1.5, max_failures: 2, flush_interval_s: 30}
        phases: {top_n: 1, default_trial: false, random_arm: false}
        """;
        JobContext ctx = JobContext.of(spark, wh.toString());
        SweepResult r = SweepJob.run(ctx, config(yaml));
        assertEquals(1, r.failed());
        assertEquals(1, r.timedOut());
        assertEquals(2 + 1, r.computed());
        Dataset<Row> t = trialsOf(spark, wh, "faulty");
        Row failed = t.where(col("state").equalTo("FAILED")).first();
        assertTrue(
                failed.getString(failed.fieldIndex("error"))
                        .contains("synthetic failure: x = 0.95 is above fail_above_x = 0.9"),
                failed.getString(failed.fieldIndex("error")));
        Row timedOut = t.where(col("state").equalTo("TIMED_OUT")).first();
        assertTrue(timedOut.getString(timedOut.fieldIndex("error")).contains("timed out after 1.5 s"));
        assertTrue(timedOut.getString(timedOut.fieldIndex("params_json")).contains("0.99"));
        assertEquals(0.5, r.toJson().get("best").get("params").get("x").asDouble());
        double hung = timedOut.getDouble(timedOut.fieldIndex("duration_s"));
        assertTrue(
                hung >= 1.5 && hung < 30,
                "the hanging trial was cancelled after its 1.5 s timeout, not left running: " + hung + " s");

        // With no failure allowed the sweep stops and its run is marked FAILED.
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> SweepJob.run(
                        ctx,
                        config(yaml.replace("name: faulty", "name: faulty-strict")
                                .replace("max_failures: 2", "max_failures: 0")
                                .replace("grid: [0.0, 0.5, 0.95, 0.99]", "grid: [0.95]"))));
        assertTrue(e.getMessage().contains("more than execution.max_failures = 0"), e.getMessage());
        Row run = spark.read()
                .format("delta")
                .load(wh.resolve("runs").toString())
                .orderBy(col("started_at").desc())
                .first();
        assertEquals("FAILED", run.getString(run.fieldIndex("status")));
        assertNoDuplicateKeys(spark, wh);
    }
}
