package dev.sweeplake.jobs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.testing.SparkExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkExtension.class)
class WorkCounterTest {
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Test
    void workDoneInsideARunningTaskIsVisibleBeforeTheTaskEndsAndExactAfter(SparkSession spark) throws Exception {
        WorkCounter w = WorkCounter.create(spark, "test-work", 1_000, "rows");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        CompletableFuture<Long> job = CompletableFuture.supplyAsync(() -> jsc.parallelize(List.of(0, 1), 2)
                .map(i -> {
                    w.add(100);
                    if (i == 1) {
                        RELEASE.await(60, TimeUnit.SECONDS); // a long task: its work so far must already count
                    }
                    w.add(400);
                    return i;
                })
                .count());
        long deadline = System.currentTimeMillis() + 60_000;
        while (w.done() < 600 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        long midway = w.done();
        RELEASE.countDown();
        assertEquals(2L, job.get(60, TimeUnit.SECONDS));
        assertEquals(600, midway, "task 0 done (500) + task 1 so far (100), while task 1 still runs");
        assertEquals(1_000, w.done());
        assertEquals("rows", w.unit());
        w.close();
        assertTrue(w.done() == 1_000, "the accumulator keeps the exact total after the live counter is dropped");
    }
}
