package dev.sweeplake.ctr.train;

/** Progress callbacks from {@link BarsTrainer}; called on the training thread. */
public interface TrainingListener {
    /** After every epoch's validation. */
    default void onEpoch(EpochMetrics metrics) {}

    /** Return true to stop after the current epoch (e.g. a sweep scheduler pruning the trial). */
    default boolean shouldStop(EpochMetrics metrics) {
        return false;
    }

    TrainingListener NONE = new TrainingListener() {};
}
