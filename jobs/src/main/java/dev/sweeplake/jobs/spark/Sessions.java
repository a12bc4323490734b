package dev.sweeplake.jobs.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains the SparkSession the way spark-submit, Databricks and the local launcher all accept: an active or default
 * session is reused as it is (Databricks, notebooks, tests); otherwise {@code SparkSession.builder().getOrCreate()} with
 * the Delta extensions and the profile's settings filled in where the SparkConf has none.
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private Sessions() {}

    /** The session and whether this call created it (and so should stop it). */
    public record Acquired(SparkSession spark, boolean created) {}

    public static Acquired acquire(String appName, SparkProfile profile) {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        if (active.isDefined()) {
            return new Acquired(active.get(), false);
        }
        scala.Option<SparkSession> dflt = SparkSession.getDefaultSession();
        if (dflt.isDefined()) {
            return new Acquired(dflt.get(), false);
        }
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            String master = profile.master().orElse("local[*]");
            conf.setMaster(master);
            LOG.info("no spark.master given; using {}", master);
        }
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        conf.setIfMissing("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        boolean local = conf.get("spark.master").startsWith("local");
        for (Map.Entry<String, String> e : profile.conf().entrySet()) {
            if (local && isResourceRequest(e.getKey())) {
                // Local mode offers no custom resources: a task GPU share would leave every task unschedulable.
                LOG.info(
                        "local mode: the profile's {} is not applied (no resource scheduling in local mode)",
                        e.getKey());
                continue;
            }
            conf.setIfMissing(e.getKey(), e.getValue());
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        return new Acquired(spark, true);
    }

    /** Executor and task resource requests ({@code spark.executor.resource.*}, {@code spark.task.resource.*}). */
    static boolean isResourceRequest(String key) {
        return key.startsWith("spark.executor.resource.") || key.startsWith("spark.task.resource.");
    }

    /** Settings for a local session in tests and the embedded default (UI off, few shuffle partitions, Delta). */
    public static SparkSession.Builder localBuilder(String master, String appName) {
        return SparkSession.builder()
                .master(master)
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "4")
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.databricks.delta.snapshotPartitions", "2")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    }
}
