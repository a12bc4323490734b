package dev.sweeplake.jobs.ctr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.sweep.spi.Objective;
import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import dev.sweeplake.jobs.sweep.spi.TrialContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ctr} sweep objective: one trial trains one lib-ctr model with the BARS protocol in one Spark task (on
 * {@link TrialContext#cores()} threads) on the task configured by {@code benchmark.options} (a {@link
 * CtrObjectiveFunction.Options}: data_dir, dataset, features, patience, lr_decay; default: the MovieLens CTR task under
 * ../shared/data). Fidelity {@code epochs} (1..100, default 100: the BARS early stopping usually ends sooner). Parameters:
 * {@code model} (lr, fm, deepfm, dcnv2, wide_deep; default fm) and lib-ctr's hyperparameters ({@link
 * CtrObjectiveFunction#PARAMS}). Metrics: {@link CtrObjectiveFunction#METRICS}; optimise {@code valid_auc}.
 *
 * <p>The data path must be readable where the tasks run (local mode, or a folder every executor mounts). Serializable and
 * thread-safe.
 */
public final class CtrObjective implements Objective {
    private static final long serialVersionUID = 1L;
    private final CtrObjectiveFunction function;
    private final String datasetName;

    public CtrObjective(JsonNode options) {
        this.function = new CtrObjectiveFunction(options);
        this.datasetName = function.options().dataset().displayName();
    }

    @Override
    public Placement placement() {
        return Placement.TASK;
    }

    @Override
    public Set<String> metrics() {
        return new LinkedHashSet<>(CtrObjectiveFunction.METRICS);
    }

    @Override
    public Map<String, Fidelity> fidelities() {
        return Map.of("epochs", new Fidelity(1, 100, 100));
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", "fm");
        return d;
    }

    @Override
    public void checkSpace(SearchSpace space) {
        for (SearchSpace.Param p : space.params()) {
            if (!CtrObjectiveFunction.PARAMS.contains(p.name())) {
                throw new ConfigException(String.format(
                        Locale.ROOT,
                        "config key 'space.%s': the ctr objective takes parameters " + "%s, got '%s'",
                        p.name(),
                        new java.util.TreeSet<>(CtrObjectiveFunction.PARAMS),
                        p.name()));
            }
            if (p.name().equals("model")) {
                if (p.type() != SearchSpace.Type.CATEGORICAL) {
                    throw new ConfigException("config key 'space.model': expected a categorical of model names, got "
                            + p.type().name().toLowerCase(Locale.ROOT));
                }
                for (Object v : p.values()) {
                    try {
                        ModelKind.fromId(String.valueOf(v));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(String.format(
                                Locale.ROOT,
                                "config key 'space.model': expected values from %s, " + "got '%s'",
                                Arrays.stream(ModelKind.values())
                                        .map(ModelKind::id)
                                        .toList(),
                                v));
                    }
                }
            } else if (p.type() == SearchSpace.Type.CATEGORICAL) {
                for (Object v : p.values()) {
                    if (!(v instanceof Number)) {
                        throw new ConfigException(String.format(
                                Locale.ROOT, "config key 'space.%s': expected numbers, got '%s'", p.name(), v));
                    }
                }
            }
        }
    }

    @Override
    public String defaultDataset() {
        return datasetName;
    }

    @Override
    public String datasetVersion(String dataset) {
        if (!dataset.equals(datasetName)) {
            throw new ConfigException(String.format(
                    Locale.ROOT,
                    "config key 'benchmark.dataset': the ctr objective is "
                            + "configured for dataset '%s' (benchmark.options.dataset), got '%s'",
                    datasetName,
                    dataset));
        }
        try {
            return function.datasetVersion();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key 'benchmark.options.dataset': " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Double> evaluate(TrialContext ctx) {
        int epochs = (int) Math.round(ctx.fidelityOr(fidelities().get("epochs").defaultValue()));
        return function.evaluate(
                ctx.params(),
                ctx.seed(),
                Math.max(1, epochs),
                Math.max(1, ctx.cores()),
                CtrObjectiveFunction.interruptible());
    }
}
