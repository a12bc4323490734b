package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.train.TrainerParams;
import dev.sweeplake.jobs.config.Checks;

/**
 * The BARS training protocol and how trials use the cluster ({@code trainer:}).
 *
 * @param maxEpochs epochs at most (early stopping usually ends sooner)
 * @param patience consecutive validation-AUC misses before stopping (BARS: 2)
 * @param lrDecay learning-rate factor on a miss (BARS: 0.1)
 * @param threads training threads inside one trial's Spark task (= CPUs the task asks for)
 * @param parallelTrials lib-ctr trials in flight at once (each one Spark job of one task)
 * @param resourceProfile request {@code threads} CPUs per trial task through a stage-level ResourceProfile: auto (on a
 *     cluster master, not in local mode where Spark does not support it), always, never (not on/off: YAML reads those as
 *     booleans)
 */
public record TrainerConfig(
        int maxEpochs,
        int patience,
        double lrDecay,
        int threads,
        int parallelTrials,
        ResourceProfileMode resourceProfile) {

    /** Whether trial tasks ask for their cores through stage-level scheduling. */
    public enum ResourceProfileMode {
        AUTO,
        ALWAYS,
        NEVER
    }

    public TrainerConfig {
        Checks.intIn("max_epochs", maxEpochs, 1, 10_000);
        Checks.intIn("patience", patience, 1, 1000);
        Checks.doubleIn("lr_decay", lrDecay, 1e-9, 1);
        Checks.intIn("threads", threads, 1, 256);
        Checks.intIn("parallel_trials", parallelTrials, 1, 1024);
        Checks.notNull("resource_profile", resourceProfile);
    }

    public static TrainerConfig defaults() {
        return new TrainerConfig(100, 2, 0.1, 1, 1, ResourceProfileMode.AUTO);
    }

    public TrainerConfig withMaxEpochs(int v) {
        return new TrainerConfig(v, patience, lrDecay, threads, parallelTrials, resourceProfile);
    }

    /** lib-ctr trainer settings for one trial. */
    public TrainerParams toTrainerParams(long seed, int epochs) {
        TrainerParams d = TrainerParams.defaults();
        return new TrainerParams(epochs, seed, threads, patience, lrDecay, d.minLearningRate(), d.minDelta());
    }
}
