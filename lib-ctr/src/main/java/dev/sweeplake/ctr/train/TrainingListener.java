package dev.sweeplake.ctr.train;

/** Progress callbacks from {@link BarsTrainer}; called on the training thread. */
public interface TrainingListener {
    /**
     * Once per run, right after the first epoch's training steps and before its validation, while the model, the
     * optimizer state, the gradient buffers, the workspaces and the data are all referenced (the trainer keeps them
     * reachable until this returns): the training's steady state, e.g. for measuring the live heap. Outside the timed
     * training steps; the time spent here is also left out of {@link TrainResult#trainSeconds()}.
     */
    default void afterFirstEpochSteps(TrainingFootprint footprint) {}

    /** After every epoch's validation. */
    default void onEpoch(EpochMetrics metrics) {}

    /** Return true to stop after the current epoch (e.g. a sweep scheduler pruning the trial). */
    default boolean shouldStop(EpochMetrics metrics) {
        return false;
    }

    TrainingListener NONE = new TrainingListener() {};
}
