package dev.sweeplake.jobs.ann;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.Recall;
import dev.sweeplake.ann.RerankStore;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.io.VectorReaders;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.data.BundledData;
import dev.sweeplake.jobs.sweep.spi.Objective;
import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import dev.sweeplake.jobs.sweep.spi.TrialContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code ann} sweep objective: one trial builds a single lib-ann index (one shard) with the trial's parameters on a
 * fixed base/query split, searches the queries with one thread and reports {@code recall_at_10}, {@code qps},
 * {@code build_s}, {@code bytes} and {@code score} (= qps when recall_at_10 reaches {@code options.min_recall}, else
 * recall_at_10 - 1, so that maximising {@code score} finds the fastest setting above the recall bar).
 *
 * <p>Datasets: {@code digits} (bundled in the jar: 1,597 base / 200 queries) and {@code mnist-t10k} (from
 * {@code options.data_dir}: 9,000 / 1,000). Parameters (all optional, lib-ann defaults otherwise): {@code engine} (flat,
 * hnsw, ivf-flat, ivf-pq), {@code m}, {@code ef_construction}, {@code ef}, {@code nlist}, {@code nprobe},
 * {@code pq_subspaces}, {@code rerank}, {@code reduced_dimension}. The trial seed seeds the build. Placement: one Spark
 * task; data and exact ground truth are loaded once per executor JVM. Immutable and thread-safe.
 */
public final class AnnObjective implements Objective {
    private static final long serialVersionUID = 1L;
    private static final int K = 10;
    private static final Set<String> PARAMS = Set.of(
            "engine", "m", "ef_construction", "ef", "nlist", "nprobe", "pq_subspaces", "rerank", "reduced_dimension");
    private static final Map<String, Split> CACHE = new ConcurrentHashMap<>();

    private final String dataDir;
    private final double minRecall;

    /** {@code benchmark.options} of an ann sweep. */
    public record Options(String dataDir, double minRecall) {
        public Options {
            dev.sweeplake.jobs.config.Checks.notBlank("data_dir", dataDir);
            dev.sweeplake.jobs.config.Checks.doubleIn("min_recall", minRecall, 0, 1);
        }

        public static Options defaults() {
            return new Options("../shared/data", 0.95);
        }
    }

    public AnnObjective(JsonNode options) {
        Options o = options == null || options.isNull()
                ? Options.defaults()
                : ConfigBinder.bind(options, Options.class, "benchmark.options");
        this.dataDir = o.dataDir();
        this.minRecall = o.minRecall();
    }

    private record Split(VectorMatrix base, VectorMatrix queries, SearchResults truth) {}

    @Override
    public Placement placement() {
        return Placement.TASK;
    }

    @Override
    public Set<String> metrics() {
        return Set.of("score", "recall_at_10", "qps", "build_s", "bytes");
    }

    @Override
    public Map<String, Fidelity> fidelities() {
        return Map.of();
    }

    @Override
    public Map<String, Object> defaults() {
        IndexParams ip = IndexParams.defaults();
        SearchParams sp = SearchParams.defaults();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("engine", "hnsw");
        d.put("m", ip.m());
        d.put("ef_construction", ip.efConstruction());
        d.put("ef", sp.ef());
        d.put("nlist", ip.nlist());
        d.put("nprobe", sp.nprobe());
        d.put("pq_subspaces", ip.pqSubspaces());
        d.put("rerank", sp.rerank());
        d.put("reduced_dimension", ip.reducedDimension());
        return d;
    }

    @Override
    public void checkSpace(SearchSpace space) {
        for (SearchSpace.Param p : space.params()) {
            if (!PARAMS.contains(p.name())) {
                throw new ConfigException("config key 'space." + p.name() + "': the ann objective takes parameters "
                        + new java.util.TreeSet<>(PARAMS) + ", got '" + p.name() + "'");
            }
            boolean engine = p.name().equals("engine");
            boolean ok = engine
                    ? p.type() == SearchSpace.Type.CATEGORICAL
                            && p.values().stream().allMatch(v -> engineOf(String.valueOf(v)) != null)
                    : p.type() == SearchSpace.Type.INT;
            if (!ok) {
                throw new ConfigException("config key 'space." + p.name() + "': the ann objective expects "
                        + (engine ? "a categorical with values from [flat, hnsw, ivf-flat, ivf-pq]" : "an int"));
            }
        }
    }

    @Override
    public String defaultDataset() {
        return "digits";
    }

    @Override
    public String datasetVersion(String dataset) {
        return switch (dataset) {
            case "digits" -> "digits-uci-1797-split1597";
            case "mnist-t10k" -> {
                Path p = Path.of(dataDir, "mnist-t10k", "t10k-images-idx3-ubyte.gz");
                if (!Files.isRegularFile(p)) {
                    throw new ConfigException(
                            "config key 'benchmark.options.data_dir': mnist-t10k needs " + p + ", not found");
                }
                yield "mnist-t10k-split9000";
            }
            default ->
                throw new ConfigException(
                        "config key 'benchmark.dataset': the ann objective has datasets [digits, mnist-t10k], got '"
                                + dataset + "'");
        };
    }

    @Override
    public Map<String, Double> evaluate(TrialContext ctx) {
        Split split = CACHE.computeIfAbsent(ctx.dataset() + "|" + dataDir, key -> load(ctx.dataset()));
        Map<String, Object> p = ctx.params();
        EngineKind engine = engineOf(String.valueOf(p.get("engine")));
        IndexParams ip = IndexParams.defaults()
                .withEngine(engine)
                .withM(intOf(p, "m"))
                .withEfConstruction(intOf(p, "ef_construction"))
                .withNlist(intOf(p, "nlist"))
                .withPqSubspaces(intOf(p, "pq_subspaces"))
                .withReducedDimension(intOf(p, "reduced_dimension"))
                .withRerankStore(RerankStore.SQ8)
                .withSeed(ctx.seed());
        SearchParams sp = new SearchParams(intOf(p, "ef"), intOf(p, "nprobe"), intOf(p, "rerank"));
        long t0 = System.nanoTime();
        AnnIndex index = AnnIndex.build(split.base(), ip, Math.max(1, ctx.cores()), ProgressListener.NONE);
        double buildS = (System.nanoTime() - t0) / 1e9;
        AnnSearcher searcher = index.searcher();
        searcher.search(split.queries(), K, sp); // warm-up (JIT), not timed
        long t1 = System.nanoTime();
        SearchResults found = searcher.search(split.queries(), K, sp);
        double searchS = (System.nanoTime() - t1) / 1e9;
        double recall = Recall.recallAtK(split.truth(), found, K);
        double qps = split.queries().size() / Math.max(searchS, 1e-9);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("recall_at_10", recall);
        out.put("qps", qps);
        out.put("build_s", buildS);
        out.put("bytes", (double) index.bytes());
        out.put("score", recall >= minRecall ? qps : recall - 1);
        return out;
    }

    private Split load(String dataset) {
        VectorMatrix all;
        int baseRows;
        if (dataset.equals("digits")) {
            float[][] v = BundledData.digits().vectors();
            float[] flat = new float[v.length * v[0].length];
            for (int i = 0; i < v.length; i++) {
                System.arraycopy(v[i], 0, flat, i * v[0].length, v[0].length);
            }
            all = VectorMatrix.withRowIds(flat, v[0].length);
            baseRows = 1597;
        } else {
            all = VectorReaders.readIdx(Path.of(dataDir, "mnist-t10k", "t10k-images-idx3-ubyte.gz"));
            baseRows = 9000;
        }
        int d = all.dimension();
        float[] data = all.data();
        VectorMatrix base = VectorMatrix.withRowIds(Arrays.copyOfRange(data, 0, baseRows * d), d);
        VectorMatrix queries = VectorMatrix.withRowIds(Arrays.copyOfRange(data, baseRows * d, all.size() * d), d);
        SearchResults truth = ExactKnn.search(base, queries, K, Metric.L2, 1, ProgressListener.NONE);
        return new Split(base, queries, truth);
    }

    /** A parameter of the trial, or the objective's default when the sweep dropped it (an inactive conditional). */
    private int intOf(Map<String, Object> p, String name) {
        Object v = p.containsKey(name) ? p.get(name) : defaults().get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "parameter %s: expected an integer, got %s", name, v));
        }
        return n.intValue();
    }

    private static EngineKind engineOf(String name) {
        for (EngineKind e : EngineKind.values()) {
            if (e.name().equalsIgnoreCase(name.replace('-', '_'))) {
                return e;
            }
        }
        return null;
    }
}
