package dev.sweeplake.jobs.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE.yaml",
            description = "YAML config file for this command (see conf/).")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "key.path=value",
            description = "Override one config key (the value is parsed as YAML); repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(
            names = "--warehouse",
            paramLabel = "PATH",
            description = "Metrics warehouse: a local folder or any Hadoop path (s3a://, abfss://, dbfs:/). "
                    + "Default: $SWEEPLAKE_WAREHOUSE or ./warehouse.")
    String warehouse;

    @Option(
            names = "--catalog-schema",
            paramLabel = "SCHEMA",
            description = "Also register the tables in this catalog schema (e.g. ml.sweeplake).")
    String catalogSchema;

    @Option(
            names = "--spark-profile",
            paramLabel = "FILE.yaml",
            description = "Spark profile (conf/spark/local.yaml, cluster.yaml); settings given by spark-submit win.")
    Path sparkProfile;

    @Option(
            names = "--run-key",
            paramLabel = "KEY",
            description =
                    "Idempotent retries: a second run of this command with the same key and configuration resumes the "
                            + "first run (same run id, no duplicated trial or metric); another configuration is refused "
                            + "(e.g. Airflow's {{ run_id }}).")
    String runKey;

    @Option(
            names = "--json",
            description = "Print one JSON object as the last line of standard output (text goes to stderr).")
    boolean json;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show stack traces and more logging.")
    boolean verbose;

    /** The warehouse location after the option, the environment and the default. */
    public String warehouseLocation() {
        if (warehouse != null && !warehouse.isBlank()) {
            return warehouse;
        }
        String env = System.getenv("SWEEPLAKE_WAREHOUSE");
        return env != null && !env.isBlank() ? env : dev.sweeplake.jobs.store.Warehouse.DEFAULT_LOCATION;
    }

    /** The {@code --run-key}, or null. */
    public String runKey() {
        return runKey;
    }

    public Path config() {
        return config;
    }

    public List<String> overrides() {
        return overrides;
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }
}
