package dev.sweeplake.jobs.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.sweep.spi.Objective;
import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import dev.sweeplake.jobs.sweep.spi.TrialContext;
import dev.sweeplake.jobs.util.Ids;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A synthetic objective with a known optimum and an epoch fidelity, for tests, demos and scheduler benchmarks.
 *
 * <p>{@code score = q(x, y, kind) * (1 - 0.5 * exp(-epochs * (0.6 + 0.2 * x))) + noise}, with
 * {@code q = 0.9 - (x - 0.3)^2 - 0.5 * (y + 0.2)^2 + bonus(kind)}, bonus a = 0, b = 0.02, c = -0.05. The optimum is
 * {@code x = 0.3, y = -0.2, kind = b} with score 0.92 at infinite epochs (0.9188 at 9 epochs, before noise); the learning
 * curve's speed depends on x, so low-fidelity rankings are informative but not exact. The noise is Gaussian with
 * {@code noise_std}, seeded by the trial seed and the configuration. Dataset {@code a} (default) or {@code b}: on b the
 * optimum of x moves to 0.35 (a dataset "of the same shape").
 *
 * <p>Each epoch takes {@code epoch_ms} milliseconds of sleep ({@code work: sleep}) or of CPU work ({@code work: cpu});
 * {@code fail_above_x} / {@code hang_above_x} make trials fail or hang, for tests of failures and timeouts.
 * Placement: a Spark task. Immutable and thread-safe.
 */
public final class SyntheticObjective implements Objective {
    private static final long serialVersionUID = 1L;
    private static final Set<String> PARAMS = Set.of("x", "y", "kind");
    // Plain fields, not the Options record: Optional is not Serializable and the objective travels inside Spark tasks.
    private final double epochMs;
    private final boolean cpuWork;
    private final double noiseStd;
    private final double failAboveX;
    private final double hangAboveX;
    private final double timingJitter;

    /**
     * @param epochMs milliseconds of work per epoch
     * @param work sleep or cpu
     * @param noiseStd standard deviation of the seeded noise
     * @param failAboveX trials with x above this fail
     * @param hangAboveX trials with x above this hang until cancelled
     * @param timingJitter each trial's epochs take up to this fraction longer, drawn unseeded per trial: trials then finish
     *     in a different order on every run (the results do not change), for tests of order independence
     */
    public record Options(
            double epochMs,
            String work,
            double noiseStd,
            Optional<Double> failAboveX,
            Optional<Double> hangAboveX,
            double timingJitter) {
        public Options {
            Checks.doubleIn("epoch_ms", epochMs, 0, 3_600_000);
            if (!work.equals("sleep") && !work.equals("cpu")) {
                throw new dev.sweeplake.jobs.config.InvalidValueException(
                        "work", "expected one of [sleep, cpu], got '" + work + "'");
            }
            Checks.doubleIn("noise_std", noiseStd, 0, 1);
            Checks.doubleIn("timing_jitter", timingJitter, 0, 100);
        }

        public static Options defaults() {
            return new Options(0, "sleep", 0.0005, Optional.empty(), Optional.empty(), 0);
        }
    }

    public SyntheticObjective(JsonNode options) {
        Options o = options == null || options.isNull()
                ? Options.defaults()
                : ConfigBinder.bind(options, Options.class, "benchmark.options");
        this.epochMs = o.epochMs();
        this.cpuWork = o.work().equals("cpu");
        this.noiseStd = o.noiseStd();
        this.failAboveX = o.failAboveX().orElse(Double.NaN);
        this.hangAboveX = o.hangAboveX().orElse(Double.NaN);
        this.timingJitter = o.timingJitter();
    }

    @Override
    public Placement placement() {
        return Placement.TASK;
    }

    @Override
    public Set<String> metrics() {
        return Set.of("score", "regret");
    }

    @Override
    public Map<String, Fidelity> fidelities() {
        return Map.of("epochs", new Fidelity(1, 243, 9));
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("x", 0.0);
        d.put("y", 0.0);
        d.put("kind", "a");
        return d;
    }

    @Override
    public void checkSpace(SearchSpace space) {
        for (SearchSpace.Param p : space.params()) {
            if (!PARAMS.contains(p.name())) {
                throw new ConfigException("config key 'space." + p.name()
                        + "': the synthetic objective takes parameters [kind, x, y], got '" + p.name() + "'");
            }
            boolean ok = p.name().equals("kind")
                    ? p.type() == SearchSpace.Type.CATEGORICAL
                            && p.values().stream().allMatch(v -> v.equals("a") || v.equals("b") || v.equals("c"))
                    : p.type() != SearchSpace.Type.CATEGORICAL;
            if (!ok) {
                throw new ConfigException("config key 'space." + p.name() + "': the synthetic objective expects "
                        + (p.name().equals("kind") ? "a categorical with values from [a, b, c]" : "an int or float"));
            }
        }
    }

    @Override
    public String defaultDataset() {
        return "a";
    }

    @Override
    public String datasetVersion(String dataset) {
        if (!dataset.equals("a") && !dataset.equals("b")) {
            throw new ConfigException(
                    "config key 'benchmark.dataset': the synthetic objective has datasets [a, b], got '" + dataset
                            + "'");
        }
        // The noise level changes the results, so it is part of the dataset version (and of every trial id).
        return "synthetic-" + dataset + "-v1-noise" + noiseStd;
    }

    /** The noise-free score. */
    public static double score(double x, double y, String kind, double epochs, String dataset) {
        double xOpt = dataset.equals("b") ? 0.35 : 0.3;
        double bonus = switch (kind) {
            case "b" -> 0.02;
            case "c" -> -0.05;
            default -> 0.0;
        };
        double q = 0.9 - (x - xOpt) * (x - xOpt) - 0.5 * (y + 0.2) * (y + 0.2) + bonus;
        return q * (1 - 0.5 * Math.exp(-epochs * (0.6 + 0.2 * x)));
    }

    @Override
    public Map<String, Double> evaluate(TrialContext ctx) throws Exception {
        double x = ctx.doubleParam("x");
        double y = ctx.doubleParam("y");
        String kind = ctx.stringParam("kind");
        double epochs = ctx.fidelityOr(fidelities().get("epochs").defaultValue());
        if (x > hangAboveX) {
            Thread.sleep(Long.MAX_VALUE / 4);
        }
        long epochCount = Math.max(1, Math.round(epochs));
        double stretch = 1
                + timingJitter
                        * java.util.concurrent.ThreadLocalRandom.current().nextDouble();
        for (long e = 0; e < epochCount; e++) {
            work(epochMs * stretch);
        }
        if (x > failAboveX) {
            throw new IllegalStateException(
                    String.format(Locale.ROOT, "synthetic failure: x = %s is above fail_above_x = %s", x, failAboveX));
        }
        long noiseSeed = Long.parseUnsignedLong(
                Ids.sha256Hex(ctx.seed() + "|" + SearchSpace.canonicalJson(ctx.params()) + "|" + epochs, 15), 16);
        double noise = noiseStd * new SplittableRandom(noiseSeed).nextGaussian();
        double s = score(x, y, kind, epochs, ctx.dataset()) + noise;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("score", s);
        m.put("regret", 0.92 - s);
        return m;
    }

    private void work(double millis) throws InterruptedException {
        if (millis <= 0) {
            return;
        }
        if (!cpuWork) {
            long nanos = (long) (millis * 1e6);
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return;
        }
        long end = System.nanoTime() + (long) (millis * 1e6);
        double acc = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                acc += Math.sqrt(i + acc * 1e-9);
            }
            TrialContext.checkInterrupted();
        }
        if (acc == 42) {
            throw new IllegalStateException("unreachable");
        }
    }
}
