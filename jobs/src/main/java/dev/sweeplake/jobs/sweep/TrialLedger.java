package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.store.TrialRecord;

/**
 * Port of the {@link SweepLoop}: reads what the warehouse knows of earlier trials of the objective once, when the loop
 * starts, and records every trial the loop finishes (computed, failed, reused). The Delta implementation is
 * {@link DeltaTrialLedger}; tests run the loop with an in-memory one.
 *
 * <p>{@link #record} may buffer; {@link #close} writes what is buffered. Implementations state their thread-safety.
 */
interface TrialLedger extends AutoCloseable {

    /**
     * The finished trials of {@code objective} (benchmark) with their metric values and studies, and every trial id's
     * highest attempt, as a fresh {@link Ledger} the loop then owns.
     */
    Ledger read(String objective);

    /** Records one finished trial attempt of run {@code runId}. */
    void record(TrialRecord trial, String runId);

    @Override
    void close();
}
