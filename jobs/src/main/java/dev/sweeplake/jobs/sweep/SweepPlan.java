package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.sweep.spi.Objective;
import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import dev.sweeplake.jobs.util.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A sweep file checked against its objective, on the driver, before anything runs: the space parsed, the objective
 * created from its options, the metric and the fidelity checked against what the objective declares, the rungs worked out,
 * the dataset versions resolved. Every problem is a {@link ConfigException} naming the key. Immutable.
 *
 * @param fidelityName the scheduled (or fixed) fidelity, or null when the objective declares none
 * @param rungs the fidelity of each rung (one rung without a scheduler; NaN when there is no fidelity)
 */
public record SweepPlan(
        SweepConfig config,
        SearchSpace space,
        Objective objective,
        String fidelityName,
        double[] rungs,
        String dataset,
        String datasetVersion,
        String testDataset,
        String testDatasetVersion,
        String settingsHash,
        String settingsJson) {

    /** Checks everything that can be checked without Spark. */
    public static SweepPlan of(SweepConfig config) {
        SweepConfig.SamplerSpec samplerSpec = config.samplerSpec();
        SearchSpace space = SearchSpace.parse(config.space(), samplerSpec.gridPoints());
        SweepConfig.BenchmarkSpec b = config.benchmark();
        Objective objective = Objectives.create(b.objective(), b.options().orElse(null));
        if (!objective.metrics().contains(b.metric())) {
            throw new ConfigException("config key 'benchmark.metric': objective " + b.objective() + " reports "
                    + new TreeSet<>(objective.metrics()) + ", got '" + b.metric() + "'");
        }
        objective.checkSpace(space);
        String dataset = b.dataset().orElse(objective.defaultDataset());
        String version = objective.datasetVersion(dataset);
        String testDataset = b.testDataset().orElse(dataset);
        String testVersion = objective.datasetVersion(testDataset);

        SweepConfig.SchedulerSpec s = config.schedulerSpec();
        Map<String, Objective.Fidelity> declared = objective.fidelities();
        String fidelityName = null;
        double[] rungs;
        if (s.fidelity().isPresent()) {
            fidelityName = s.fidelity().get();
            if (!declared.containsKey(fidelityName)) {
                throw new ConfigException("config key 'scheduler.fidelity': objective " + b.objective() + " declares "
                        + (declared.isEmpty() ? "no fidelity" : "fidelities " + new TreeSet<>(declared.keySet()))
                        + ", got '" + fidelityName + "'");
            }
        } else if (s.kind() != SweepConfig.SchedulerKind.NONE) {
            throw new ConfigException("missing required config key 'scheduler.fidelity' (scheduler "
                    + s.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " needs one of the fidelities objective " + b.objective() + " declares: "
                    + (declared.isEmpty() ? "none" : new TreeSet<>(declared.keySet())) + ")");
        } else if (declared.size() == 1) {
            fidelityName = declared.keySet().iterator().next();
        }
        if (fidelityName == null) {
            if (s.minResource().isPresent() || s.maxResource().isPresent()) {
                throw new ConfigException(
                        "config key 'scheduler.max_resource': given without a fidelity (set scheduler.fidelity)");
            }
            rungs = new double[] {Double.NaN};
        } else {
            Objective.Fidelity f = declared.get(fidelityName);
            double max = s.maxResource().orElse(f.defaultValue());
            double min = s.minResource().orElse(s.kind() == SweepConfig.SchedulerKind.NONE ? max : f.min());
            checkRange("scheduler.max_resource", max, f, fidelityName);
            checkRange("scheduler.min_resource", min, f, fidelityName);
            if (min > max) {
                throw new ConfigException(String.format(
                        Locale.ROOT,
                        "config key 'scheduler.min_resource': expected at most max_resource (%s), got %s",
                        SearchSpace.fmt(max),
                        SearchSpace.fmt(min)));
            }
            if (s.kind() == SweepConfig.SchedulerKind.NONE) {
                rungs = new double[] {max};
            } else {
                List<Double> r = new ArrayList<>();
                for (double v = min; v < max * (1 - 1e-9); v *= s.reductionFactor()) {
                    r.add(SearchSpace.canonicalDouble(v));
                }
                r.add(max);
                if (r.size() < 2) {
                    throw new ConfigException(String.format(
                            Locale.ROOT,
                            "config key 'scheduler.min_resource': with min_resource = max_resource = %s "
                                    + "there is only one rung, nothing to schedule (use kind: none, or a smaller min_resource)",
                            SearchSpace.fmt(max)));
                }
                rungs = r.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }

        if (samplerSpec.kind() == SweepConfig.SamplerKind.GRID && space.grid().isEmpty()) {
            throw new ConfigException("config key 'space': the grid is empty");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("objective", b.objective());
        settings.put("metric", b.metric());
        settings.put("direction", b.direction().word());
        settings.put("dataset_version", version);
        settings.put("test_dataset_version", testVersion);
        settings.put("objective_defaults", new TreeMap<>(objective.defaults()));
        settings.put("objective_options", b.options().map(Object::toString).orElse(null));
        settings.put("space", space.describe());
        settings.put("sampler", ConfigLoader.toJson(samplerSpec));
        settings.put("scheduler", schedulerSettings(s, fidelityName, rungs));
        settings.put("seeds", ConfigLoader.toJson(config.seeds()));
        settings.put("phases", ConfigLoader.toJson(config.phasesSpec()));
        String json = ConfigLoader.toJson(settings);
        return new SweepPlan(
                config,
                space,
                objective,
                fidelityName,
                rungs,
                dataset,
                version,
                testDataset,
                testVersion,
                Ids.sha256Hex(json, 16),
                json);
    }

    static Map<String, Object> schedulerSettings(SweepConfig.SchedulerSpec s, String fidelityName, double[] rungs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", s.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("fidelity", fidelityName);
        List<Double> r = new ArrayList<>();
        for (double v : rungs) {
            r.add(Double.isNaN(v) ? null : v);
        }
        m.put("rungs", r);
        m.put("reduction_factor", s.reductionFactor());
        m.put(
                "promotion",
                s.kind() == SweepConfig.SchedulerKind.ASHA
                        ? "asynchronous: top floor(n/eta) of a rung so far"
                        : s.kind() == SweepConfig.SchedulerKind.SUCCESSIVE_HALVING
                                ? "synchronous: top max(1, floor(n/eta)) once a rung is complete"
                                : "none");
        return m;
    }

    private static void checkRange(String key, double v, Objective.Fidelity f, String name) {
        if (v < f.min() || v > f.max()) {
            throw new ConfigException(String.format(
                    Locale.ROOT,
                    "config key '%s': fidelity %s must be in [%s, %s], got %s",
                    key,
                    name,
                    SearchSpace.fmt(f.min()),
                    SearchSpace.fmt(f.max()),
                    SearchSpace.fmt(v)));
        }
    }

    /** The fidelity of the top rung (and of the test phase and the default trial). */
    public double maxFidelity() {
        return rungs[rungs.length - 1];
    }

    /** A configuration with the objective's defaults filled in for parameters the space does not search. */
    public Map<String, Object> canonical(Map<String, Object> sampled) {
        Map<String, Object> c = new TreeMap<>();
        objective.defaults().forEach((k, v) -> {
            if (space.param(k) == null) {
                c.put(
                        k,
                        v instanceof Double d
                                ? SearchSpace.canonicalDouble(d)
                                : v instanceof Integer i ? (Object) (long) i : v);
            }
        });
        c.putAll(sampled);
        return c;
    }

    /**
     * A trial's id: SHA-256 over the objective, the canonical configuration (sorted keys, defaults filled in, inactive
     * conditional parameters dropped), the dataset version, the seed and the fidelity. Equal computations get equal ids in
     * any sweep, which is what makes reuse and resume work.
     */
    public String trialId(Map<String, Object> canonical, String dsVersion, long seed, double fidelity) {
        return trialId(
                config.benchmark().objective(),
                SearchSpace.canonicalJson(canonical),
                dsVersion,
                seed,
                fidelityName,
                fidelity);
    }

    public static String trialId(
            String objective, String canonicalJson, String dsVersion, long seed, String fidelityName, double fidelity) {
        String f = fidelityName == null || Double.isNaN(fidelity)
                ? "-"
                : fidelityName + "=" + SearchSpace.canonicalDouble(fidelity);
        return Ids.sha256Hex(
                String.join("\n", "trial-v1", objective, canonicalJson, dsVersion, Long.toString(seed), f), 20);
    }

    /** The id of the record that says "study {@code studyId} reused trial {@code originalId}". */
    public static String reuseId(String originalId, String studyId) {
        return Ids.sha256Hex("reuse-v1\n" + originalId + "\n" + studyId, 20);
    }
}
