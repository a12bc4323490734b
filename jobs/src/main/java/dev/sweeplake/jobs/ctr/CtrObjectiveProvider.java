package dev.sweeplake.jobs.ctr;

import dev.sweeplake.jobs.sweep.spi.ObjectiveProvider;

/** Registers the {@code ctr} sweep objective ({@link CtrObjective}) through {@code META-INF/services}. Thread-safe. */
public final class CtrObjectiveProvider extends ObjectiveProvider.Named {
    public CtrObjectiveProvider() {
        super("ctr", CtrObjective::new);
    }
}
