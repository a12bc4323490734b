package dev.sweeplake.ctr.train;

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
 */
public record TrainerParams(int maxEpochs, long seed, int threads, int patience, double lrDecay,
    double minLearningRate, double minDelta) {
  public TrainerParams {
    checkInt("maxEpochs", maxEpochs, 1, 10000);
    checkInt("threads", threads, 1, 256);
    checkInt("patience", patience, 1, 1000);
    if (!(lrDecay > 0 && lrDecay <= 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "lrDecay must be in (0, 1], got %s", lrDecay));
    }
    if (!(minLearningRate >= 0 && minLearningRate <= 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "minLearningRate must be in [0, 1], got %s", minLearningRate));
    }
    if (!(minDelta >= 0 && minDelta <= 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "minDelta must be in [0, 1], got %s", minDelta));
    }
  }

  private static void checkInt(String name, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be in [%d, %d], got %d", name, lo, hi, v));
    }
  }

  /** BARS defaults: 100 epochs at most, seed 2019 (FuxiCTR's), 1 thread, patience 2, decay 0.1. */
  public static TrainerParams defaults() {
    return new TrainerParams(100, 2019L, 1, 2, 0.1, 1e-6, 1e-6);
  }

  public TrainerParams withMaxEpochs(int v) {
    return new TrainerParams(v, seed, threads, patience, lrDecay, minLearningRate, minDelta);
  }

  public TrainerParams withSeed(long v) {
    return new TrainerParams(maxEpochs, v, threads, patience, lrDecay, minLearningRate, minDelta);
  }

  public TrainerParams withThreads(int v) {
    return new TrainerParams(maxEpochs, seed, v, patience, lrDecay, minLearningRate, minDelta);
  }

  public TrainerParams withPatience(int v) {
    return new TrainerParams(maxEpochs, seed, threads, v, lrDecay, minLearningRate, minDelta);
  }

  public TrainerParams withLrDecay(double v) {
    return new TrainerParams(maxEpochs, seed, threads, patience, v, minLearningRate, minDelta);
  }

  public TrainerParams withMinLearningRate(double v) {
    return new TrainerParams(maxEpochs, seed, threads, patience, lrDecay, v, minDelta);
  }

  public TrainerParams withMinDelta(double v) {
    return new TrainerParams(maxEpochs, seed, threads, patience, lrDecay, minLearningRate, v);
  }

  /** Canonical JSON (stable key order), for result rows. */
  public String toJson() {
    return String.format(java.util.Locale.ROOT,
        "{\"max_epochs\":%d,\"seed\":%d,\"threads\":%d,\"patience\":%d,\"lr_decay\":%s,\"min_lr\":%s,"
            + "\"min_delta\":%s}", maxEpochs, seed, threads, patience, lrDecay, minLearningRate, minDelta);
  }
}
