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
 * @param adam Adam on the embedding tables: dense (every row every step, exactly {@code torch.optim.Adam}), lazy (only
 *     the rows in the batch, as {@code torch.optim.SparseAdam}: per-step cost follows the batch, not the vocabulary; the
 *     moments of rows absent from a batch do not decay that step), or auto (default): lazy when the vocabulary holds at
 *     least {@link #LAZY_VOCABULARY_PER_BATCH_ID} x (batch size x fields) feature ids, dense below. Dense Adam's work per
 *     step is the whole vocabulary, a sequential sweep (about 15 ns per id of width 11 measured); lazy Adam's is the
 *     batch's id slots (batch size x fields) to collect plus a random row access per distinct id (about 55-100 ns per
 *     slot measured with 6 and 39 fields), so lazy pays off from about 4 ids per slot (README "Scale": FM on 1M
 *     Criteo-shaped rows, 380k ids, 2.4 ids per slot: dense 158k samples/s, lazy 114k). Small vocabularies such as
 *     MovieLens keep dense Adam, exactly {@code torch.optim.Adam}
 */
public record TrainerConfig(
        int maxEpochs,
        int patience,
        double lrDecay,
        int threads,
        int parallelTrials,
        ResourceProfileMode resourceProfile,
        AdamMode adam) {

    /**
     * {@link AdamMode#AUTO} uses lazy Adam when the feature ids number at least this many times a batch's id slots
     * (batch size x fields).
     */
    public static final int LAZY_VOCABULARY_PER_BATCH_ID = 4;

    /** Which Adam updates the embedding tables. */
    public enum AdamMode {
        AUTO,
        DENSE,
        LAZY
    }

    /** The settings without {@code adam} (auto). */
    public TrainerConfig(
            int maxEpochs,
            int patience,
            double lrDecay,
            int threads,
            int parallelTrials,
            ResourceProfileMode resourceProfile) {
        this(maxEpochs, patience, lrDecay, threads, parallelTrials, resourceProfile, AdamMode.AUTO);
    }

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
        Checks.notNull("adam", adam);
    }

    public static TrainerConfig defaults() {
        return new TrainerConfig(100, 2, 0.1, 1, 1, ResourceProfileMode.AUTO);
    }

    public TrainerConfig withMaxEpochs(int v) {
        return new TrainerConfig(v, patience, lrDecay, threads, parallelTrials, resourceProfile, adam);
    }

    public TrainerConfig withAdam(AdamMode v) {
        return new TrainerConfig(maxEpochs, patience, lrDecay, threads, parallelTrials, resourceProfile, v);
    }

    /** lib-ctr trainer settings for one trial whose vocabulary is unknown (auto Adam: dense). */
    public TrainerParams toTrainerParams(long seed, int epochs) {
        return toTrainerParams(seed, epochs, 0, 1, 1);
    }

    /**
     * lib-ctr trainer settings for one trial over {@code numFeatures} feature ids, {@code numFields} fields and
     * mini-batches of {@code batchSize} rows.
     */
    public TrainerParams toTrainerParams(long seed, int epochs, int numFeatures, int batchSize, int numFields) {
        TrainerParams d = TrainerParams.defaults();
        return new TrainerParams(epochs, seed, threads, patience, lrDecay, d.minLearningRate(), d.minDelta())
                .withLazyAdam(lazyAdam(numFeatures, batchSize, numFields));
    }

    /** Whether a trial over {@code numFeatures} feature ids, batches of {@code batchSize} rows of {@code numFields}. */
    public boolean lazyAdam(int numFeatures, int batchSize, int numFields) {
        return switch (adam) {
            case LAZY -> true;
            case DENSE -> false;
            case AUTO -> numFeatures >= (long) LAZY_VOCABULARY_PER_BATCH_ID * batchSize * numFields;
        };
    }
}
