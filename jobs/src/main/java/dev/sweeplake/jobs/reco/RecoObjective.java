package dev.sweeplake.jobs.reco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.ctr.reco.RankingMetrics;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.sweep.spi.Objective;
import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import dev.sweeplake.jobs.sweep.spi.TrialContext;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code reco} sweep objective: one trial runs one model point through the reco protocol on the data configured
 * by {@code benchmark.options} ({@link Options}: data_dir, dataset, split, k, threads; default ml-latest-small,
 * stratified 75/25 with a 25% validation carve, k 10): fit on train and score the validation split, fit on train +
 * valid and score test. Optimise {@code valid_ndcg_at_K} with tune seeds; the test phase's trials carry
 * {@code test_ndcg_at_K} and the other test metrics for the test seeds (the split is fixed by the options: a seed
 * is ALS's initialisation). Fidelity {@code iterations} (ALS maxIter, 1..100, default 15; ignored by the closed-form
 * models). Parameters: {@code model} (popularity, itemknn, ease, als, als-implicit; default als-implicit) and the
 * model's keys of {@link RecoParams} (rank, reg, alpha, nonnegative, lambda, similarity, neighbours, shrink,
 * memory_budget_mb).
 *
 * <p>Placement: DRIVER (ALS fits are Spark jobs; the closed-form models run on the driver thread with {@code threads}
 * threads). The split is computed once per JVM and cached. Serializable and thread-safe.
 */
public final class RecoObjective implements Objective {
    private static final long serialVersionUID = 1L;
    static final Set<String> PARAMS = Set.of(
            "model",
            "similarity",
            "neighbours",
            "shrink",
            "lambda",
            "memory_budget_mb",
            "rank",
            "reg",
            "alpha",
            "nonnegative");
    private static final Map<String, RecoData.Prepared> CACHE = new LinkedHashMap<>();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Options of the objective ({@code benchmark.options}).
     *
     * @param dataDir base folder of relative dataset paths
     * @param dataset the data (as in a bench config)
     * @param split the split protocol
     * @param k the cut-off
     * @param threads threads for the closed-form models and for scoring
     */
    public record Options(String dataDir, RecoDatasetConfig dataset, RecoSplitConfig split, int k, int threads) {
        public Options {
            Checks.notBlank("data_dir", dataDir);
            Checks.notNull("dataset", dataset);
            Checks.notNull("split", split);
            Checks.intIn("k", k, 1, 1000);
            Checks.intIn("threads", threads, 1, 256);
        }

        public static Options defaults() {
            return new Options("../shared/data", RecoDatasetConfig.defaults(), RecoSplitConfig.defaults(), 10, 2);
        }
    }

    private final String optionsJson;
    private final String datasetName;

    public RecoObjective(JsonNode options) {
        Options o = options == null || options.isNull()
                ? Options.defaults()
                : ConfigBinder.bind(options, Options.class, "benchmark.options");
        this.optionsJson = ConfigLoader.toJson(o);
        this.datasetName = o.dataset().displayName();
    }

    Options options() {
        return ConfigBinder.bind(ConfigLoader.parseYaml(optionsJson, "reco objective options"), Options.class, "");
    }

    RecoData.Prepared data() {
        synchronized (CACHE) {
            RecoData.Prepared p = CACHE.get(optionsJson);
            if (p == null) {
                Options o = options();
                RecoBenchConfig c = RecoBenchConfig.defaults()
                        .withDataDir(o.dataDir())
                        .withDataset(o.dataset())
                        .withSplit(o.split());
                var session = org.apache.spark.sql.SparkSession.getDefaultSession();
                p = RecoData.prepare(session.isDefined() ? session.get() : null, c);
                CACHE.clear();
                CACHE.put(optionsJson, p);
            }
            return p;
        }
    }

    @Override
    public Placement placement() {
        return Placement.DRIVER;
    }

    @Override
    public Set<String> metrics() {
        int k = options().k();
        Set<String> m = new LinkedHashSet<>();
        for (String prefix : List.of("valid_", "test_")) {
            for (MetricValueName n : MetricValueName.values()) {
                m.add(prefix + n.name(k));
            }
        }
        m.add("fit_s");
        m.add("users_per_s");
        return m;
    }

    /** The metric names (k substituted). */
    enum MetricValueName {
        NDCG,
        NDCG_GRADED,
        PRECISION,
        RECALL,
        MAP,
        MAP_AT,
        HIT_RATE,
        MRR,
        COVERAGE;

        String name(int k) {
            return switch (this) {
                case MAP -> "map";
                case MRR -> "mrr";
                case MAP_AT -> "map_at_" + k;
                default -> name().toLowerCase(Locale.ROOT) + "_at_" + k;
            };
        }

        double of(RankingMetrics m) {
            return switch (this) {
                case NDCG -> m.ndcg();
                case NDCG_GRADED -> m.ndcgGraded();
                case PRECISION -> m.precision();
                case RECALL -> m.recall();
                case MAP -> m.map();
                case MAP_AT -> m.mapAtK();
                case HIT_RATE -> m.hitRate();
                case MRR -> m.mrr();
                case COVERAGE -> m.coverage();
            };
        }
    }

    @Override
    public Map<String, Fidelity> fidelities() {
        return Map.of("iterations", new Fidelity(1, 100, 15));
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", RecoModel.ALS_IMPLICIT.id());
        return d;
    }

    @Override
    public void checkSpace(SearchSpace space) {
        for (SearchSpace.Param p : space.params()) {
            if (!PARAMS.contains(p.name())) {
                throw new ConfigException(String.format(
                        Locale.ROOT,
                        "config key 'space.%s': the reco objective takes " + "parameters %s, got '%s'",
                        p.name(),
                        new TreeSet<>(PARAMS),
                        p.name()));
            }
            if (p.name().equals("model")) {
                if (p.type() != SearchSpace.Type.CATEGORICAL) {
                    throw new ConfigException("config key 'space.model': expected a categorical of model names, got "
                            + p.type().name().toLowerCase(Locale.ROOT));
                }
                for (Object v : p.values()) {
                    model(String.valueOf(v), "space.model");
                }
            }
        }
    }

    static RecoModel model(String id, String key) {
        for (RecoModel m : RecoModel.values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new ConfigException(String.format(
                Locale.ROOT,
                "config key '%s': expected one of %s, got '%s'",
                key,
                java.util.Arrays.stream(RecoModel.values()).map(RecoModel::id).toList(),
                id));
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
                    "config key 'benchmark.dataset': the reco objective is "
                            + "configured for dataset '%s' (benchmark.options.dataset), got '%s'",
                    datasetName,
                    dataset));
        }
        try {
            return data().version();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key 'benchmark.options.dataset': " + e.getMessage(), e);
        }
    }

    /** The model point of a trial's parameters (unknown or misplaced keys: IllegalArgumentException). */
    static RecoParams.Point point(Map<String, Object> params, int iterations) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        RecoModel model = RecoModel.ALS_IMPLICIT;
        for (var e : params.entrySet()) {
            if (!PARAMS.contains(e.getKey())) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "reco objective: unknown parameter '%s'; " + "parameters are %s",
                        e.getKey(),
                        new TreeSet<>(PARAMS)));
            }
            if (e.getKey().equals("model")) {
                model = model(String.valueOf(e.getValue()), "model");
            } else {
                o.set(e.getKey(), JSON.valueToTree(e.getValue()));
            }
        }
        RecoParams rp = ConfigBinder.bind(o, RecoParams.class, "params");
        RecoParams.Point p = rp.resolve(model);
        return p.withIterations(iterations);
    }

    @Override
    public Map<String, Double> evaluate(TrialContext ctx) {
        int iterations =
                (int) Math.round(ctx.fidelityOr(fidelities().get("iterations").defaultValue()));
        RecoParams.Point p = point(ctx.params(), Math.max(1, iterations));
        Options o = options();
        RecoData.Prepared d = data();
        RecoFits.Evaluated e = RecoFits.protocol(
                ctx.spark(),
                p,
                ctx.seed(),
                d.splits().train(),
                d.splits().valid(),
                d.splits().test(),
                o.k(),
                o.threads());
        Map<String, Double> m = new LinkedHashMap<>();
        for (MetricValueName n : MetricValueName.values()) {
            if (e.valid() != null) {
                m.put("valid_" + n.name(o.k()), n.of(e.valid()));
            }
            m.put("test_" + n.name(o.k()), n.of(e.test()));
        }
        m.put("fit_s", e.fitSeconds());
        m.put("users_per_s", e.usersPerSecond());
        return m;
    }
}
