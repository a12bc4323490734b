package dev.sweeplake.jobs.cli;

import dev.sweeplake.jobs.errors.ExitCode;
import dev.sweeplake.jobs.errors.SweeplakeErrors;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The one entry class: {@code sweeplake <command> [options]}. Works the same under the local launcher, spark-submit and
 * as a Databricks JAR task. Exit codes: 0 ok, 1 job failed, 2 bad command line, 3 bad configuration, 4 bad input data or
 * parameters, 5 warehouse not writable.
 */
@Command(
        name = "sweeplake",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description =
                "Sharded ANN indexes, CTR benchmarks and hyperparameter sweeps on Spark, with every trial in Delta Lake.",
        subcommands = {
            DemoCommand.class,
            TablesCommand.class,
            dev.sweeplake.jobs.report.ReportCommand.class,
            VersionCommand.class,
            dev.sweeplake.jobs.ann.AnnCommand.class,
            dev.sweeplake.jobs.sweep.SweepCommand.class,
            dev.sweeplake.jobs.ctr.CtrCommand.class,
            dev.sweeplake.jobs.reco.RecoCommand.class,
            dev.sweeplake.jobs.data.DataCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Run 'sweeplake COMMAND --help' for a command's options. Exit codes: 0 ok, 1 job failed, 2 usage,",
            "3 bad configuration, 4 bad input data or parameter, 5 warehouse not writable."
        })
public final class Main implements Runnable {
    public static final int EXIT_FAILED = ExitCode.JOB.code();
    public static final int EXIT_USAGE = ExitCode.USAGE.code();
    public static final int EXIT_CONFIG = ExitCode.CONFIG.code();
    public static final int EXIT_INPUT = ExitCode.INPUT.code();
    public static final int EXIT_WAREHOUSE = ExitCode.WAREHOUSE.code();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** Entry point. Exits the JVM with the command's code, except on Databricks, where a failure is thrown instead. */
    public static void main(String[] args) {
        int code = run(args);
        if (System.getenv("DATABRICKS_RUNTIME_VERSION") != null) {
            if (code != 0) {
                throw new IllegalStateException(
                        "sweeplake " + String.join(" ", args) + " failed with exit code " + code);
            }
            return;
        }
        System.exit(code);
    }

    /** Runs the command line and returns its exit code; never exits the JVM. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line (tests use it to check options and help). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> handle(ex, cmd, isVerbose(parsed)));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage() + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (p != null) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
            p = p.subcommand();
        }
        return false;
    }

    private static int handle(Exception ex, CommandLine cmd, boolean verbose) {
        PrintWriter err = cmd.getErr();
        err.println("error: " + SweeplakeErrors.oneLine(ex));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCode(ex);
    }

    /** The exit code of an error: mapped in one place, {@link SweeplakeErrors#exitCode}. */
    static int exitCode(Throwable ex) {
        return SweeplakeErrors.exitCode(ex);
    }
}
