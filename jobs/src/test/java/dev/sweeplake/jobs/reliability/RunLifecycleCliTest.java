package dev.sweeplake.jobs.reliability;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.cli.Main;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.store.Warehouse;
import dev.sweeplake.jobs.testing.CliRunner;
import dev.sweeplake.jobs.testing.CliRunner.Outcome;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, findings 2 and 6, and {@code --run-key} (issue 14, item 3), through the command line as users and Airflow see
 * it: every exit path ends the run row, abandoned runs are shown as such, errors carry the documented exit codes and
 * name their source, and a run key makes a retry resume the same run.
 */
@ExtendWith(SparkExtension.class)
class RunLifecycleCliTest {
    static Outcome run(String... args) {
        return CliRunner.run(args);
    }

    static void oneLine(Outcome o, int code, String... mustContain) {
        assertEquals(code, o.code(), o.err());
        List<String> errors =
                o.errLines().stream().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), o.err());
        for (String s : mustContain) {
            assertTrue(errors.get(0).contains(s), "expected '" + s + "' in: " + errors.get(0));
        }
        assertFalse(o.err().contains("\tat "), "no stack trace without --verbose: " + o.err());
    }

    static List<Row> runs(SparkSession spark, Path wh) {
        return spark.read().format("delta").load(wh.resolve("runs").toString()).collectAsList();
    }

    /** Finding 2: Spark's AnalysisException (a checked exception) for a missing input ends the run FAILED, exit 4. */
    @Test
    void aMissingParquetInputEndsTheRunFailed(SparkSession spark, @TempDir Path dir) {
        Path wh = dir.resolve("wh");
        Outcome o = run(
                "ann",
                "build",
                "--set",
                "input.format=parquet",
                "--set",
                "input.path=" + dir.resolve("nope"),
                "--set",
                "output=" + dir.resolve("index"),
                "--warehouse",
                wh.toString());
        oneLine(o, Main.EXIT_INPUT, dir.resolve("nope").toString());
        List<Row> rows = runs(spark, wh);
        assertEquals(1, rows.size());
        assertEquals("FAILED", rows.get(0).getAs("status"));
        assertTrue(
                ((String) rows.get(0).getAs("error")).contains("nope"),
                rows.get(0).toString());
        assertTrue(rows.get(0).getAs("ended_at") != null);
    }

    /** Finding 2: a RUNNING run whose driver stopped reporting is marked ABANDONED by {@code tables} (and by the next run). */
    @Test
    void aRunWithoutHeartbeatIsShownAbandoned(SparkSession spark, @TempDir Path dir) throws Exception {
        Path wh = dir.resolve("wh");
        MetricsStore store = new MetricsStore(spark, Warehouse.of(wh.toString()));
        for (var t : Tables.CORE) {
            store.ensure(t);
        }
        RunHandle dead = store.startRun("demo", "{}"); // no TrackedRun: no heartbeat, as after kill -9
        System.setProperty("sweeplake.run.abandoned.after.s", "3600");
        try {
            Outcome fresh = run("tables", "--warehouse", wh.toString(), "--json");
            assertEquals(0, fresh.code(), fresh.err());
            assertEquals(
                    "RUNNING",
                    fresh.lastJson().get("latest_runs").get(0).get("status").asText(),
                    "recent: still running");
            System.setProperty("sweeplake.run.abandoned.after.s", "1");
            Thread.sleep(1500);
            Outcome o = run("tables", "--warehouse", wh.toString(), "--json");
            assertEquals(0, o.code(), o.err());
            JsonNode r = o.lastJson().get("latest_runs").get(0);
            assertEquals(dead.runId(), r.get("run_id").asText());
            assertEquals("ABANDONED", r.get("status").asText());
            assertTrue(r.get("error").asText().startsWith("abandoned: the driver stopped reporting"), r.toString());
            Outcome text = run("tables", "--warehouse", wh.toString());
            assertTrue(text.out().contains("ABANDONED"), text.out());
        } finally {
            System.clearProperty("sweeplake.run.abandoned.after.s");
        }
    }

    /** Finding 6: --set errors name --set; a malformed --set is a command-line error (exit 2). */
    @Test
    void setErrorsNameSetAndMalformedSetIsUsage(@TempDir Path dir) {
        oneLine(
                run("demo", "--set", "nosuch=1", "--warehouse", dir.toString()),
                Main.EXIT_CONFIG,
                "--set nosuch=1: ",
                "unknown config key 'nosuch'");
        Outcome withFile =
                run("demo", "--config", "../conf/demo.yaml", "--set", "nosuch=1", "--warehouse", dir.toString());
        oneLine(withFile, Main.EXIT_CONFIG, "--set nosuch=1: unknown config key 'nosuch'");
        assertFalse(withFile.err().contains("demo.yaml"), withFile.err());
        oneLine(
                run("demo", "--set", "k=0", "--warehouse", dir.toString()),
                Main.EXIT_CONFIG,
                "--set k=0: config key 'k'");
        oneLine(
                run("demo", "--set", "novalue", "--warehouse", dir.toString()),
                Main.EXIT_USAGE,
                "--set expects key.path=value");
        oneLine(run("demo", "--set", "k=[1,", "--warehouse", dir.toString()), Main.EXIT_USAGE, "--set k");
        assertFalse(Files.exists(dir.resolve("runs")), "nothing written for a bad command line");
    }

    /** Finding 6: ann build's input and output are required; no quiet build into ./indexes/ann. */
    @Test
    void annBuildNeedsInputAndOutput(@TempDir Path dir) {
        oneLine(
                run("ann", "build", "--set", "output=" + dir.resolve("i"), "--warehouse", dir.toString()),
                Main.EXIT_CONFIG,
                "missing required config key 'input'");
        oneLine(
                run(
                        "ann",
                        "build",
                        "--set",
                        "input.path=" + dir.resolve("x.fvecs"),
                        "--set",
                        "input.format=fvecs",
                        "--warehouse",
                        dir.toString()),
                Main.EXIT_CONFIG,
                "missing required config key 'output'");
    }

    /** Finding 6: a warehouse whose runs table is a plain file is a warehouse error (exit 5), before any work. */
    @Test
    void runsAsAPlainFileIsAWarehouseError(@TempDir Path dir) throws Exception {
        Path wh = Files.createDirectories(dir.resolve("wh"));
        Files.writeString(wh.resolve("runs"), "not a table");
        oneLine(
                run("demo", "--set", "sections=[sweep]", "--warehouse", wh.toString()),
                Main.EXIT_WAREHOUSE,
                "table 'runs' must be a Delta table folder, actual a plain file");
    }

    static final String SWEEP = """
      name: keyed
      benchmark: {objective: synthetic, metric: score, direction: maximize}
      space:
        x: {type: float, low: -1, high: 1}
      sampler: {kind: halton, seed: 5}
      seeds: {tune: [1], test: [2]}
      budget: {max_trials: 3}
      execution: {parallelism: 1}
      phases: {top_n: 1, default_trial: false, random_arm: false}
      """;

    /** --run-key: the same key and configuration resumes the same run; another configuration is refused (exit 3). */
    @Test
    void runKeyResumesTheSameRunAndRefusesAnotherConfiguration(SparkSession spark, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keyed.yaml"), SWEEP);
        Path wh = dir.resolve("wh");
        String[] args = {
            "sweep", "run", "--config", file.toString(), "--warehouse", wh.toString(), "--run-key", "dag-1", "--json"
        };
        Outcome first = run(args);
        assertEquals(0, first.code(), first.err());
        Outcome again = run(args);
        assertEquals(0, again.code(), again.err());
        String runId = first.lastJson().get("run_id").asText();
        assertEquals(runId, again.lastJson().get("run_id").asText(), "the same run");
        assertEquals(0, again.lastJson().get("trials").get("computed").asInt());
        assertEquals(4, again.lastJson().get("trials").get("resumed").asInt());
        assertEquals(0, again.lastJson().get("trials").get("reused").asInt(), "--json counts match the text line");
        assertTrue(
                again.err().contains("0 computed, 4 resumed, 0 reused")
                        || again.out().contains("0 computed, 4 resumed, 0 reused"),
                again.err());
        List<Row> rows = runs(spark, wh);
        assertEquals(1, rows.size(), "no second runs row");
        assertEquals("SUCCEEDED", rows.get(0).getAs("status"));
        assertEquals("dag-1", rows.get(0).getAs("run_key"));
        assertEquals(
                4,
                spark.read()
                        .format("delta")
                        .load(wh.resolve("trials").toString())
                        .count());

        Outcome other = run(
                "sweep",
                "run",
                "--config",
                file.toString(),
                "--warehouse",
                wh.toString(),
                "--run-key",
                "dag-1",
                "--set",
                "budget.max_trials=5");
        oneLine(other, Main.EXIT_CONFIG, "--run-key dag-1: run " + runId, "another configuration", "budget");
        assertEquals(1, runs(spark, wh).size());
        Outcome newKey =
                run("sweep", "run", "--config", file.toString(), "--warehouse", wh.toString(), "--run-key", "dag-2");
        assertEquals(0, newKey.code(), newKey.err());
        assertEquals(2, runs(spark, wh).size(), "a new key is a new run");
        assertEquals(
                1,
                spark.read()
                        .format("delta")
                        .load(wh.resolve("runs").toString())
                        .where(col("run_key").equalTo("dag-2"))
                        .count());
    }
}
