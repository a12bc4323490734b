package dev.sweeplake.jobs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.demo.DemoConfig;
import dev.sweeplake.jobs.demo.DemoJob;
import dev.sweeplake.jobs.testing.S3ProxyServer;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The metrics store on s3a:// against a real S3 server (s3proxy on 127.0.0.1) works like a local folder. */
@ExtendWith(SparkExtension.class)
class S3WarehouseTest {
    @Test
    void demoWritesItsTablesToS3AndTheyReadBack(SparkSession spark, @TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir)) {
            s3.createBucket("lake");
            s3.configure(spark.sparkContext().hadoopConfiguration());
            String wh = "s3a://lake/sweeplake";
            JobContext ctx = JobContext.of(spark, wh);
            DemoJob.Result result = DemoJob.run(ctx, DemoConfig.defaults().withSections(List.of("digits-knn")));
            assertEquals(1, ctx.store().count(Tables.RUNS));
            assertTrue(ctx.store().count(Tables.TRIALS) >= 1);
            String status =
                    spark.read().format("delta").load(wh + "/runs").first().getAs("status");
            assertEquals("SUCCEEDED", status);
            assertEquals(
                    result.runId(),
                    spark.read().format("delta").load(wh + "/runs").first().getAs("run_id"));

            MetricsStore missingBucket = new MetricsStore(spark, Warehouse.of("s3a://no-such-bucket/wh"));
            String m = assertThrows(Warehouse.WarehouseException.class, missingBucket::checkWritable)
                    .getMessage();
            assertTrue(m.startsWith("warehouse 's3a://no-such-bucket/wh'"), m);
        }
    }
}
