package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.model.ModelParams;
import java.util.List;
import java.util.Optional;

/**
 * Hyperparameters a config sets on top of lib-ctr's reference settings ({@link ModelParams#defaults}: embedding 10,
 * MLP 400-400-400, no dropout, no L2, 3 cross layers, Adam lr 1e-2 for LR and 1e-3 otherwise, batch 4096). An absent key
 * keeps the reference value; lib-ctr checks the ranges.
 */
public record ModelOverrides(
        Optional<Integer> embeddingDim,
        Optional<List<Integer>> hiddenUnits,
        Optional<Double> dropout,
        Optional<Double> l2Embedding,
        Optional<Double> l2Weights,
        Optional<Integer> crossLayers,
        Optional<Double> learningRate,
        Optional<Integer> batchSize) {

    public static ModelOverrides none() {
        return new ModelOverrides(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** {@code base} with every present override applied. */
    public ModelParams apply(ModelParams base) {
        ModelParams p = base;
        if (embeddingDim.isPresent()) {
            p = p.withEmbeddingDim(embeddingDim.get());
        }
        if (hiddenUnits.isPresent()) {
            p = p.withHiddenUnits(hiddenUnits.get());
        }
        if (dropout.isPresent()) {
            p = p.withDropout(dropout.get());
        }
        if (l2Embedding.isPresent()) {
            p = p.withL2Embedding(l2Embedding.get());
        }
        if (l2Weights.isPresent()) {
            p = p.withL2Weights(l2Weights.get());
        }
        if (crossLayers.isPresent()) {
            p = p.withCrossLayers(crossLayers.get());
        }
        if (learningRate.isPresent()) {
            p = p.withLearningRate(learningRate.get());
        }
        if (batchSize.isPresent()) {
            p = p.withBatchSize(batchSize.get());
        }
        return p;
    }
}
