package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.sweep.spi.ObjectiveProvider;

/** The objectives that ship with the sweep engine, registered like any workload's through {@code META-INF/services}. */
public final class BuiltInObjectives {
    private BuiltInObjectives() {}

    /** {@code synthetic}: {@link SyntheticObjective}. Thread-safe. */
    public static final class Synthetic extends ObjectiveProvider.Named {
        public Synthetic() {
            super("synthetic", SyntheticObjective::new);
        }
    }

    /** {@code mllib-logreg}: {@link LogisticRegressionObjective}. Thread-safe. */
    public static final class MllibLogReg extends ObjectiveProvider.Named {
        public MllibLogReg() {
            super("mllib-logreg", LogisticRegressionObjective::new);
        }
    }
}
