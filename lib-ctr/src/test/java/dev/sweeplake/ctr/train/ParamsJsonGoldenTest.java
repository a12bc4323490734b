package dev.sweeplake.ctr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact JSON of the parameter and result records. {@link ModelParams#toJson} is hashed into trial ids (a changed byte
 * changes every id, and resumed sweeps and benches would recompute everything), so the bytes are pinned here, for
 * numbers in plain and exponent notation, lists, enums and non-finite values.
 */
class ParamsJsonGoldenTest {
    static final ModelParams DCN = ModelParams.defaults(ModelKind.DCNV2)
            .withHiddenUnits(List.of(400, 400, 200))
            .withDropout(0.1)
            .withL2Embedding(1.0e-5)
            .withL2Weights(0)
            .withLearningRate(0.001)
            .withBatchSize(4096);

    @Test
    void modelParamsBytesArePinned() {
        assertEquals(
                "{\"model\":\"dcnv2\",\"embedding_dim\":10,\"hidden_units\":[400,400,200],\"dropout\":0.1,"
                        + "\"l2_embedding\":1.0E-5,\"l2_weights\":0.0,\"cross_layers\":3,\"learning_rate\":0.001,"
                        + "\"batch_size\":4096}",
                DCN.toJson());
        assertEquals(
                "{\"model\":\"lr\",\"embedding_dim\":10,\"hidden_units\":[400,400,400],\"dropout\":0.0,"
                        + "\"l2_embedding\":0.0,\"l2_weights\":0.0,\"cross_layers\":3,\"learning_rate\":0.05,"
                        + "\"batch_size\":4096}",
                ModelParams.defaults(ModelKind.LR).withLearningRate(0.05).toJson());
    }

    @Test
    void trainerParamsBytesArePinned() {
        assertEquals(
                "{\"max_epochs\":12,\"seed\":-7,\"threads\":1,\"patience\":2,\"lr_decay\":0.5,\"min_lr\":1.0E-6,"
                        + "\"min_delta\":1.0E-6,\"monitor\":\"auc-logloss\",\"lazy_adam\":true}",
                TrainerParams.defaults()
                        .withSeed(-7)
                        .withMaxEpochs(12)
                        .withLrDecay(0.5)
                        .withMinDelta(1.0e-6)
                        .withLazyAdam(true)
                        .toJson());
    }

    @Test
    void trainResultBytesArePinnedWithNonFiniteValuesAsNull() {
        TrainResult r = new TrainResult(
                DCN,
                TrainerParams.defaults().withSeed(3).withThreads(2),
                List.of(
                        new EpochMetrics(1, 0.4712, 0.78125, 0.4501, 0.001, 12.5),
                        new EpochMetrics(2, 0.4433, Double.NaN, Double.POSITIVE_INFINITY, 5.0e-4, 11.0)),
                1,
                0.78125,
                0.4501,
                Double.NaN,
                0.45,
                123456.789,
                24.25,
                null);
        assertEquals(
                "{\"model\":\"dcnv2\",\"params\":{\"model\":\"dcnv2\",\"embedding_dim\":10,"
                        + "\"hidden_units\":[400,400,200],\"dropout\":0.1,\"l2_embedding\":1.0E-5,\"l2_weights\":0.0,"
                        + "\"cross_layers\":3,\"learning_rate\":0.001,\"batch_size\":4096},\"seed\":3,\"threads\":2,\"max_epochs\":100,\"epochs\":2,\"best_epoch\":1,"
                        + "\"valid_auc\":0.78125,\"valid_logloss\":0.4501,\"test_auc\":null,\"test_logloss\":0.45,"
                        + "\"samples_per_s\":123456.789,\"train_s\":24.25,\"per_epoch\":["
                        + "{\"epoch\":1,\"train_logloss\":0.4712,\"valid_auc\":0.78125,\"valid_logloss\":0.4501,"
                        + "\"lr\":0.001,\"train_s\":12.5},"
                        + "{\"epoch\":2,\"train_logloss\":0.4433,\"valid_auc\":null,\"valid_logloss\":null,"
                        + "\"lr\":5.0E-4,\"train_s\":11.0}]}",
                r.toJson());
    }
}
