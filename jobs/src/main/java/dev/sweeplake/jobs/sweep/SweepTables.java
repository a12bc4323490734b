package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.store.TableSpec;
import dev.sweeplake.jobs.store.Tables;

/**
 * The sweep engine's own table beside runs/trials/metrics. Key: sweep_id. One row per sweep, written once by its first
 * run: the settings that define what is searched (a later run with other settings is refused) including the sampler's and
 * scheduler's parameters.
 *
 * <p>Study ids in {@code trials}/{@code metrics}: {@code <sweep_id>/tune/default}, {@code <sweep_id>/tune/main},
 * {@code <sweep_id>/tune/random} and {@code <sweep_id>/test}.
 */
public final class SweepTables {
    private SweepTables() {}

    /** The sweeps table; defined in {@link Tables} with the other tables, so that readers (the report) need no sweep code. */
    public static final TableSpec SWEEPS = Tables.SWEEPS;

    public static String study(String sweepId, String arm) {
        return arm.equals("test") ? sweepId + "/test" : sweepId + "/tune/" + arm;
    }
}
