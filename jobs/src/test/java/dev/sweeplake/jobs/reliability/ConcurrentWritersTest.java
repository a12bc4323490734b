package dev.sweeplake.jobs.reliability;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.store.TrialRecord.TrialState;
import dev.sweeplake.jobs.store.Warehouse;
import dev.sweeplake.jobs.testing.ChildJvm;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, finding 1: several drivers writing one warehouse at once lose and duplicate nothing, and every run ends.
 * Writers start together on an empty warehouse (concurrent table creation) and then on the existing one, and write
 * overlapping keys: two and four writers as threads of this JVM (each its own store, as separate runs), then two
 * separate JVMs running the same {@code sweep run} on the empty warehouse and two more on the existing one (two at a
 * time: four driver JVMs at once on CI's two cores spent ten minutes mostly starting up, and the four-writer case is
 * covered by the threads).
 */
@ExtendWith(SparkExtension.class)
class ConcurrentWritersTest {
    static final int TRIALS = 6;

    private static List<TrialRecord> batch(String study, int from) {
        List<TrialRecord> out = new ArrayList<>();
        for (int i = from; i < from + TRIALS; i++) {
            out.add(TrialRecord.builder(study, "t" + i, "synthetic")
                    .attempt(1)
                    .state(TrialState.COMPLETED)
                    .startedAt(Instant.now())
                    .endedAt(Instant.now())
                    .metrics(List.of(MetricValue.of("score", i), new MetricValue("curve", 1, i / 2.0)))
                    .build());
        }
        return out;
    }

    /** Every writer thread: start a run, write two overlapping batches, end the run. */
    private static void writers(SparkSession spark, Path wh, int n, String tag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                int me = w;
                done.add(pool.submit(() -> {
                    MetricsStore store = new MetricsStore(spark, Warehouse.of(wh.toString()));
                    for (var t : Tables.CORE) {
                        store.ensure(t);
                    }
                    RunHandle run = store.startRun("writer " + tag, "{}");
                    store.recordTrials(run, batch("s", me * 3)); // overlaps with the neighbours' keys
                    store.recordTrials(run, batch("s", me * 3 + 1));
                    store.finishRun(run, "{}");
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(600, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertNoDuplicatesAndAllEnded(SparkSession spark, Path wh, long runs) {
        Dataset<Row> t = spark.read().format("delta").load(wh.resolve("trials").toString());
        Dataset<Row> m = spark.read().format("delta").load(wh.resolve("metrics").toString());
        Dataset<Row> r = spark.read().format("delta").load(wh.resolve("runs").toString());
        assertEquals(t.select("trial_id", "attempt").distinct().count(), t.count(), "trials rows = distinct keys");
        assertEquals(
                m.select("study_id", "trial_id", "attempt", "name", "step")
                        .distinct()
                        .count(),
                m.count(),
                "metrics rows = distinct keys");
        assertEquals(runs, r.count());
        assertEquals(0, r.where(col("status").notEqual("SUCCEEDED")).count(), "every run ended SUCCEEDED");
        // A trial's metrics were written by the run its trial row names.
        assertEquals(
                0,
                t.as("t")
                        .join(
                                m.as("m"),
                                col("t.trial_id")
                                        .equalTo(col("m.trial_id"))
                                        .and(col("t.attempt").equalTo(col("m.attempt"))))
                        .where(col("t.run_id").notEqual(col("m.run_id")))
                        .count());
    }

    @Test
    void twoThenFourWriterThreads(SparkSession spark, @TempDir Path dir) throws Exception {
        Path wh = dir.resolve("wh");
        writers(spark, wh, 2, "a"); // empty warehouse: both create the tables
        Dataset<Row> t = spark.read().format("delta").load(wh.resolve("trials").toString());
        assertEquals(3 + TRIALS + 1, t.count(), "keys t0..t9 once each");
        assertNoDuplicatesAndAllEnded(spark, wh, 2);
        writers(spark, wh, 4, "b"); // existing warehouse
        assertEquals(
                3 * 3 + TRIALS + 1,
                spark.read()
                        .format("delta")
                        .load(wh.resolve("trials").toString())
                        .count());
        assertNoDuplicatesAndAllEnded(spark, wh, 6);
    }

    static final String SWEEP = """
      name: together
      benchmark: {objective: synthetic, metric: score, direction: maximize}
      space:
        x: {type: float, low: -1, high: 1}
      sampler: {kind: halton, seed: 5}
      seeds: {tune: [1], test: [2]}
      budget: {max_trials: 4}
      execution: {parallelism: 1}
      phases: {top_n: 1, default_trial: false, random_arm: false}
      """;

    @Test
    void twoThenTwoMoreDriverJvms(SparkSession spark, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("together.yaml"), SWEEP);
        Path wh = dir.resolve("wh");
        int started = 0;
        for (int round = 0; round < 2; round++) {
            int n = 2;
            List<Process> ps = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // Logs outside the temporary folder, so that a failure can be read after the test.
                Path log = Files.createDirectories(Path.of("target", "child-logs", "concurrent-writers"))
                        .resolve("child-" + round + "-" + i + ".log");
                logs.add(log);
                ps.add(ChildJvm.start(
                        List.of(),
                        List.of("sweep", "run", "--config", file.toString(), "--warehouse", wh.toString(), "--json"),
                        log));
            }
            try {
                for (int i = 0; i < n; i++) {
                    assertTrue(ps.get(i).waitFor(900, TimeUnit.SECONDS), "child finished");
                    assertEquals(
                            0,
                            ps.get(i).exitValue(),
                            "child " + i + " of " + n + ":\n" + ChildJvm.tail(logs.get(i), 40));
                }
            } finally {
                ps.forEach(Process::destroyForcibly); // no child outlives a failed assertion
            }
            started += n;
            assertNoDuplicatesAndAllEnded(spark, wh, started);
            Dataset<Row> t =
                    spark.read().format("delta").load(wh.resolve("trials").toString());
            assertEquals(5, t.count(), "4 tune trials and 1 test trial, once, whichever driver recorded them");
        }
    }
}
