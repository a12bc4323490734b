package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.sweep.spi.Objective;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.RowFactory;

/**
 * Puts a sweep run together on Spark and Delta: registers the sweep in the {@code sweeps} table, opens the Spark
 * implementations of the {@link SweepLoop}'s ports ({@link TrialExecutor}, {@link DeltaTrialLedger}), runs the loop,
 * closes the ports (the last batch of trials is written) and reads the leaderboard.
 *
 * <p>Not thread-safe: one engine per sweep run.
 */
final class SweepEngine {
    private final JobContext ctx;
    private final SweepPlan plan;
    private final SweepConfig config;
    private final RunHandle run;
    private final String sweepId;

    SweepEngine(JobContext ctx, SweepPlan plan, RunHandle run) {
        this.ctx = ctx;
        this.plan = plan;
        this.config = plan.config();
        this.run = run;
        this.sweepId = config.name();
    }

    SweepResult execute() {
        long t0 = System.nanoTime();
        registerSweep();
        SweepConfig.ExecutionSpec ex = config.executionSpec();
        Objective.Placement placement = switch (ex.placement()) {
            case AUTO -> plan.objective().placement();
            case TASK -> Objective.Placement.TASK;
            case DRIVER -> Objective.Placement.DRIVER;
        };
        SweepLoop.Figures f;
        DeltaTrialLedger ledger;
        try (TrialExecutor executor = new TrialExecutor(
                        ctx.spark(),
                        plan.objective(),
                        placement,
                        ex.parallelism(),
                        ex.trialTimeoutS(),
                        ex.coresPerTrial());
                DeltaTrialLedger l =
                        new DeltaTrialLedger(ctx.store(), run, ex.flushIntervalS(), ex.flushEveryTrials())) {
            ledger = l;
            f = new SweepLoop(plan, run.runId(), executor, l, new SweepProgress(ctx.console(), 2000)).run();
        }
        if (f.abortReason() != null) {
            throw new IllegalStateException(
                    "sweep " + sweepId + " stopped: " + f.abortReason() + "; last error: " + f.lastError());
        }
        SweepReports.Leaderboard board = SweepReports.leaderboard(ctx, sweepId);
        return new SweepResult(
                sweepId,
                run.runId(),
                f.computed(),
                f.resumed(),
                f.reused(),
                f.failed(),
                f.timedOut(),
                f.mainConfigs(),
                config.budgetSpec(),
                f.fidelityUsed(),
                f.tuneSeconds(),
                f.testSeconds(),
                (System.nanoTime() - t0) / 1e9,
                ledger.batches(),
                ledger.writeSeconds(),
                f.arms(),
                board,
                plan.fidelityName(),
                config.benchmark().metric());
    }

    private void registerSweep() {
        ctx.store().ensure(SweepTables.SWEEPS);
        Object now = Boolean.parseBoolean(ctx.spark().conf().get("spark.sql.datetime.java8API.enabled", "false"))
                ? Instant.now()
                : Timestamp.from(Instant.now());
        ctx.store()
                .insertIfAbsent(
                        SweepTables.SWEEPS,
                        List.of(RowFactory.create(
                                sweepId,
                                plan.settingsHash(),
                                config.benchmark().objective(),
                                config.benchmark().metric(),
                                config.benchmark().direction().word(),
                                plan.fidelityName(),
                                Double.isNaN(plan.maxFidelity()) ? null : plan.maxFidelity(),
                                ConfigLoader.toJson(Sampler.create(
                                                config.samplerSpec(),
                                                plan.space(),
                                                config.samplerSpec().seed())
                                        .settings()),
                                ConfigLoader.toJson(SweepPlan.schedulerSettings(
                                        config.schedulerSpec(), plan.fidelityName(), plan.rungs())),
                                plan.settingsJson(),
                                ConfigLoader.toJson(config),
                                run.runId(),
                                now)));
    }
}
