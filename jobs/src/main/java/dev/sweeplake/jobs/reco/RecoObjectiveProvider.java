package dev.sweeplake.jobs.reco;

import dev.sweeplake.jobs.sweep.spi.ObjectiveProvider;

/** Registers the {@code reco} sweep objective ({@link RecoObjective}) through {@code META-INF/services}. Thread-safe. */
public final class RecoObjectiveProvider extends ObjectiveProvider.Named {
    public RecoObjectiveProvider() {
        super("reco", RecoObjective::new);
    }
}
