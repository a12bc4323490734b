package dev.sweeplake.ctr.train;

import dev.sweeplake.ctr.internal.JsonText;
import java.util.Locale;

/**
 * Training-protocol settings (BARS): validation AUC is monitored after every epoch; an epoch that does not beat the
 * best by more than {@code minDelta} is a miss, multiplies the learning rate by {@code lrDecay} (not below
 * {@code minLearningRate}); {@code patience} consecutive misses stop training; the best epoch is restored.
 *
 * @param maxEpochs epochs at most, [1, 10000]; the fidelity knob of successive halving (1, 3, 9, ...)
 * @param seed seeds initialisation, shuffling and dropout
 * @param threads training threads, [1, 256]; results are deterministic for a given seed and thread count
 * @param patience consecutive misses before stopping, [1, 1000] (BARS: 2)
 * @param lrDecay factor applied on a miss, (0, 1] (BARS: 0.1)
 * @param minLearningRate floor of the decayed rate, [0, 1] (FuxiCTR: 1e-6)
 * @param minDelta improvement needed to count as better, [0, 1] (FuxiCTR: 1e-6)
 * @param monitor the validation quantity an epoch must improve: {@link Monitor#AUC_LOGLOSS} (default, FuxiCTR's
 *     {@code monitor: {AUC: 1, logloss: -1}} of the BARS benchmarks) or {@link Monitor#AUC}
 * @param lazyAdam false (default): dense Adam, every element of every tensor every step, exactly
 *     {@code torch.optim.Adam}; true: lazy (sparse) Adam on the embedding tables and LR weights, only the rows whose
 *     ids occur in the mini-batch are updated (their moments and values; L2 too), so a step costs O(batch x fields)
 *     there instead of O(vocabulary); dense layers keep dense Adam. Same as dense Adam when every row occurs in every
 *     batch; otherwise a row absent from a batch keeps its value (dense Adam keeps moving it with its decaying
 *     momentum and applies L2 to it), like {@code torch.optim.SparseAdam} / TF's LazyAdam (bias correction by the
 *     global step count, as both do)
 */
public record TrainerParams(
        int maxEpochs,
        long seed,
        int threads,
        int patience,
        double lrDecay,
        double minLearningRate,
        double minDelta,
        Monitor monitor,
        boolean lazyAdam) {

    /**
     * What early stopping and lr decay watch after every epoch (higher is better).
     *
     * <p>{@code AUC} alone stops models that start slowly too early: at the reference lr 1e-3 and batch 4096 a
     * factorization machine on a task with many one-hot fields spends its first epochs moving the logits away from 0
     * (validation log loss falls fast) while its AUC wobbles by 1e-3; one such wobble is a miss, the lr drops 10x and the
     * next epoch cannot catch up, so training stops at epoch 3 with the log loss near the prior's (issue 16; PyTorch
     * with the same protocol does exactly the same). {@code AUC - logloss} counts such an epoch as progress.
     */
    public enum Monitor {
        /** Validation AUC. */
        AUC("auc"),
        /** Validation AUC minus validation log loss (FuxiCTR's {@code {AUC: 1, logloss: -1}}). */
        AUC_LOGLOSS("auc-logloss");

        private final String id;

        Monitor(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The monitored value of an epoch. */
        public double value(double auc, double logLoss) {
            return this == AUC ? auc : auc - logLoss;
        }

        /** {@code auc} or {@code auc-logloss} (case-insensitive). */
        public static Monitor fromId(String id) {
            for (Monitor m : values()) {
                if (m.id.equalsIgnoreCase(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "monitor must be one of auc, auc-logloss, got '%s'", id));
        }
    }

    /** The settings with the default monitor ({@link Monitor#AUC_LOGLOSS}) and dense Adam. */
    public TrainerParams(
            int maxEpochs,
            long seed,
            int threads,
            int patience,
            double lrDecay,
            double minLearningRate,
            double minDelta) {
        this(maxEpochs, seed, threads, patience, lrDecay, minLearningRate, minDelta, Monitor.AUC_LOGLOSS, false);
    }

    public TrainerParams {
        java.util.Objects.requireNonNull(monitor, "monitor");
        checkInt("maxEpochs", maxEpochs, 1, 10000);
        checkInt("threads", threads, 1, 256);
        checkInt("patience", patience, 1, 1000);
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "lrDecay must be in (0, 1], got %s", lrDecay));
        }
        if (!(minLearningRate >= 0 && minLearningRate <= 1)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "minLearningRate must be in [0, 1], got %s", minLearningRate));
        }
        if (!(minDelta >= 0 && minDelta <= 1)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "minDelta must be in [0, 1], got %s", minDelta));
        }
    }

    private static void checkInt(String name, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s must be in [%d, %d], got %d", name, lo, hi, v));
        }
    }

    /** BARS defaults: 100 epochs at most, seed 2019 (FuxiCTR's), 1 thread, patience 2, decay 0.1, AUC - logloss. */
    public static TrainerParams defaults() {
        return new TrainerParams(100, 2019L, 1, 2, 0.1, 1e-6, 1e-6, Monitor.AUC_LOGLOSS, false);
    }

    public TrainerParams withMaxEpochs(int v) {
        return new TrainerParams(v, seed, threads, patience, lrDecay, minLearningRate, minDelta, monitor, lazyAdam);
    }

    public TrainerParams withSeed(long v) {
        return new TrainerParams(
                maxEpochs, v, threads, patience, lrDecay, minLearningRate, minDelta, monitor, lazyAdam);
    }

    public TrainerParams withThreads(int v) {
        return new TrainerParams(maxEpochs, seed, v, patience, lrDecay, minLearningRate, minDelta, monitor, lazyAdam);
    }

    public TrainerParams withPatience(int v) {
        return new TrainerParams(maxEpochs, seed, threads, v, lrDecay, minLearningRate, minDelta, monitor, lazyAdam);
    }

    public TrainerParams withLrDecay(double v) {
        return new TrainerParams(maxEpochs, seed, threads, patience, v, minLearningRate, minDelta, monitor, lazyAdam);
    }

    public TrainerParams withMinLearningRate(double v) {
        return new TrainerParams(maxEpochs, seed, threads, patience, lrDecay, v, minDelta, monitor, lazyAdam);
    }

    public TrainerParams withMinDelta(double v) {
        return new TrainerParams(maxEpochs, seed, threads, patience, lrDecay, minLearningRate, v, monitor, lazyAdam);
    }

    public TrainerParams withMonitor(Monitor v) {
        return new TrainerParams(maxEpochs, seed, threads, patience, lrDecay, minLearningRate, minDelta, v, lazyAdam);
    }

    public TrainerParams withLazyAdam(boolean v) {
        return new TrainerParams(maxEpochs, seed, threads, patience, lrDecay, minLearningRate, minDelta, monitor, v);
    }

    /** Canonical JSON (stable key order), for result rows. */
    public String toJson() {
        return JsonText.object(g -> {
            g.writeNumberField("max_epochs", maxEpochs);
            g.writeNumberField("seed", seed);
            g.writeNumberField("threads", threads);
            g.writeNumberField("patience", patience);
            g.writeNumberField("lr_decay", lrDecay);
            g.writeNumberField("min_lr", minLearningRate);
            g.writeNumberField("min_delta", minDelta);
            g.writeStringField("monitor", monitor.id());
            g.writeBooleanField("lazy_adam", lazyAdam);
        });
    }
}
