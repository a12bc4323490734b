package dev.sweeplake.jobs.reco;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.ctr.reco.EaseParams;
import dev.sweeplake.ctr.reco.ItemKnnParams;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hyperparameters of a reco model ({@code params:} of a {@code models:} entry, or a grid point); an absent key keeps
 * the default shown. Keys that the model does not use are refused when the point is resolved.
 *
 * @param similarity itemknn: cosine | jaccard (cosine)
 * @param neighbours itemknn: neighbourhood size, 0 = all (0)
 * @param shrink itemknn: similarity shrinkage (0)
 * @param lambda ease: L2 regularisation (500)
 * @param memoryBudgetMb itemknn, ease: refuse a catalogue whose dense matrices exceed this (2048)
 * @param rank als: factors (10)
 * @param reg als: regParam (0.05 explicit, 0.01 implicit)
 * @param alpha als-implicit: confidence scale (1.0)
 * @param iterations als: maxIter (15); the sweep fidelity
 * @param nonnegative als: non-negative factors (false)
 */
public record RecoParams(
        Optional<String> similarity,
        Optional<Integer> neighbours,
        Optional<Double> shrink,
        Optional<Double> lambda,
        Optional<Integer> memoryBudgetMb,
        Optional<Integer> rank,
        Optional<Double> reg,
        Optional<Double> alpha,
        Optional<Integer> iterations,
        Optional<Boolean> nonnegative) {

    static final Map<RecoModel, List<String>> KEYS = Map.of(
            RecoModel.POPULARITY, List.of(),
            RecoModel.ITEMKNN, List.of("similarity", "neighbours", "shrink", "memory_budget_mb"),
            RecoModel.EASE, List.of("lambda", "memory_budget_mb"),
            RecoModel.ALS, List.of("rank", "reg", "iterations", "nonnegative"),
            RecoModel.ALS_IMPLICIT, List.of("rank", "reg", "alpha", "iterations", "nonnegative"));

    public static RecoParams none() {
        return new RecoParams(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * One model's fully resolved hyperparameters. Immutable, serializable (it travels into trial tasks).
     *
     * @param model the model
     * @param itemKnn itemknn parameters (null otherwise)
     * @param ease ease parameters (null otherwise)
     * @param als als parameters (null otherwise)
     */
    public record Point(RecoModel model, ItemKnnParams itemKnn, EaseParams ease, Als als)
            implements java.io.Serializable {
        /** The hyperparameters that matter for the model, for result rows. */
        public ObjectNode json() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            switch (model) {
                case ITEMKNN ->
                    o.put("similarity", itemKnn.similarity().id())
                            .put("neighbours", itemKnn.neighbours())
                            .put("shrink", itemKnn.shrink());
                case EASE -> o.put("lambda", ease.lambda());
                case ALS, ALS_IMPLICIT -> {
                    o.put("rank", als.rank()).put("reg", als.reg());
                    if (model == RecoModel.ALS_IMPLICIT) {
                        o.put("alpha", als.alpha());
                    }
                    o.put("iterations", als.iterations()).put("nonnegative", als.nonnegative());
                }
                default -> {}
            }
            return o;
        }

        /** The same point with another iteration count (ALS; others unchanged). */
        public Point withIterations(int iterations) {
            return als == null
                    ? this
                    : new Point(
                            model,
                            itemKnn,
                            ease,
                            new Als(als.rank(), als.reg(), als.alpha(), iterations, als.nonnegative()));
        }
    }

    /** MLlib ALS settings. */
    public record Als(int rank, double reg, double alpha, int iterations, boolean nonnegative)
            implements java.io.Serializable {
        public Als {
            if (rank < 1 || rank > 4096) {
                throw new InvalidValueException("rank", "expected an integer in [1, 4096], got " + rank);
            }
            if (!(reg >= 0 && reg < 1e6)) {
                throw new InvalidValueException(
                        "reg", String.format(Locale.ROOT, "expected a number in [0, 1e6), got %s", reg));
            }
            if (!(alpha >= 0 && alpha < 1e6)) {
                throw new InvalidValueException(
                        "alpha", String.format(Locale.ROOT, "expected a number in [0, 1e6), got %s", alpha));
            }
            if (iterations < 1 || iterations > 1000) {
                throw new InvalidValueException("iterations", "expected an integer in [1, 1000], got " + iterations);
            }
        }
    }

    /** The resolved point of {@code model}; a key the model does not use is an error naming the keys it takes. */
    public Point resolve(RecoModel model) {
        List<String> allowed = KEYS.get(model);
        Map<String, Optional<?>> set = new java.util.LinkedHashMap<>();
        set.put("similarity", similarity);
        set.put("neighbours", neighbours);
        set.put("shrink", shrink);
        set.put("lambda", lambda);
        set.put("memory_budget_mb", memoryBudgetMb);
        set.put("rank", rank);
        set.put("reg", reg);
        set.put("alpha", alpha);
        set.put("iterations", iterations);
        set.put("nonnegative", nonnegative);
        for (var e : set.entrySet()) {
            if (e.getValue().isPresent() && !allowed.contains(e.getKey())) {
                throw new InvalidValueException(
                        e.getKey(),
                        String.format(
                                Locale.ROOT,
                                "model %s takes the parameters %s, got '%s'",
                                model.id(),
                                allowed,
                                e.getKey()));
            }
        }
        long budget = (long) memoryBudgetMb.orElse(2048) << 20;
        try {
            return switch (model) {
                case POPULARITY -> new Point(model, null, null, null);
                case ITEMKNN ->
                    new Point(
                            model,
                            new ItemKnnParams(
                                    ItemKnnParams.Similarity.fromId(similarity.orElse("cosine")),
                                    neighbours.orElse(0),
                                    shrink.orElse(0.0),
                                    budget),
                            null,
                            null);
                case EASE -> new Point(model, null, new EaseParams(lambda.orElse(500.0), budget), null);
                case ALS, ALS_IMPLICIT ->
                    new Point(
                            model,
                            null,
                            null,
                            new Als(
                                    rank.orElse(10),
                                    reg.orElse(model == RecoModel.ALS ? 0.05 : 0.01),
                                    alpha.orElse(1.0),
                                    iterations.orElse(15),
                                    nonnegative.orElse(false)));
            };
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidValueException) {
                throw e;
            }
            throw new InvalidValueException("params", model.id() + ": " + e.getMessage());
        }
    }
}
