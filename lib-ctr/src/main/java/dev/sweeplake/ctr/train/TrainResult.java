package dev.sweeplake.ctr.train;

import dev.sweeplake.ctr.model.CtrModel;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Outcome of one BARS training run. {@code model} holds the best epoch's parameters.
 *
 * @param samplesPerSecond training rows processed per second of training-step time (evaluation excluded)
 * @param trainSeconds wall time of the whole run (training, validation each epoch, test)
 */
public record TrainResult(
        ModelParams params,
        TrainerParams trainer,
        List<EpochMetrics> epochs,
        int bestEpoch,
        double bestValidAuc,
        double bestValidLogLoss,
        double testAuc,
        double testLogLoss,
        double samplesPerSecond,
        double trainSeconds,
        CtrModel model) {
    public TrainResult {
        epochs = List.copyOf(epochs);
    }

    public int epochsRun() {
        return epochs.size();
    }

    /** One JSON object (no model weights) with stable keys, for result rows. */
    public String toJson() {
        String ep = epochs.stream()
                .map(e -> String.format(
                        Locale.ROOT,
                        "{\"epoch\":%d,\"train_logloss\":%s,\"valid_auc\":%s,\"valid_logloss\":%s,\"lr\":%s,\"train_s\":%s}",
                        e.epoch(),
                        num(e.trainLogLoss()),
                        num(e.validAuc()),
                        num(e.validLogLoss()),
                        num(e.learningRate()),
                        num(e.trainSeconds())))
                .collect(Collectors.joining(",", "[", "]"));
        return String.format(
                Locale.ROOT,
                "{\"model\":\"%s\",\"params\":%s,\"seed\":%d,\"threads\":%d,\"max_epochs\":%d,\"epochs\":%d,\"best_epoch\":%d,"
                        + "\"valid_auc\":%s,\"valid_logloss\":%s,\"test_auc\":%s,\"test_logloss\":%s,"
                        + "\"samples_per_s\":%s,\"train_s\":%s,\"per_epoch\":%s}",
                params.kind().id(),
                params.toJson(),
                trainer.seed(),
                trainer.threads(),
                trainer.maxEpochs(),
                epochsRun(),
                bestEpoch,
                num(bestValidAuc),
                num(bestValidLogLoss),
                num(testAuc),
                num(testLogLoss),
                num(samplesPerSecond),
                num(trainSeconds),
                ep);
    }

    /** A JSON number, or null for NaN / infinity (e.g. test AUC of a one-class test split). */
    static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }
}
