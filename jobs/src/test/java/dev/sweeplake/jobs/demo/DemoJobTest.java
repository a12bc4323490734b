package dev.sweeplake.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class DemoJobTest {
    @Test
    void demoTwiceGivesTwoRunsAndNoDuplicatedTrials(SparkSession spark, @TempDir Path dir) {
        JobContext ctx = JobContext.of(spark, dir.toString());
        DemoConfig config = DemoConfig.defaults().withSections(List.of("digits-knn"));
        DemoJob.Result first = DemoJob.run(ctx, config);
        DemoJob.Result second = DemoJob.run(ctx, config);
        assertNotEquals(first.runId(), second.runId());
        MetricsStore store = ctx.store();
        assertEquals(2, store.count(Tables.RUNS));
        long trials = store.count(Tables.TRIALS);
        assertTrue(trials >= 2, "trials " + trials);
        assertEquals(
                trials,
                store.read(Tables.TRIALS)
                        .select("trial_id", "attempt")
                        .distinct()
                        .count());
        assertEquals(
                store.count(Tables.METRICS),
                store.read(Tables.METRICS)
                        .select("study_id", "trial_id", "attempt", "name", "step")
                        .distinct()
                        .count());
        assertEquals(
                2,
                store.read(Tables.RUNS)
                        .filter("status = 'SUCCEEDED' AND summary_json LIKE '%run_id%'")
                        .count());
        // The exact k-NN classifier on digits is a real figure: well above chance, below perfect.
        double acc = first.rows().stream()
                .filter(r -> r.metric().equals("knn_accuracy"))
                .findFirst()
                .orElseThrow()
                .value();
        assertTrue(acc > 0.9 && acc < 1.0, "accuracy " + acc);
        assertTrue(first.toJson().get("run_id").asText().equals(first.runId()));
    }
}
