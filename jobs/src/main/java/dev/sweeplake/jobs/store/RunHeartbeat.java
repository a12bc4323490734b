package dev.sweeplake.jobs.store;

import dev.sweeplake.jobs.util.Errors;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes a running run's {@code runs.last_seen_at} every {@code sweeplake.run.heartbeat.s} seconds from a daemon
 * thread, so that a run whose driver died (kill -9, lost host) is recognisable and later marked ABANDONED. A failed
 * heartbeat is logged and retried at the next beat; it never fails the run. Thread-safe; {@link #close} stops it.
 */
public final class RunHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunHeartbeat.class);
    private final ScheduledExecutorService timer;

    private RunHeartbeat(MetricsStore store, RunHandle run) {
        long periodMs = Math.max(1, (long) (RunLifecycle.heartbeatSeconds() * 1000));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sweeplake-heartbeat-" + run.runId());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        store.touchRun(run);
                    } catch (Exception e) { // never fail the run for a missed beat
                        LOG.warn("heartbeat of run {} failed: {}", run.runId(), Errors.oneLine(e));
                    }
                },
                periodMs,
                periodMs,
                TimeUnit.MILLISECONDS);
    }

    /** Starts the heartbeat of {@code run}. */
    public static RunHeartbeat start(MetricsStore store, RunHandle run) {
        return new RunHeartbeat(store, run);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
