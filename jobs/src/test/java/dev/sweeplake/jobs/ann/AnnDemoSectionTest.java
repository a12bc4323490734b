package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.demo.DemoConfig;
import dev.sweeplake.jobs.demo.DemoJob;
import dev.sweeplake.jobs.demo.DemoSection;
import dev.sweeplake.jobs.demo.DemoSections;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class AnnDemoSectionTest {
    @Test
    void demoSectionBuildsShardsAndReportsRealFigures(SparkSession spark, @TempDir Path dir) {
        assertTrue(DemoSections.names().contains("ann"));
        JobContext ctx = JobContext.of(spark, dir.toString());
        DemoJob.Result r = DemoJob.run(ctx, DemoConfig.defaults().withSections(List.of("ann")));
        double recall = r.rows().stream()
                .filter(x -> x.metric().equals("recall_at_10"))
                .findFirst()
                .orElseThrow()
                .value();
        double qps = r.rows().stream()
                .filter(x -> x.metric().equals("queries_per_s"))
                .findFirst()
                .orElseThrow()
                .value();
        assertTrue(recall >= 0.9 && recall <= 1.0, "recall " + recall);
        assertTrue(qps > 0);
        assertEquals(3, r.rows().size());
        assertTrue(r.rows().stream().allMatch(x -> x.section().equals("ann")));
        assertEquals(
                AnnDemoSection.SETTINGS.size(),
                ctx.store()
                        .read(Tables.METRICS)
                        .where("name = 'recall_at_10' AND run_id = '" + r.runId() + "'")
                        .count());
        DemoSection.DemoRow build = r.rows().get(2);
        assertTrue(build.value() > 0, "build seconds " + build.value());
    }
}
