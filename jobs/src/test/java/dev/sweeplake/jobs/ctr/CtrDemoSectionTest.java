package dev.sweeplake.jobs.ctr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.demo.DemoConfig;
import dev.sweeplake.jobs.demo.DemoJob;
import dev.sweeplake.jobs.demo.DemoSection.DemoRow;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The demo's 'ctr' section: FM approaches the planted model's Bayes AUC, the linear models stay below it. */
@ExtendWith(SparkExtension.class)
class CtrDemoSectionTest {
    @Test
    void demoComparesLibCtrAndMllibOnThePlantedTask(SparkSession spark, @TempDir Path wh) {
        JobContext ctx = JobContext.of(spark, wh.toString());
        DemoJob.Result r = DemoJob.run(ctx, DemoConfig.defaults().withSections(List.of("ctr")));
        List<DemoRow> rows = r.rows();
        assertEquals(4, rows.size(), rows.toString());
        double bayes = rows.get(0).value();
        double lr = rows.get(1).value();
        double fm = rows.get(2).value();
        double mllibLr = rows.get(3).value();
        assertTrue(rows.get(2).what().contains("FM") && rows.get(3).what().contains("MLlib"), rows.toString());
        assertTrue(fm > lr + 0.03 && fm <= bayes + 0.01, rows.toString());
        assertTrue(Math.abs(lr - mllibLr) < 0.03, rows.toString());
        assertEquals(
                3,
                ctx.store()
                        .read(Tables.TRIALS)
                        .filter("run_id = '" + r.runId() + "'")
                        .count());
    }
}
