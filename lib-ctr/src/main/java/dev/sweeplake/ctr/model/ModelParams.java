package dev.sweeplake.ctr.model;

import dev.sweeplake.ctr.internal.JsonText;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Hyperparameters of one model. Defaults follow the BARS/FuxiCTR settings of the issue: embedding 10, MLP 400-400-400,
 * no dropout, no L2, 3 cross layers, batch 4096, Adam with lr 1e-2 for LR and 1e-3 otherwise.
 *
 * @param kind which model
 * @param embeddingDim embedding size, [1, 1024] (unused by LR)
 * @param hiddenUnits MLP widths (DeepFM, DCNv2, Wide&Deep), each in [1, 65536], at least one for those models
 * @param dropout dropout rate on hidden layers, [0, 1)
 * @param l2Embedding L2 coefficient on embedding tables and LR weights: loss += l2/2 * ||theta||^2, [0, 1]
 * @param l2Weights L2 coefficient on dense (MLP, cross, head) weight matrices, [0, 1]
 * @param crossLayers DCNv2 cross layers, [1, 16]
 * @param learningRate Adam learning rate, (0, 1]
 * @param batchSize mini-batch size, [1, 1<<20]
 */
public record ModelParams(
        ModelKind kind,
        int embeddingDim,
        List<Integer> hiddenUnits,
        double dropout,
        double l2Embedding,
        double l2Weights,
        int crossLayers,
        double learningRate,
        int batchSize) {

    public ModelParams {
        Objects.requireNonNull(kind, "kind");
        hiddenUnits = List.copyOf(hiddenUnits);
        checkInt("embeddingDim", embeddingDim, 1, 1024);
        for (int h : hiddenUnits) {
            checkInt("hiddenUnits[i]", h, 1, 65536);
        }
        if ((kind == ModelKind.DEEPFM || kind == ModelKind.DCNV2 || kind == ModelKind.WIDE_DEEP)
                && hiddenUnits.isEmpty()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "hiddenUnits must have at least 1 layer for %s, got %s", kind, hiddenUnits));
        }
        checkDouble("dropout", dropout, 0, 1, false);
        checkDouble("l2Embedding", l2Embedding, 0, 1, true);
        checkDouble("l2Weights", l2Weights, 0, 1, true);
        checkInt("crossLayers", crossLayers, 1, 16);
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "learningRate must be in (0, 1], got %s", learningRate));
        }
        checkInt("batchSize", batchSize, 1, 1 << 20);
    }

    private static void checkInt(String name, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s must be in [%d, %d], got %d", name, lo, hi, v));
        }
    }

    private static void checkDouble(String name, double v, double lo, double hi, boolean hiInclusive) {
        if (!(v >= lo && (hiInclusive ? v <= hi : v < hi))) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "%s must be in [%s, %s%s, got %s", name, lo, hi, hiInclusive ? "]" : ")", v));
        }
    }

    /** The reference settings for {@code kind}. */
    public static ModelParams defaults(ModelKind kind) {
        return new ModelParams(
                kind, 10, List.of(400, 400, 400), 0.0, 0.0, 0.0, 3, kind == ModelKind.LR ? 1e-2 : 1e-3, 4096);
    }

    public ModelParams withEmbeddingDim(int v) {
        return new ModelParams(
                kind, v, hiddenUnits, dropout, l2Embedding, l2Weights, crossLayers, learningRate, batchSize);
    }

    public ModelParams withHiddenUnits(List<Integer> v) {
        return new ModelParams(
                kind, embeddingDim, v, dropout, l2Embedding, l2Weights, crossLayers, learningRate, batchSize);
    }

    public ModelParams withDropout(double v) {
        return new ModelParams(
                kind, embeddingDim, hiddenUnits, v, l2Embedding, l2Weights, crossLayers, learningRate, batchSize);
    }

    public ModelParams withL2Embedding(double v) {
        return new ModelParams(
                kind, embeddingDim, hiddenUnits, dropout, v, l2Weights, crossLayers, learningRate, batchSize);
    }

    public ModelParams withL2Weights(double v) {
        return new ModelParams(
                kind, embeddingDim, hiddenUnits, dropout, l2Embedding, v, crossLayers, learningRate, batchSize);
    }

    public ModelParams withCrossLayers(int v) {
        return new ModelParams(
                kind, embeddingDim, hiddenUnits, dropout, l2Embedding, l2Weights, v, learningRate, batchSize);
    }

    public ModelParams withLearningRate(double v) {
        return new ModelParams(
                kind, embeddingDim, hiddenUnits, dropout, l2Embedding, l2Weights, crossLayers, v, batchSize);
    }

    public ModelParams withBatchSize(int v) {
        return new ModelParams(
                kind, embeddingDim, hiddenUnits, dropout, l2Embedding, l2Weights, crossLayers, learningRate, v);
    }

    /** Canonical JSON of these parameters (stable key order), for result rows. */
    public String toJson() {
        return JsonText.object(g -> {
            g.writeStringField("model", kind.id());
            g.writeNumberField("embedding_dim", embeddingDim);
            g.writeArrayFieldStart("hidden_units");
            for (int h : hiddenUnits) {
                g.writeNumber(h);
            }
            g.writeEndArray();
            g.writeNumberField("dropout", dropout);
            g.writeNumberField("l2_embedding", l2Embedding);
            g.writeNumberField("l2_weights", l2Weights);
            g.writeNumberField("cross_layers", crossLayers);
            g.writeNumberField("learning_rate", learningRate);
            g.writeNumberField("batch_size", batchSize);
        });
    }
}
