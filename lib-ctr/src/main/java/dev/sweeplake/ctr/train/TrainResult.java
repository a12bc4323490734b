package dev.sweeplake.ctr.train;

import dev.sweeplake.ctr.internal.JsonText;
import dev.sweeplake.ctr.model.CtrModel;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.List;

/**
 * Outcome of one BARS training run. {@code model} holds the best epoch's parameters.
 *
 * @param samplesPerSecond training rows processed per second of training-step time (evaluation excluded)
 * @param trainSeconds wall time of the whole run (training, validation each epoch, test), without the time spent in
 *     {@link TrainingListener#afterFirstEpochSteps}
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

    /** One JSON object (no model weights) with stable keys, for result rows; NaN and infinities as null. */
    public String toJson() {
        return JsonText.object(g -> {
            g.writeStringField("model", params.kind().id());
            g.writeFieldName("params");
            g.writeRawValue(params.toJson());
            g.writeNumberField("seed", trainer.seed());
            g.writeNumberField("threads", trainer.threads());
            g.writeNumberField("max_epochs", trainer.maxEpochs());
            g.writeNumberField("epochs", epochsRun());
            g.writeNumberField("best_epoch", bestEpoch);
            JsonText.number(g, "valid_auc", bestValidAuc);
            JsonText.number(g, "valid_logloss", bestValidLogLoss);
            JsonText.number(g, "test_auc", testAuc);
            JsonText.number(g, "test_logloss", testLogLoss);
            JsonText.number(g, "samples_per_s", samplesPerSecond);
            JsonText.number(g, "train_s", trainSeconds);
            g.writeArrayFieldStart("per_epoch");
            for (EpochMetrics e : epochs) {
                g.writeStartObject();
                g.writeNumberField("epoch", e.epoch());
                JsonText.number(g, "train_logloss", e.trainLogLoss());
                JsonText.number(g, "valid_auc", e.validAuc());
                JsonText.number(g, "valid_logloss", e.validLogLoss());
                JsonText.number(g, "lr", e.learningRate());
                JsonText.number(g, "train_s", e.trainSeconds());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }
}
