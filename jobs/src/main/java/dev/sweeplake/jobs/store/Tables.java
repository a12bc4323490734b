package dev.sweeplake.jobs.store;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The metrics store's tables. These names and columns are the contract for notebooks, dashboards and SQL: change them only
 * with a migration. Columns are documented in the README ("Tables").
 */
public final class Tables {
    private Tables() {}

    /**
     * One row per command run. Key: run_id. Inserted as RUNNING at start; {@code last_seen_at} refreshed by the heartbeat;
     * ended SUCCEEDED/FAILED by the run, or ABANDONED by a later reader once the heartbeat stopped.
     */
    public static final TableSpec RUNS = new TableSpec(
            "runs",
            new StructType(new StructField[] {
                field("run_id", StringType, false),
                field("command", StringType, false),
                field("status", StringType, false),
                field("config_json", StringType, true),
                field("code_version", StringType, true),
                field("spark_version", StringType, true),
                field("master", StringType, true),
                field("app_id", StringType, true),
                field("user", StringType, true),
                field("host", StringType, true),
                field("started_at", TimestampType, false),
                field("ended_at", TimestampType, true),
                field("duration_s", DoubleType, true),
                field("error", StringType, true),
                field("summary_json", StringType, true),
                field("last_seen_at", TimestampType, true),
                field("run_key", StringType, true),
            }),
            List.of("run_id"));

    /**
     * Columns added after a table's first release, per table: a table found without them gets them added (nullable, so
     * old rows read as null) instead of being refused. {@code runs}: the heartbeat and the {@code --run-key}.
     */
    public static final java.util.Map<String, List<String>> ADDED_LATER =
            java.util.Map.of("runs", List.of("last_seen_at", "run_key"));

    /** One row per trial attempt. Key: (trial_id, attempt). */
    public static final TableSpec TRIALS = new TableSpec(
            "trials",
            new StructType(new StructField[] {
                field("study_id", StringType, false),
                field("trial_id", StringType, false),
                field("attempt", IntegerType, false),
                field("run_id", StringType, false),
                field("benchmark", StringType, false),
                field("params_json", StringType, true),
                field("seed", LongType, true),
                field("seed_role", StringType, true),
                field("fidelity", DoubleType, true),
                field("dataset_version", StringType, true),
                field("state", StringType, false),
                field("reused_from", StringType, true),
                field("started_at", TimestampType, true),
                field("ended_at", TimestampType, true),
                field("duration_s", DoubleType, true),
                field("error", StringType, true),
                field("executor", StringType, true),
            }),
            List.of("trial_id", "attempt"));

    /** Long format: one row per metric value. Key: (study_id, trial_id, attempt, name, step). */
    public static final TableSpec METRICS = new TableSpec(
            "metrics",
            new StructType(new StructField[] {
                field("run_id", StringType, false),
                field("study_id", StringType, false),
                field("trial_id", StringType, false),
                field("attempt", IntegerType, false),
                field("name", StringType, false),
                field("step", LongType, false),
                field("value", DoubleType, true),
                field("recorded_at", TimestampType, false),
            }),
            List.of("study_id", "trial_id", "attempt", "name", "step"));

    /** The three core tables, in the order `tables` lists them. */
    public static final List<TableSpec> CORE = List.of(RUNS, TRIALS, METRICS);

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return new StructField(name, type, nullable, org.apache.spark.sql.types.Metadata.empty());
    }

    /**
     * The sweep engine's table (key sweep_id): one row per sweep with the settings that define what is searched. Written
     * by {@code sweep run}, read by {@code sweep status} and the report.
     */
    public static final TableSpec SWEEPS = new TableSpec(
            "sweeps",
            new StructType(new StructField[] {
                new StructField("sweep_id", StringType, false, Metadata.empty()),
                new StructField("settings_hash", StringType, false, Metadata.empty()),
                new StructField("objective", StringType, false, Metadata.empty()),
                new StructField("metric", StringType, false, Metadata.empty()),
                new StructField("direction", StringType, false, Metadata.empty()),
                new StructField("fidelity", StringType, true, Metadata.empty()),
                new StructField("max_fidelity", DoubleType, true, Metadata.empty()),
                new StructField("sampler_json", StringType, true, Metadata.empty()),
                new StructField("scheduler_json", StringType, true, Metadata.empty()),
                new StructField("settings_json", StringType, false, Metadata.empty()),
                new StructField("config_json", StringType, false, Metadata.empty()),
                new StructField("created_run_id", StringType, false, Metadata.empty()),
                new StructField("created_at", TimestampType, false, Metadata.empty()),
            }),
            List.of("sweep_id"));
}
