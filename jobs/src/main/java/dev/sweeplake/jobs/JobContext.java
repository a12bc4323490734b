package dev.sweeplake.jobs;

import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.Warehouse;
import dev.sweeplake.jobs.util.Console;
import dev.sweeplake.jobs.util.SparkProgress;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * What a job runs with: the Spark session, the metrics store on the chosen warehouse, and the console. Tests build one with
 * {@link #of(SparkSession, String)} on a temporary folder.
 */
public record JobContext(SparkSession spark, MetricsStore store, Console console, SparkProgress sparkProgress) {
    public JobContext {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(sparkProgress, "sparkProgress");
    }

    public JobContext(SparkSession spark, MetricsStore store, Console console) {
        this(spark, store, console, new SparkProgress(spark, console));
    }

    /** A context on {@code warehouse} that prints nothing. */
    public static JobContext of(SparkSession spark, String warehouse) {
        return new JobContext(spark, new MetricsStore(spark, Warehouse.of(warehouse)), Console.silent());
    }

    /**
     * Sets the Spark job group and description so the phase is visible (and cancellable) in the Spark UI, and follows it
     * with progress lines (tasks done/total, rate, ETA) while it runs longer than a few seconds.
     */
    public void phase(String group, String description) {
        phase(group, description, null);
    }

    /** {@link #phase(String, String)} whose progress line estimates the ETA from {@code work} (units done / total). */
    public void phase(String group, String description, dev.sweeplake.jobs.util.WorkCounter work) {
        spark.sparkContext().setJobGroup(group, description, true);
        sparkProgress.watch(group, description, work);
    }
}
