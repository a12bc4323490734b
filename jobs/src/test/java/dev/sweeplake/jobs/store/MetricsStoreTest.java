package dev.sweeplake.jobs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.store.TrialRecord.SeedRole;
import dev.sweeplake.jobs.store.TrialRecord.TrialState;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class MetricsStoreTest {

    private static TrialRecord trial(String id, int attempt, double auc) {
        return TrialRecord.builder("study-1", id, "synthetic")
                .attempt(attempt)
                .paramsJson("{\"lr\":0.1}")
                .seed(7L)
                .seedRole(SeedRole.TUNE)
                .fidelity(3.0)
                .state(TrialState.COMPLETED)
                .startedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .endedAt(Instant.parse("2026-01-01T00:00:02Z"))
                .metrics(List.of(MetricValue.of("auc", auc), new MetricValue("val_auc", 1, auc - 0.01)))
                .build();
    }

    @Test
    void writingTheSameBatchTwiceNeverDuplicatesARow(SparkSession spark, @TempDir Path dir) {
        MetricsStore store = new MetricsStore(spark, Warehouse.of(dir.toString()));
        RunHandle run = store.startRun("test", "{}");
        List<TrialRecord> batch = List.of(trial("t1", 1, 0.7), trial("t2", 1, 0.8));
        store.recordTrials(run, batch);
        store.recordTrials(run, batch); // a retried write
        assertEquals(2, store.count(Tables.TRIALS));
        assertEquals(4, store.count(Tables.METRICS));
        // A second attempt of t1 is a new row; a batch with the same key twice inserts it once.
        store.recordTrials(run, List.of(trial("t1", 2, 0.75), trial("t1", 2, 0.75)));
        assertEquals(3, store.count(Tables.TRIALS));
        assertEquals(6, store.count(Tables.METRICS));
        Row t2 = store.read(Tables.TRIALS).filter("trial_id = 't2'").first();
        assertEquals(run.runId(), t2.getAs("run_id"));
        assertEquals("tune", t2.getAs("seed_role"));
        assertEquals(2.0, (Double) t2.getAs("duration_s"), 1e-9);
        double v = store.read(Tables.METRICS)
                .filter("trial_id = 't2' AND name = 'auc'")
                .first()
                .getAs("value");
        assertEquals(0.8, v, 1e-12);
    }

    @Test
    void runLifecycleIsOneRowUpdatedAtTheEnd(SparkSession spark, @TempDir Path dir) {
        MetricsStore store = new MetricsStore(spark, Warehouse.of(dir.toString()));
        RunHandle ok = store.startRun("demo", "{\"k\":10}");
        RunHandle bad = store.startRun("demo", "{}");
        store.finishRun(ok, "{\"run_id\":\"" + ok.runId() + "\"}");
        store.failRun(bad, "boom");
        assertEquals(2, store.count(Tables.RUNS));
        Row r = store.read(Tables.RUNS).filter("run_id = '" + ok.runId() + "'").first();
        assertEquals("SUCCEEDED", r.getAs("status"));
        assertEquals("{\"k\":10}", r.getAs("config_json"));
        assertEquals(spark.version(), r.getAs("spark_version"));
        Row f = store.read(Tables.RUNS).filter("run_id = '" + bad.runId() + "'").first();
        assertEquals("FAILED", f.getAs("status"));
        assertEquals("boom", f.getAs("error"));
        // Readable with Spark SQL too.
        long n = spark.sql("SELECT count(*) FROM delta.`" + store.path(Tables.RUNS) + "` WHERE status = 'FAILED'")
                .first()
                .getLong(0);
        assertEquals(1, n);
    }

    @Test
    void refusesAnExistingTableWithAnotherSchema(SparkSession spark, @TempDir Path dir) {
        spark.range(3)
                .toDF("run_id")
                .write()
                .format("delta")
                .save(dir.resolve("runs").toString());
        MetricsStore store = new MetricsStore(spark, Warehouse.of(dir.toString()));
        String m = assertThrows(IllegalStateException.class, () -> store.ensure(Tables.RUNS))
                .getMessage();
        assertTrue(m.contains("table runs at ") && m.contains("incompatible schema"), m);
        assertTrue(m.contains("run_id expected string, found bigint"), m);
    }

    @Test
    void unwritableWarehouseFailsFastAndNamesThePath(SparkSession spark, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        MetricsStore store =
                new MetricsStore(spark, Warehouse.of(file.resolve("wh").toString()));
        String m = assertThrows(Warehouse.WarehouseException.class, store::checkWritable)
                .getMessage();
        assertTrue(m.startsWith("warehouse '" + file.resolve("wh") + "' is not writable"), m);
        MetricsStore onFile = new MetricsStore(spark, Warehouse.of(file.toString()));
        m = assertThrows(Warehouse.WarehouseException.class, onFile::checkWritable)
                .getMessage();
        assertTrue(m.contains("expected a folder, found a file"), m);
    }

    @Test
    void catalogSchemaRegistersTablesByName(SparkSession spark, @TempDir Path dir) {
        MetricsStore store =
                new MetricsStore(spark, new Warehouse(dir.toString(), java.util.Optional.of("sweeplake_test")));
        RunHandle run = store.startRun("test", "{}");
        store.finishRun(run, "{}");
        assertEquals(
                1L,
                spark.sql("SELECT count(*) FROM sweeplake_test.runs").first().getLong(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Warehouse(dir.toString(), java.util.Optional.of("bad name;")));
    }
}
