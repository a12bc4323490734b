package dev.sweeplake.jobs.command;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.spark.Sessions;
import dev.sweeplake.jobs.spark.SparkProfile;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.Warehouse;
import dev.sweeplake.jobs.util.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of every command that needs Spark: parses and validates the config on the driver first (so bad input fails before
 * any Spark work), then obtains the session, runs the job and prints its result. Library code never calls System.exit;
 * the exit code is returned to {@link Main}.
 *
 * @param <C> the command's typed config record
 */
public abstract class SparkCommand<C extends Record> implements Callable<Integer> {
    @Mixin
    protected CommonOptions common;

    /** The config record type. */
    protected abstract Class<C> configType();

    /** Checks that need no Spark (input files exist, ...), after binding. Throw IllegalArgumentException. */
    protected void precheck(C config) {}

    /** Runs the job. */
    protected abstract JobResult run(JobContext ctx, C config);

    /** The Spark application name. */
    protected abstract String appName();

    @Override
    public final Integer call() {
        C config = ConfigLoader.load(common.config(), common.overrides(), configType());
        precheck(config);
        Console console = new Console(System.out, System.err, common.json());
        Sessions.Acquired acquired = Sessions.acquire("sweeplake " + appName(), sparkProfile());
        try {
            Warehouse warehouse = new Warehouse(common.warehouseLocation(), Optional.ofNullable(common.catalogSchema));
            JobContext ctx = new JobContext(
                    acquired.spark(), new MetricsStore(acquired.spark(), warehouse, common.runKey()), console);
            JobResult result = run(ctx, config);
            result.print(console);
            console.result(result.toJson().toString());
            return 0;
        } finally {
            if (acquired.created()) {
                acquired.spark().stop();
            }
        }
    }

    private SparkProfile sparkProfile() {
        Path file = common.sparkProfile;
        if (file == null) {
            String prop = System.getProperty("sweeplake.spark.profile");
            file = prop == null || prop.isBlank() ? null : Path.of(prop);
        }
        if (file == null) {
            return SparkProfile.defaults();
        }
        if (!Files.exists(file)) {
            throw new dev.sweeplake.jobs.config.ConfigException("Spark profile not found: " + file);
        }
        return SparkProfile.load(file);
    }
}
