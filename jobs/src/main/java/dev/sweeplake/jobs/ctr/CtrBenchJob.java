package dev.sweeplake.jobs.ctr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.TrackedRun;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.util.Ids;
import dev.sweeplake.jobs.util.Progress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * {@code sweeplake ctr bench}: prepares a CTR task's splits, trains every configured lib-ctr model x grid point x seed as
 * one Spark task each, fits the MLlib baselines on the same splits and features, records every trial (params, seed,
 * per-epoch validation curves, test AUC/log loss, samples/s, wall time) in the trials/metrics tables and returns the
 * leaderboard.
 *
 * <p>Order of work, so that bad input leaves nothing behind: the data is loaded, checked, fitted and encoded first
 * (errors name file and line, split, field; a parquet dataset is checked and fitted by Spark jobs, with only counts and
 * the fitted vocabularies/statistics on the driver); only then does the run start (runs row), the splits get written
 * as Parquet, and trials run. The lib-ctr trials are recorded in one Delta batch, each MLlib baseline as
 * soon as it ends.
 */
public final class CtrBenchJob {
    static final String BENCHMARK = "ctr";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CtrBenchJob() {}

    /** One lib-ctr trial to run: its model parameters and seed. */
    record Planned(ModelParams params, long seed) {}

    /** Every lib-ctr trial of the config, in configured order. */
    static List<Planned> plan(CtrBenchConfig config) {
        List<Planned> out = new ArrayList<>();
        for (ModelSpec m : config.models()) {
            for (ModelParams p : m.points()) {
                for (long seed : m.seedList()) {
                    out.add(new Planned(p, seed));
                }
            }
        }
        return out;
    }

    public static CtrBenchResult run(JobContext ctx, CtrBenchConfig config) {
        config.checkNotEmpty();
        ctx.phase(
                "sweeplake-ctr-prepare",
                "load and check the " + config.dataset().displayName() + " splits");
        long t0 = System.nanoTime();
        CtrData.Prepared data = CtrData.prepare(ctx.spark(), config);
        ctx.console()
                .progress(String.format(
                        Locale.ROOT,
                        "[ctr bench] %s (version %s): train %,d / valid %,d / test %,d rows, %,d features, prepared in %.1f s",
                        data.dataset(),
                        data.version(),
                        data.rows()[0],
                        data.rows()[1],
                        data.rows()[2],
                        data.processor().numFeatures(),
                        (System.nanoTime() - t0) / 1e9));
        List<Planned> planned = plan(config);
        ctx.phase("sweeplake-ctr-run", "start the run (runs table)");
        return TrackedRun.run(ctx, "ctr bench", config, run -> body(ctx, config, data, planned, run));
    }

    /**
     * Runs a bench inside an already started run (the demo's): prepares and checks the data, then trains and records like
     * {@link #run}.
     */
    public static CtrBenchResult runIn(JobContext ctx, RunHandle run, CtrBenchConfig config) {
        config.checkNotEmpty();
        CtrData.Prepared data = CtrData.prepare(ctx.spark(), config);
        return body(ctx, config, data, plan(config), run);
    }

    private static CtrBenchResult body(
            JobContext ctx, CtrBenchConfig config, CtrData.Prepared data, List<Planned> planned, RunHandle run) {
        ctx.phase("sweeplake-ctr-splits", "write the prepared splits as Parquet");
        String root = config.splitsDir()
                .orElseGet(() -> new Path(
                                ctx.store()
                                        .warehouse()
                                        .root(ctx.spark().sparkContext().hadoopConfiguration()),
                                "ctr_splits")
                        .toString());
        String folder = SplitStore.write(ctx.spark(), root, data);
        String study = "ctr-bench-" + run.runId();
        int baselineTrials =
                config.baselines().stream().mapToInt(b -> b.seedList().size()).sum();
        Progress progress = new Progress(ctx.console(), "ctr bench", planned.size() + baselineTrials, "trials", 0);
        double[] best = {Double.NEGATIVE_INFINITY};

        List<TrialSpec> specs = new ArrayList<>();
        for (Planned p : planned) {
            String trialId = Ids.sha256Hex(
                    String.join(
                            "|",
                            run.runId(),
                            data.version(),
                            p.params().toJson(),
                            Long.toString(p.seed()),
                            Integer.toString(config.trainer().maxEpochs())),
                    16);
            specs.add(TrialSpec.of(
                    trialId,
                    folder,
                    data.schema(),
                    p.params(),
                    config.trainer()
                            .toTrainerParams(
                                    p.seed(),
                                    config.trainer().maxEpochs(),
                                    data.processor().numFeatures(),
                                    p.params().batchSize(),
                                    data.schema().size()),
                    specs.isEmpty() ? config.exportEncoded().orElse("") : ""));
        }
        ctx.phase("sweeplake-ctr-trials", specs.size() + " lib-ctr trials");
        List<TrialOutcome> outcomes = LibCtrTrials.run(ctx, data.processorBytes(), specs, config.trainer(), o -> {
            synchronized (best) {
                if (o.ok()) {
                    best[0] = Math.max(best[0], o.testAuc());
                }
                progress.note(String.format(
                        Locale.ROOT,
                        "trial %s test AUC %s, best %.4f",
                        o.trialId(),
                        CtrBenchResult.f4(o.testAuc()),
                        best[0]));
                progress.advance(1);
            }
        });
        List<CtrBenchRow> rows = new ArrayList<>();
        List<TrialRecord> records = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            TrialSpec s = specs.get(i);
            TrialOutcome o = outcomes.get(i);
            ModelParams mp = planned.get(i).params();
            rows.add(new CtrBenchRow(
                    mp.kind().id(),
                    modelParamsJson(mp),
                    s.seed(),
                    o.testAuc(),
                    o.testLogLoss(),
                    o.bestValidAuc(),
                    o.samplesPerSecond(),
                    o.trainSeconds(),
                    o.validAuc().length,
                    o.bestEpoch(),
                    s.trialId(),
                    o.executor(),
                    o.error(),
                    o.ok() ? libCtrExtra(o, s, data) : null));
            records.add(libCtrRecord(study, s, o, mp, config, data));
        }
        if (!records.isEmpty()) {
            ctx.phase("sweeplake-ctr-record", "record " + records.size() + " lib-ctr trials");
            ctx.store().recordTrials(run, records);
        }

        // Baselines are few and slow: each is recorded as soon as it ends, so a long bench keeps what it measured.
        MllibBaselines.run(ctx, data, folder, config.baselines(), o -> {
            ObjectNode params = JSON.valueToTree(o.params());
            String trialId = Ids.sha256Hex(
                    String.join(
                            "|",
                            run.runId(),
                            data.version(),
                            o.baseline().id(),
                            params.toString(),
                            Long.toString(o.seed())),
                    16);
            rows.add(new CtrBenchRow(
                    o.baseline().id(),
                    params,
                    o.seed(),
                    o.testAuc(),
                    o.testLogLoss(),
                    o.validAuc(),
                    o.samplesPerSecond(),
                    o.trainSeconds(),
                    o.iterations(),
                    0,
                    trialId,
                    "spark-job",
                    o.error(),
                    null));
            ctx.phase(
                    "sweeplake-ctr-record", "record MLlib trial " + o.baseline().id());
            ctx.store().recordTrials(run, List.of(baselineRecord(study, trialId, o, params, config, data)));
            if (o.ok()) {
                best[0] = Math.max(best[0], o.testAuc());
            }
            progress.note(String.format(
                    Locale.ROOT,
                    "%s test AUC %s, best %.4f",
                    o.baseline().id(),
                    CtrBenchResult.f4(o.testAuc()),
                    best[0]));
            progress.advance(1);
        });
        progress.finish();
        return new CtrBenchResult(run.runId(), data.dataset(), data.version(), folder, rows);
    }

    /** The lib-ctr figures of a completed trial for its {@code --json} row; the per-trial heap keys null when absent. */
    static ObjectNode libCtrExtra(TrialOutcome o, TrialSpec s, CtrData.Prepared data) {
        ObjectNode x = JSON.createObjectNode()
                .put("peak_heap_bytes", o.peakHeapBytes())
                .put("read_s", o.readSeconds())
                .put("num_features", data.processor().numFeatures())
                .put("num_parameters", o.numParameters())
                .put("lazy_adam", s.lazyAdam())
                .put("dense_kernel", o.denseKernel());
        if (o.trialHeapBytes() >= 0) {
            x.put("trial_heap_bytes", o.trialHeapBytes());
        } else {
            x.putNull("trial_heap_bytes");
        }
        x.put("encoded_bytes", o.encodedBytes());
        x.put("model_bytes", o.modelBytes());
        x.put("optimizer_bytes", o.optimizerBytes());
        x.put("gradient_bytes", o.gradientBytes());
        if (Double.isFinite(o.trialHeapRatio())) {
            x.put("trial_heap_ratio", o.trialHeapRatio());
        } else {
            x.putNull("trial_heap_ratio");
        }
        return x;
    }

    /** The hyperparameters that matter for the model's kind, for result rows (trial rows store all of them). */
    static ObjectNode modelParamsJson(ModelParams mp) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ModelKind k = mp.kind();
        if (k != ModelKind.LR) {
            o.put("embedding_dim", mp.embeddingDim());
        }
        if (k == ModelKind.DEEPFM || k == ModelKind.DCNV2 || k == ModelKind.WIDE_DEEP) {
            ArrayNode h = o.putArray("hidden_units");
            mp.hiddenUnits().forEach(h::add);
            o.put("dropout", mp.dropout());
            o.put("l2_weights", mp.l2Weights());
        }
        if (k == ModelKind.DCNV2) {
            o.put("cross_layers", mp.crossLayers());
        }
        o.put("l2_embedding", mp.l2Embedding());
        o.put("learning_rate", mp.learningRate());
        o.put("batch_size", mp.batchSize());
        return o;
    }

    private static ObjectNode context(CtrBenchConfig config, CtrData.Prepared data) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("dataset", data.dataset());
        o.put("dataset_version", data.version());
        o.set("features", ConfigBinder.toTree(config.features()));
        return o;
    }

    private static TrialRecord libCtrRecord(
            String study, TrialSpec s, TrialOutcome o, ModelParams mp, CtrBenchConfig config, CtrData.Prepared data) {
        ObjectNode params = context(config, data);
        params.put("model", mp.kind().id());
        try {
            params.set("params", JSON.readTree(mp.toJson()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        params.set("trainer", ConfigBinder.toTree(config.trainer()));
        List<MetricValue> m = new ArrayList<>();
        if (o.ok()) {
            for (int e = 0; e < o.validAuc().length; e++) {
                m.add(new MetricValue("valid_auc", e + 1, o.validAuc()[e]));
                m.add(new MetricValue("valid_logloss", e + 1, o.validLogLoss()[e]));
                m.add(new MetricValue("train_logloss", e + 1, o.trainLogLoss()[e]));
                m.add(new MetricValue("learning_rate", e + 1, o.learningRate()[e]));
                m.add(new MetricValue("epoch_train_s", e + 1, o.epochSeconds()[e]));
            }
            m.add(MetricValue.of("test_auc", o.testAuc()));
            m.add(MetricValue.of("test_logloss", o.testLogLoss()));
            m.add(MetricValue.of("best_valid_auc", o.bestValidAuc()));
            m.add(MetricValue.of("best_valid_logloss", o.bestValidLogLoss()));
            m.add(MetricValue.of("best_epoch", o.bestEpoch()));
            m.add(MetricValue.of("epochs", o.validAuc().length));
            m.add(MetricValue.of("samples_per_s", o.samplesPerSecond()));
            m.add(MetricValue.of("train_s", o.trainSeconds()));
            m.add(MetricValue.of("read_s", o.readSeconds()));
            m.add(MetricValue.of("num_parameters", o.numParameters()));
            // the executor JVM's heap high-water mark after GC (JVM-wide: trials running in one JVM share it)
            m.add(MetricValue.of("peak_heap_bytes", o.peakHeapBytes()));
            // the trial's own live heap in steady state (TrialHeapProbe), only when it had its JVM to itself
            m.add(MetricValue.of("encoded_bytes", o.encodedBytes()));
            m.add(MetricValue.of("model_bytes", o.modelBytes()));
            m.add(MetricValue.of("optimizer_bytes", o.optimizerBytes()));
            m.add(MetricValue.of("gradient_bytes", o.gradientBytes()));
            if (o.trialHeapBytes() >= 0) {
                m.add(MetricValue.of("trial_heap_bytes", o.trialHeapBytes()));
                m.add(MetricValue.of("trial_heap_ratio", o.trialHeapRatio()));
            }
        }
        return TrialRecord.builder(study, s.trialId(), BENCHMARK)
                .paramsJson(params.toString())
                .seed(s.seed())
                .seedRole(config.seedRole())
                .fidelity((double) s.maxEpochs())
                .datasetVersion(data.version())
                .state(o.ok() ? TrialRecord.TrialState.COMPLETED : TrialRecord.TrialState.FAILED)
                .error(o.error())
                .startedAt(Instant.ofEpochMilli(o.startedMillis()))
                .endedAt(Instant.ofEpochMilli(o.endedMillis()))
                .executor(o.executor())
                .metrics(m)
                .build();
    }

    private static TrialRecord baselineRecord(
            String study,
            String trialId,
            MllibBaselines.Outcome o,
            ObjectNode p,
            CtrBenchConfig config,
            CtrData.Prepared data) {
        ObjectNode params = context(config, data);
        params.put("model", o.baseline().id());
        params.set("params", p);
        List<MetricValue> m = new ArrayList<>();
        if (o.ok()) {
            for (int i = 0; i < o.objectiveHistory().length; i++) {
                m.add(new MetricValue("train_objective", i + 1, o.objectiveHistory()[i]));
            }
            m.add(MetricValue.of("test_auc", o.testAuc()));
            m.add(MetricValue.of("test_logloss", o.testLogLoss()));
            m.add(MetricValue.of("best_valid_auc", o.validAuc()));
            m.add(MetricValue.of("best_valid_logloss", o.validLogLoss()));
            m.add(MetricValue.of("iterations", o.iterations()));
            m.add(MetricValue.of("samples_per_s", o.samplesPerSecond()));
            m.add(MetricValue.of("fit_s", o.fitSeconds()));
            m.add(MetricValue.of("train_s", o.trainSeconds()));
        }
        long ended = o.startedMillis() + Math.round(o.trainSeconds() * 1000);
        return TrialRecord.builder(study, trialId, BENCHMARK)
                .paramsJson(params.toString())
                .seed(o.seed())
                .seedRole(config.seedRole())
                .datasetVersion(data.version())
                .state(o.ok() ? TrialRecord.TrialState.COMPLETED : TrialRecord.TrialState.FAILED)
                .error(o.error())
                .startedAt(Instant.ofEpochMilli(o.startedMillis()))
                .endedAt(Instant.ofEpochMilli(ended))
                .executor("driver")
                .metrics(m)
                .build();
    }
}
