package dev.sweeplake.jobs.ctr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import dev.sweeplake.ctr.train.BarsTrainer;
import dev.sweeplake.ctr.train.EpochMetrics;
import dev.sweeplake.ctr.train.TrainResult;
import dev.sweeplake.ctr.train.TrainingListener;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigLoader;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CTR objective for sweeps, independent of the sweep engine: {@code (params, seed, epochs) -> metrics}. One call trains
 * one lib-ctr model with the BARS protocol for at most {@code epochs} epochs (the fidelity) on a task's splits and returns
 * its figures. The splits are loaded, checked and encoded once per JVM (driver or executor) and cached, so a sweep's
 * trials on one executor share them.
 *
 * <p>Parameters ({@link #PARAMS}): {@code model} (lr, fm, deepfm, dcnv2, wide_deep) and any of lib-ctr's hyperparameters
 * by their snake_case names; absent ones take lib-ctr's reference values ({@link ModelParams#defaults}). Metrics
 * ({@link #METRICS}): {@code valid_auc} (best epoch; what a sweep should optimise), {@code valid_logloss},
 * {@code test_auc}, {@code test_logloss}, {@code samples_per_s}, {@code train_s}, {@code epochs_run}, {@code best_epoch}.
 *
 * <p>Serializable (it travels into Spark tasks as its options' JSON) and thread-safe.
 */
public final class CtrObjectiveFunction implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Set<String> PARAMS = Set.of(
            "model",
            "embedding_dim",
            "dropout",
            "l2_embedding",
            "l2_weights",
            "cross_layers",
            "learning_rate",
            "batch_size",
            "mlp_width",
            "mlp_layers");
    public static final List<String> METRICS = List.of(
            "valid_auc",
            "valid_logloss",
            "test_auc",
            "test_logloss",
            "samples_per_s",
            "train_s",
            "epochs_run",
            "best_epoch");
    private static final Map<String, CtrData.Prepared> CACHE = new LinkedHashMap<>();

    /**
     * Options of the objective (the sweep's {@code benchmark.options}).
     *
     * @param dataDir base folder of relative dataset paths (must be readable where trials run)
     * @param dataset the data (as in a bench config)
     * @param features feature processing
     * @param patience BARS patience
     * @param lrDecay BARS learning-rate decay
     */
    public record Options(
            String dataDir, DatasetConfig dataset, FeaturesConfig features, int patience, double lrDecay) {
        public Options {
            Checks.notBlank("data_dir", dataDir);
            Checks.intIn("patience", patience, 1, 1000);
            Checks.doubleIn("lr_decay", lrDecay, 1e-9, 1);
        }

        public static Options defaults() {
            return new Options("../shared/data", DatasetConfig.defaults(), FeaturesConfig.defaults(), 2, 0.1);
        }
    }

    private final String optionsJson;

    /** From the sweep's options (null: defaults = the MovieLens task under ../shared/data). */
    public CtrObjectiveFunction(JsonNode options) {
        Options o = options == null || options.isNull()
                ? Options.defaults()
                : ConfigBinder.bind(options, Options.class, "benchmark.options");
        this.optionsJson = ConfigLoader.toJson(o);
    }

    public Options options() {
        return ConfigBinder.bind(ConfigLoader.parseYaml(optionsJson, "ctr objective options"), Options.class, "");
    }

    /** The task's data, loaded and encoded once per JVM. */
    public CtrData.Prepared data() {
        synchronized (CACHE) {
            CtrData.Prepared p = CACHE.get(optionsJson);
            if (p == null) {
                Options o = options();
                CtrBenchConfig c = CtrBenchConfig.defaults()
                        .withDataDir(o.dataDir())
                        .withDataset(o.dataset())
                        .withFeatures(o.features());
                p = CtrData.prepare(null, c);
                CACHE.clear(); // one task's data at a time per JVM
                CACHE.put(optionsJson, p);
            }
            return p;
        }
    }

    /** The content version of the data (part of every trial id). */
    public String datasetVersion() {
        return data().version() + "-"
                + CtrData.processorId(data().processorBytes()).substring(0, 8);
    }

    /** lib-ctr parameters of a configuration; unknown names and out-of-range values are IllegalArgumentExceptions. */
    public static ModelParams modelParams(Map<String, Object> params) {
        for (String k : params.keySet()) {
            if (!PARAMS.contains(k)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "ctr objective: unknown parameter '%s'; parameters are %s",
                        k,
                        new java.util.TreeSet<>(PARAMS)));
            }
        }
        Object model = params.get("model");
        ModelParams p = ModelParams.defaults(model == null ? ModelKind.LR : ModelKind.fromId(model.toString()));
        if (params.containsKey("embedding_dim")) {
            p = p.withEmbeddingDim(num(params, "embedding_dim").intValue());
        }
        if (params.containsKey("dropout")) {
            p = p.withDropout(num(params, "dropout").doubleValue());
        }
        if (params.containsKey("l2_embedding")) {
            p = p.withL2Embedding(num(params, "l2_embedding").doubleValue());
        }
        if (params.containsKey("l2_weights")) {
            p = p.withL2Weights(num(params, "l2_weights").doubleValue());
        }
        if (params.containsKey("cross_layers")) {
            p = p.withCrossLayers(num(params, "cross_layers").intValue());
        }
        if (params.containsKey("learning_rate")) {
            p = p.withLearningRate(num(params, "learning_rate").doubleValue());
        }
        if (params.containsKey("batch_size")) {
            p = p.withBatchSize(num(params, "batch_size").intValue());
        }
        if (params.containsKey("mlp_width") || params.containsKey("mlp_layers")) {
            int width = params.containsKey("mlp_width")
                    ? num(params, "mlp_width").intValue()
                    : p.hiddenUnits().get(0);
            int layers = params.containsKey("mlp_layers")
                    ? num(params, "mlp_layers").intValue()
                    : p.hiddenUnits().size();
            p = p.withHiddenUnits(java.util.Collections.nCopies(layers, width));
        }
        return p;
    }

    private static Number num(Map<String, Object> params, String k) {
        Object v = params.get(k);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("ctr objective: parameter '" + k + "' must be a number, got " + v);
        }
        return n;
    }

    /**
     * Trains one configuration.
     *
     * @param params model and hyperparameters (see the class doc)
     * @param seed training seed
     * @param epochs fidelity: epochs at most (BARS early stopping may end sooner)
     * @param threads training threads (the trial's cores)
     * @param listener per-epoch callback; returning true from {@code shouldStop} prunes the trial
     * @return the metrics named in {@link #METRICS}
     */
    public Map<String, Double> evaluate(
            Map<String, Object> params, long seed, int epochs, int threads, TrainingListener listener) {
        ModelParams mp = modelParams(params);
        Options o = options();
        CtrData.Prepared d = data();
        TrainerConfig tc = new TrainerConfig(
                epochs, o.patience(), o.lrDecay(), threads, 1, TrainerConfig.ResourceProfileMode.NEVER);
        TrainResult r =
                new BarsTrainer().train(d.train(), d.valid(), d.test(), mp, tc.toTrainerParams(seed, epochs), listener);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("valid_auc", r.bestValidAuc());
        m.put("valid_logloss", r.bestValidLogLoss());
        m.put("test_auc", r.testAuc());
        m.put("test_logloss", r.testLogLoss());
        m.put("samples_per_s", r.samplesPerSecond());
        m.put("train_s", r.trainSeconds());
        m.put("epochs_run", (double) r.epochsRun());
        m.put("best_epoch", (double) r.bestEpoch());
        return m;
    }

    /** A listener that stops training when the calling thread is interrupted (a sweep's timeout or cancel). */
    public static TrainingListener interruptible() {
        return new TrainingListener() {
            @Override
            public boolean shouldStop(EpochMetrics metrics) {
                return Thread.currentThread().isInterrupted();
            }
        };
    }
}
