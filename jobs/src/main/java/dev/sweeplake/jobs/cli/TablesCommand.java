package dev.sweeplake.jobs.cli;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.command.NoConfig;
import dev.sweeplake.jobs.command.NoConfigCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sweeplake tables}: the metrics tables with their row counts and the latest runs. */
@Command(
        name = "tables",
        mixinStandardHelpOptions = true,
        description = "List the metrics tables (runs, trials, metrics) with row counts and show the latest runs.")
public final class TablesCommand extends NoConfigCommand {
    @Option(
            names = "--latest",
            paramLabel = "N",
            defaultValue = "10",
            description = "How many recent runs to show (default ${DEFAULT-VALUE}).")
    int latest;

    @Override
    protected void precheck(NoConfig config) {
        if (latest < 0 || latest > 10_000) {
            throw new IllegalArgumentException("--latest: expected an integer in [0, 10000], got " + latest);
        }
    }

    @Override
    protected JobResult run(JobContext ctx, NoConfig config) {
        return TablesJob.run(ctx, latest);
    }

    @Override
    protected String appName() {
        return "tables";
    }
}
