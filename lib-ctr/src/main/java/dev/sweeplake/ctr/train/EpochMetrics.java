package dev.sweeplake.ctr.train;

/**
 * One training epoch.
 *
 * @param epoch 1-based
 * @param trainLogLoss mean training loss over the epoch (unclipped BCE, before the step of each batch)
 * @param validAuc validation AUC after the epoch
 * @param validLogLoss clipped validation log loss after the epoch
 * @param learningRate rate used during the epoch
 * @param trainSeconds seconds spent in training steps (excluding evaluation)
 */
public record EpochMetrics(
        int epoch,
        double trainLogLoss,
        double validAuc,
        double validLogLoss,
        double learningRate,
        double trainSeconds) {}
