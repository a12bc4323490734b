package dev.sweeplake.jobs.ctr;

import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parameters of an MLlib baseline; which keys a baseline takes is {@link Baseline#keys()} (any other key is an error).
 * Absent keys take the values of {@link #resolved}.
 */
public record MllibParams(
        Optional<Integer> maxIter,
        Optional<Double> regParam,
        Optional<Double> elasticNetParam,
        Optional<Double> tol,
        Optional<Integer> factorSize,
        Optional<Double> stepSize,
        Optional<Double> miniBatchFraction,
        Optional<String> solver,
        Optional<Integer> maxDepth,
        Optional<Double> subsamplingRate,
        Optional<Integer> maxBins) {

    public static MllibParams none() {
        return new MllibParams(
                Optional.empty(),
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

    /** Keys that are set (snake_case). */
    Map<String, Object> given() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var c : MllibParams.class.getRecordComponents()) {
            try {
                Optional<?> v = (Optional<?>) c.getAccessor().invoke(this);
                v.ifPresent(x -> m.put(ConfigBinder.snake(c.getName()), x));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    /**
     * Every parameter of {@code b} with its value: the given one or the default. Defaults: LR max_iter 100, reg_param 0,
     * elastic_net_param 0, tol 1e-6; FM factor_size 10 (as the lib-ctr embedding), max_iter 100, step_size 0.01,
     * reg_param 0, mini_batch_fraction 1, solver adamW, tol 1e-6; GBT max_iter 50, max_depth 5, step_size 0.1,
     * subsampling_rate 1, max_bins 32.
     *
     * @throws InvalidValueException naming the key when {@code b} does not take it or a value is out of range
     */
    public Map<String, Object> resolved(Baseline b) {
        Map<String, Object> given = given();
        for (String k : given.keySet()) {
            if (!b.keys().contains(k)) {
                throw new InvalidValueException(
                        "params." + k, b.id() + " does not take '" + k + "'; it takes " + b.keys());
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        switch (b) {
            case MLLIB_LR -> {
                d.put("max_iter", 100);
                d.put("reg_param", 0.0);
                d.put("elastic_net_param", 0.0);
                d.put("tol", 1e-6);
            }
            case MLLIB_FM -> {
                d.put("factor_size", 10);
                d.put("max_iter", 100);
                d.put("step_size", 0.01);
                d.put("reg_param", 0.0);
                d.put("mini_batch_fraction", 1.0);
                d.put("solver", "adamW");
                d.put("tol", 1e-6);
            }
            case MLLIB_GBT -> {
                d.put("max_iter", 50);
                d.put("max_depth", 5);
                d.put("step_size", 0.1);
                d.put("subsampling_rate", 1.0);
                d.put("max_bins", 32);
            }
            default -> throw new AssertionError(b);
        }
        d.putAll(given);
        check(d, "max_iter", 1, 100_000);
        check(d, "factor_size", 1, 1024);
        check(d, "max_depth", 1, 30);
        check(d, "max_bins", 2, 65_536);
        checkD(d, "reg_param", 0, 1e6);
        checkD(d, "elastic_net_param", 0, 1);
        checkD(d, "tol", 0, 1);
        checkD(d, "step_size", 1e-12, 10);
        checkD(d, "mini_batch_fraction", 1e-6, 1);
        checkD(d, "subsampling_rate", 1e-6, 1);
        if (d.containsKey("solver")
                && !d.get("solver").equals("adamW")
                && !d.get("solver").equals("gd")) {
            throw new InvalidValueException(
                    "params.solver", "expected one of [adamW, gd], got '" + d.get("solver") + "'");
        }
        return d;
    }

    private static void check(Map<String, Object> d, String k, int lo, int hi) {
        if (d.get(k) instanceof Integer v && (v < lo || v > hi)) {
            throw new InvalidValueException(
                    "params." + k, String.format(Locale.ROOT, "expected an integer in [%d, %d], got %d", lo, hi, v));
        }
    }

    private static void checkD(Map<String, Object> d, String k, double lo, double hi) {
        if (d.get(k) instanceof Double v && !(v >= lo && v <= hi)) {
            throw new InvalidValueException(
                    "params." + k, String.format(Locale.ROOT, "expected a number in [%s, %s], got %s", lo, hi, v));
        }
    }
}
