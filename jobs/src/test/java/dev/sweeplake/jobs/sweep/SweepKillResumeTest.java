package dev.sweeplake.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.testing.ChildJvm;
import dev.sweeplake.jobs.testing.CliRunner;
import dev.sweeplake.jobs.testing.SparkExtension;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume after a real {@code kill -9} of the driver: a child JVM runs {@code sweeplake sweep run}; once some trials are in
 * the Delta table it is killed with {@code destroyForcibly()} (SIGKILL); the same sweep is run again and must skip the
 * recorded trials, run the others, and leave no duplicated row.
 */
@ExtendWith(SparkExtension.class)
class SweepKillResumeTest {
    static final String SWEEP = """
      name: killed
      benchmark: {objective: synthetic, metric: score, direction: maximize, options: {epoch_ms: 250}}
      space:
        x: {type: float, low: -1, high: 1}
        y: {type: float, low: -1, high: 1}
      sampler: {kind: halton, seed: 3}
      seeds: {tune: [1], test: [2]}
      budget: {max_trials: 16}
      execution: {parallelism: 2, flush_interval_s: 0.5, flush_every_trials: 2}
      phases: {top_n: 1, default_trial: false, random_arm: false}
      """;

    /** Tune trials plus the one test trial: enough that the kill lands mid-sweep, few enough to keep CI short. */
    static final int ALL_TRIALS = 17;

    static final List<String> JVM_FLAGS = ChildJvm.JVM_FLAGS;

    /** Starts {@code sweep run} of {@code file} in a child JVM and kills it (SIGKILL) once its first trials are in Delta. */
    private static String startAndKill(Path dir, Path file, Path wh, List<String> extraArgs) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("sweep", "run", "--config", file.toString(), "--warehouse", wh.toString()));
        args.addAll(extraArgs);
        List<String> cmd = new ArrayList<>(ChildJvm.command(List.of("-Dspark.master=local[2]"), args));
        Process child = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        // Version 0 of the trials table is its creation, versions 1 and 2 the first two batches of trials (one trial or
        // more each): kill as soon as version 2 exists, so that at least two trials are recorded and one can be made an
        // orphan below while another still names the killed run. (Watching the file system, not counting with Spark,
        // keeps the poll from competing with the child for the CPUs.)
        Path firstBatch = wh.resolve("trials").resolve("_delta_log").resolve("00000000000000000002.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(480);
        try {
            while (System.nanoTime() < deadline && child.isAlive() && !Files.exists(firstBatch)) {
                Thread.sleep(100);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        return tail(dir.resolve("child.log"));
    }

    @Test
    void aKilledDriverResumesWithoutRerunningOrDuplicating(SparkSession spark, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("killed.yaml");
        Files.writeString(file, SWEEP);
        Path wh = dir.resolve("wh");
        String log = startAndKill(dir, file, wh, List.of());
        String trials = wh.resolve("trials").toString();
        long seen = DeltaTable.isDeltaTable(spark, trials)
                ? spark.read()
                        .format("delta")
                        .load(trials)
                        .where(col("study_id").equalTo("killed/tune/main"))
                        .count()
                : 0;
        assertTrue(seen >= 2, "the child recorded trials before it was killed; log:\n" + log);
        // A kill between the two inserts of a batch leaves metrics without their trial rows: make that happen for one
        // recorded trial, deterministically, by removing its trial row.
        Dataset<Row> before = spark.read().format("delta").load(trials);
        List<Row> recorded = before.select("trial_id", "run_id", "state").collectAsList();
        assertTrue(
                recorded.size() < ALL_TRIALS, "killed before the sweep finished: " + recorded.size() + " trial rows");
        String childRun = recorded.get(0).getString(1);
        String orphan = recorded.get(0).getString(0);
        DeltaTable.forPath(spark, trials).delete(col("trial_id").equalTo(orphan));
        Set<String> recordedIds = recorded.stream()
                .map(x -> x.getString(0))
                .filter(id -> !id.equals(orphan))
                .collect(Collectors.toSet());

        System.setProperty("sweeplake.run.abandoned.after.s", "1");
        try {
            Thread.sleep(1500);
            // The killed run is shown ABANDONED by sweep status (it stopped sending heartbeats).
            CliRunner.Outcome status = CliRunner.run("sweep", "status", "killed", "--warehouse", wh.toString());
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains(childRun) && status.out().contains("ABANDONED"), status.out());

            SweepResult r = SweepJob.run(
                    JobContext.of(spark, wh.toString()), ConfigLoader.load(file, List.of(), SweepConfig.class));
            assertEquals(recordedIds.size(), r.resumed(), "every recorded trial is skipped");
            assertEquals(
                    ALL_TRIALS - recordedIds.size(),
                    r.computed(),
                    "the unfinished trials (and the test trial) are run");
            assertEquals(r.reused(), r.toJson().get("trials").get("reused").asLong(), "--json and the text line agree");
            assertEquals(r.resumed(), r.toJson().get("trials").get("resumed").asLong());
            Dataset<Row> after = spark.read().format("delta").load(trials);
            assertEquals(ALL_TRIALS, after.count());
            assertEquals(ALL_TRIALS, after.select("trial_id").distinct().count(), "no trial ran twice");
            Map<String, String> runOf = after.select("trial_id", "run_id").collectAsList().stream()
                    .collect(Collectors.toMap(x -> x.getString(0), x -> x.getString(1)));
            for (String id : recordedIds) {
                assertEquals(childRun, runOf.get(id), "a trial recorded by the killed run keeps its row");
            }
            assertEquals(
                    2,
                    after.where(col("trial_id").equalTo(orphan)).first().<Integer>getAs("attempt"),
                    "the interrupted attempt's retry is the next attempt");
            Dataset<Row> m =
                    spark.read().format("delta").load(wh.resolve("metrics").toString());
            assertEquals(
                    m.count(),
                    m.select("study_id", "trial_id", "attempt", "name", "step")
                            .distinct()
                            .count());
            Dataset<Row> joined = after.as("t")
                    .join(
                            m.as("m"),
                            col("t.trial_id")
                                    .equalTo(col("m.trial_id"))
                                    .and(col("t.attempt").equalTo(col("m.attempt"))));
            assertEquals(ALL_TRIALS * 2, joined.count(), "score and regret for every trial, once");
            assertEquals(
                    0,
                    joined.where(col("t.run_id").notEqual(col("m.run_id"))).count(),
                    "metrics carry the run that computed them, as their trial rows do");
            Row killedRun = spark.read()
                    .format("delta")
                    .load(wh.resolve("runs").toString())
                    .where(col("run_id").equalTo(childRun))
                    .first();
            assertEquals(
                    "ABANDONED",
                    killedRun.getString(killedRun.fieldIndex("status")),
                    "the resumed sweep closed the killed run");
            assertTrue(killedRun.getAs("ended_at") != null);
        } finally {
            System.clearProperty("sweeplake.run.abandoned.after.s");
        }
    }

    /** --run-key: an Airflow-style retry of a killed run resumes that run: one runs row, nothing duplicated. */
    @Test
    void aKilledRunRetriedWithItsRunKeyResumesTheSameRun(SparkSession spark, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("keyed.yaml");
        Files.writeString(file, SWEEP.replace("name: killed", "name: keyed-kill"));
        Path wh = dir.resolve("wh");
        String log = startAndKill(dir, file, wh, List.of("--run-key", "airflow-run-1"));
        List<Row> runs =
                spark.read().format("delta").load(wh.resolve("runs").toString()).collectAsList();
        assertEquals(1, runs.size(), log);
        String childRun = runs.get(0).getAs("run_id");
        String[] retry = {
            "sweep",
            "run",
            "--config",
            file.toString(),
            "--warehouse",
            wh.toString(),
            "--run-key",
            "airflow-run-1",
            "--json"
        };
        // While the killed run still counts as alive, a retry with its key is refused (exit 1) instead of running
        // twice.
        // (A long abandonment delay for this step, so that a slow machine cannot let it lapse.)
        System.setProperty("sweeplake.run.abandoned.after.s", "3600");
        try {
            CliRunner.Outcome early = CliRunner.run(retry);
            assertEquals(1, early.code(), early.err());
            assertTrue(
                    early.err().contains("--run-key airflow-run-1: run " + childRun + " is still running"),
                    early.err());
            System.setProperty("sweeplake.run.abandoned.after.s", "1");
            Thread.sleep(1500);
            CliRunner.Outcome o = CliRunner.run(retry);
            assertEquals(0, o.code(), o.err());
            assertEquals(childRun, o.lastJson().get("run_id").asText(), "the retry is the same run");
        } finally {
            System.clearProperty("sweeplake.run.abandoned.after.s");
        }
        List<Row> after =
                spark.read().format("delta").load(wh.resolve("runs").toString()).collectAsList();
        assertEquals(1, after.size(), "no second runs row");
        assertEquals("SUCCEEDED", after.get(0).getAs("status"));
        Dataset<Row> t = spark.read().format("delta").load(wh.resolve("trials").toString());
        assertEquals(ALL_TRIALS, t.count());
        assertEquals(ALL_TRIALS, t.select("trial_id").distinct().count());
        Dataset<Row> m = spark.read().format("delta").load(wh.resolve("metrics").toString());
        assertEquals(
                m.count(),
                m.select("study_id", "trial_id", "attempt", "name", "step")
                        .distinct()
                        .count());
    }

    /** Finding 5: finished trials are saved at least every few trials or seconds by default, the demo included. */
    @Test
    void defaultFlushLosesLittleOnAKill() {
        SweepConfig.ExecutionSpec d = SweepConfig.ExecutionSpec.defaults();
        assertTrue(d.flushEveryTrials() <= 10 && d.flushIntervalS() <= 5, d.toString());
        SweepConfig demo = SweepBench.sweep(String.format(java.util.Locale.ROOT, SweepDemoSection.SWEEP, 7L));
        assertEquals(
                d.flushIntervalS(), demo.executionSpec().flushIntervalS(), "the demo sweep keeps the small default");
        assertEquals(d.flushEveryTrials(), demo.executionSpec().flushEveryTrials());
        assertFalse(SweepDemoSection.SWEEP.contains("flush"));
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
