package dev.sweeplake.jobs;

import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.errors.SweeplakeErrors;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.RunHeartbeat;
import dev.sweeplake.jobs.store.Tables;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job body as one row of the {@code runs} table: the warehouse is checked first (fail fast, nothing written), the
 * resolved config is logged once and stored, and the run always ends: SUCCEEDED with the result's JSON, or FAILED with
 * the error's one line on every other exit path (any exception, checked ones such as Spark's {@code AnalysisException}
 * included; an {@code Error}; a JVM shutdown by SIGTERM/SIGINT or {@code System.exit}, from a shutdown hook). While it
 * runs, a heartbeat refreshes {@code last_seen_at}, so a driver killed with SIGKILL leaves a run that later readers mark
 * ABANDONED. With a run key ({@code --run-key}) the body runs under the run that holds the key.
 */
public final class TrackedRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrackedRun.class);
    /** Runs before Spark's own shutdown hook (Hadoop priority 40), which stops the SparkContext the update needs. */
    private static final int SHUTDOWN_PRIORITY = 60;

    private TrackedRun() {}

    public static <R extends JobResult> R run(
            JobContext ctx, String command, Object config, Function<RunHandle, R> body) {
        String configJson = ConfigLoader.toJson(config);
        LOG.info("resolved configuration for {}: {}", command, configJson);
        ctx.store().checkWritable();
        for (var t : Tables.CORE) {
            ctx.store().ensure(t);
        }
        RunHandle run = ctx.store().startRun(command, configJson);
        AtomicBoolean ended = new AtomicBoolean();
        Runnable onShutdown = () -> {
            if (ended.compareAndSet(false, true)) {
                try {
                    ctx.store()
                            .failRun(
                                    run,
                                    "interrupted: the JVM was shut down (signal or System.exit) while the run was in progress");
                } catch (RuntimeException e) {
                    LOG.warn("could not end run {} at shutdown: {}", run.runId(), SweeplakeErrors.oneLine(e));
                }
            }
        };
        org.apache.hadoop.util.ShutdownHookManager hooks = org.apache.hadoop.util.ShutdownHookManager.get();
        hooks.addShutdownHook(onShutdown, SHUTDOWN_PRIORITY, 20, TimeUnit.SECONDS);
        R result;
        try (RunHeartbeat beat = RunHeartbeat.start(ctx.store(), run)) {
            result = body.apply(run);
        } catch (Throwable e) { // precise rethrow: whatever the body throws, Spark's undeclared checked exceptions
            // included
            if (ended.compareAndSet(false, true)) {
                try {
                    ctx.store().failRun(run, SweeplakeErrors.oneLine(e));
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            removeHook(hooks, onShutdown);
            throw e;
        }
        try {
            var json = result.toJson();
            if (!json.has("run_id")) {
                json.put("run_id", run.runId());
            }
            if (ended.compareAndSet(false, true)) {
                ctx.store().finishRun(run, json.toString());
            }
        } catch (RuntimeException e) {
            removeHook(hooks, onShutdown);
            throw e;
        }
        removeHook(hooks, onShutdown);
        return result;
    }

    private static void removeHook(org.apache.hadoop.util.ShutdownHookManager hooks, Runnable hook) {
        try {
            hooks.removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already shutting down: the hook has run or will find the run ended
        }
    }
}
