package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.command.GroupCommand;
import dev.sweeplake.jobs.command.NoConfig;
import dev.sweeplake.jobs.command.NoConfigCommand;
import dev.sweeplake.jobs.command.SparkCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sweeplake sweep run|status|leaderboard|bench}: hyperparameter sweeps with every trial in Delta. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Hyperparameter sweeps across the cluster: grid, random, halton and TPE samplers, successive halving / ASHA,",
            "tune and test seeds apart, resumable, every trial in the Delta tables. Sweep files: conf/sweeps/."
        },
        subcommands = {
            SweepCommand.Run.class,
            SweepCommand.Status.class,
            SweepCommand.Leaderboard.class,
            SweepBench.class
        })
public final class SweepCommand extends GroupCommand {
    /** {@code sweep run --config FILE}. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Run (or resume) the sweep in --config FILE.yaml: tune phase on the tune seeds (default configuration,",
                "the sampler's arm, a random-search arm), then the top-N on the test seeds; print the leaderboard.",
                "Re-running the same file resumes: finished trials are skipped, others re-run, no row is written twice."
            })
    public static final class Run extends SparkCommand<SweepConfig> {
        @Override
        protected Class<SweepConfig> configType() {
            return SweepConfig.class;
        }

        @Override
        protected void precheck(SweepConfig config) {
            SweepPlan.of(config);
        }

        @Override
        protected JobResult run(JobContext ctx, SweepConfig config) {
            return SweepJob.run(ctx, config);
        }

        @Override
        protected String appName() {
            return "sweep run";
        }
    }

    /** {@code sweep status SWEEP}. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Trials of a sweep per study and state, the best so far and its runs (read from the Delta tables).")
    public static final class Status extends NoConfigCommand {
        @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep's name (its sweep_id).")
        String sweep;

        @Override
        protected JobResult run(JobContext ctx, NoConfig config) {
            return SweepReports.status(ctx, sweep);
        }

        @Override
        protected String appName() {
            return "sweep status";
        }
    }

    /** {@code sweep leaderboard SWEEP}. */
    @Command(
            name = "leaderboard",
            mixinStandardHelpOptions = true,
            description =
                    "The configurations a sweep re-ran on its test seeds, ranked by test mean +- standard deviation.")
    public static final class Leaderboard extends NoConfigCommand {
        @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep's name (its sweep_id).")
        String sweep;

        @Override
        protected JobResult run(JobContext ctx, NoConfig config) {
            return SweepReports.leaderboard(ctx, sweep);
        }

        @Override
        protected String appName() {
            return "sweep leaderboard";
        }
    }
}
