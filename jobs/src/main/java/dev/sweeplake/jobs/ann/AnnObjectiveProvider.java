package dev.sweeplake.jobs.ann;

import dev.sweeplake.jobs.sweep.spi.ObjectiveProvider;

/** Registers the {@code ann} sweep objective ({@link AnnObjective}) through {@code META-INF/services}. Thread-safe. */
public final class AnnObjectiveProvider extends ObjectiveProvider.Named {
    public AnnObjectiveProvider() {
        super("ann", AnnObjective::new);
    }
}
