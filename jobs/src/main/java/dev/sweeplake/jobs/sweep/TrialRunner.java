package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.store.TrialRecord.TrialState;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Port of the {@link SweepLoop}: runs trials. The Spark implementation is {@link TrialExecutor} (Spark tasks or driver
 * threads, timeouts, job groups); tests run the loop with an in-memory one.
 *
 * <p>Implementations must be safe to call from the loop's thread while their own threads deliver outcomes.
 */
interface TrialRunner extends AutoCloseable {

    /** What a finished trial reports back to the sweep loop. */
    record Outcome(
            TrialState state,
            Map<String, Double> metrics,
            String error,
            Instant startedAt,
            Instant endedAt,
            String executor) {}

    /** Starts the trial; {@code done} receives its outcome exactly once, on any thread (the loop's own included). */
    void submit(TrialSpec spec, Consumer<Outcome> done);

    /** Trials running now, for the progress line. */
    int running();

    /**
     * Called by the loop when it has nothing to start and waits for an outcome. A runner with threads of its own does
     * nothing; a deterministic runner finishes one of its pending trials here.
     */
    default void awaitingOutcome() {}

    @Override
    void close();
}
