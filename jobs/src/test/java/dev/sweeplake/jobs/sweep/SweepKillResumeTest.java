package dev.sweeplake.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigLoader;
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
      budget: {max_trials: 40}
      execution: {parallelism: 2, flush_interval_s: 0.5, flush_every_trials: 2}
      phases: {top_n: 1, default_trial: false, random_arm: false}
      """;

  // The same JVM options as Surefire's argLine (the parent pom's spark.jvm.flags).
  static final List<String> JVM_FLAGS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

  @Test
  void aKilledDriverResumesWithoutRerunningOrDuplicating(SparkSession spark, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("killed.yaml");
    Files.writeString(file, SWEEP);
    Path wh = dir.resolve("wh");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(JVM_FLAGS);
    cmd.add("-Dspark.master=local[2]");
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.driver.host=127.0.0.1");
    cmd.add("-Dspark.driver.bindAddress=127.0.0.1");
    cmd.add("-Dspark.sql.shuffle.partitions=4");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.sweeplake.jobs.cli.Main");
    cmd.addAll(List.of("sweep", "run", "--config", file.toString(), "--warehouse", wh.toString()));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    String trials = wh.resolve("trials").toString();
    // Version 0 of the trials table is its creation, version 1 the first batch of trials: kill as soon as it exists.
    // (Watching the log file, not counting with Spark, keeps the poll from competing with the child for the CPUs.)
    Path firstBatch = wh.resolve("trials").resolve("_delta_log").resolve("00000000000000000001.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(480);
    try {
      while (System.nanoTime() < deadline && child.isAlive() && !Files.exists(firstBatch)) {
        Thread.sleep(100);
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    long seen = DeltaTable.isDeltaTable(spark, trials)
        ? spark.read().format("delta").load(trials).where(col("study_id").equalTo("killed/tune/main")).count() : 0;
    assertTrue(seen >= 1, "the child recorded trials before it was killed; log:\n" + tail(dir.resolve("child.log")));
    Dataset<Row> before = spark.read().format("delta").load(trials);
    List<Row> recorded = before.select("trial_id", "run_id", "state").collectAsList();
    assertTrue(recorded.size() < 41, "killed before the sweep finished: " + recorded.size() + " trial rows");
    Set<String> recordedIds = recorded.stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    String childRun = recorded.get(0).getString(1);

    SweepResult r = SweepJob.run(JobContext.of(spark, wh.toString()), ConfigLoader.load(file, List.of(), SweepConfig.class));
    assertEquals(recordedIds.size(), r.resumed(), "every recorded trial is skipped");
    assertEquals(41 - recordedIds.size(), r.computed(), "the unfinished trials (and the test trial) are run");
    Dataset<Row> after = spark.read().format("delta").load(trials);
    assertEquals(41, after.count());
    assertEquals(41, after.select("trial_id", "attempt").distinct().count());
    assertEquals(41, after.select("trial_id").distinct().count(), "no trial ran twice");
    Map<String, String> runOf = after.select("trial_id", "run_id").collectAsList().stream()
        .collect(Collectors.toMap(x -> x.getString(0), x -> x.getString(1)));
    for (String id : recordedIds) {
      assertEquals(childRun, runOf.get(id), "a trial recorded by the killed run keeps its row");
    }
    Dataset<Row> m = spark.read().format("delta").load(wh.resolve("metrics").toString());
    assertEquals(m.count(), m.select("study_id", "trial_id", "attempt", "name", "step").distinct().count());
    assertEquals(41 * 2, m.count(), "score and regret for every trial, once");
    Row killedRun = spark.read().format("delta").load(wh.resolve("runs").toString()).where(col("run_id").equalTo(childRun)).first();
    assertEquals("RUNNING", killedRun.getString(killedRun.fieldIndex("status")), "the killed run never finished");
  }

  private static String tail(Path log) throws Exception {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
