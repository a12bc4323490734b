package dev.sweeplake.jobs.ctr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Splits;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.internal.HeapBytes;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.train.BarsTrainer;
import dev.sweeplake.ctr.train.TrainResult;
import dev.sweeplake.ctr.train.TrainingListener;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One small end-to-end bench on the synthetic FM task (LR and FM as Spark tasks, MLlib LR as a Spark job): the JSON
 * shape, the figures against the planted model, the trials and per-epoch curves in Delta, and that a trial trained in its
 * Spark task from the Parquet splits is bit-identical to lib-ctr training in this JVM on the in-memory splits.
 */
@ExtendWith(SparkExtension.class)
class CtrBenchJobTest {

    static CtrBenchConfig config(Path dataDir) {
        String yaml = """
        dataset:
          kind: synthetic
          synthetic: {fields: 5, cardinality: 20, rank: 3, interaction_scale: 0.9, linear_scale: 0.5, bias: -0.2,
                      train_rows: 4000, valid_rows: 1000, test_rows: 1000, seed: 11}
        trainer: {max_epochs: 4, threads: 1, parallel_trials: 2}
        models:
          - model: lr
            params: {batch_size: 256}
          - model: fm
            params: {batch_size: 256, learning_rate: 0.01}
            grid: {embedding_dim: [4, 8]}
        baselines:
          - model: mllib-lr
            params: {max_iter: 10}
          - model: mllib-gbt
            params: {max_iter: 5, max_depth: 3}
        seed_role: test
        """;
        try {
            Path f = Files.createTempFile(dataDir, "bench", ".yaml");
            Files.writeString(f, yaml);
            return ConfigLoader.load(f, List.of("data_dir=" + dataDir), CtrBenchConfig.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void benchTrainsRecordsAndMatchesInProcessTraining(SparkSession spark, @TempDir Path dir) {
        CtrBenchConfig config = config(dir);
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        CtrBenchResult r = CtrBenchJob.run(ctx, config);

        // --json shape: exactly these keys, one row per model point x seed, configured order.
        JsonNode json = r.toJson();
        assertEquals(List.of("run_id", "dataset", "rows"), names(json));
        assertEquals("synthetic-fm", json.get("dataset").asText());
        List<String> models = new ArrayList<>();
        for (JsonNode row : json.get("rows")) {
            List<String> keys = new ArrayList<>(
                    List.of("model", "params", "seed", "test_auc", "test_logloss", "samples_per_s", "train_s"));
            if (!row.get("model").asText().startsWith("mllib-")) {
                keys.addAll(List.of(
                        "peak_heap_bytes",
                        "read_s",
                        "num_features",
                        "num_parameters",
                        "lazy_adam",
                        "dense_kernel",
                        "trial_heap_bytes",
                        "encoded_bytes",
                        "model_bytes",
                        "optimizer_bytes",
                        "gradient_bytes",
                        "trial_heap_ratio"));
                assertTrue(row.get("peak_heap_bytes").asLong() > 0, row.toString());
                // parameters as float arrays with headers: at least 4 bytes each, dense Adam twice that
                long params = row.get("num_parameters").asLong();
                assertTrue(row.get("model_bytes").asLong() >= 4 * params, row.toString());
                // dense Adam: two moments per parameter array plus their two per-tensor reference arrays (LR 2
                // tensors, FM 3)
                long refs = HeapBytes.array(row.get("model").asText().equals("lr") ? 2 : 3, HeapBytes.REFERENCE);
                assertEquals(
                        2 * row.get("model_bytes").asLong() + 2 * refs,
                        row.get("optimizer_bytes").asLong(),
                        row.toString());
                // parallel_trials 2: a figure only for a trial that had the JVM to itself, then with its ratio
                JsonNode th = row.get("trial_heap_bytes");
                assertEquals(th.isNull(), row.get("trial_heap_ratio").isNull(), row.toString());
                // 105 ids against 256 x 5 id slots per batch: auto Adam stays dense
                assertEquals(false, row.get("lazy_adam").asBoolean(), row.toString());
                assertEquals(
                        dev.sweeplake.ctr.model.CtrModel.denseKernel(),
                        row.get("dense_kernel").asText(),
                        row.toString());
            }
            assertEquals(keys, names(row));
            models.add(row.get("model").asText());
            assertTrue(
                    row.get("samples_per_s").asDouble() > 0
                            && row.get("train_s").asDouble() > 0,
                    row.toString());
        }
        assertEquals(List.of("lr", "fm", "fm", "mllib-lr", "mllib-gbt"), models);
        assertEquals(
                4, json.get("rows").get(1).get("params").get("embedding_dim").asInt());
        assertEquals(
                8, json.get("rows").get(2).get("params").get("embedding_dim").asInt());

        // Figures: planted interactions make FM beat both linear models; the two linear models agree closely.
        CtrBenchRow lr = r.rows().get(0);
        CtrBenchRow fm = r.rows().get(2);
        CtrBenchRow mllibLr = r.rows().get(3);
        assertTrue(fm.testAuc() > lr.testAuc() + 0.02, "fm " + fm.testAuc() + " lr " + lr.testAuc());
        assertTrue(
                Math.abs(lr.testAuc() - mllibLr.testAuc()) < 0.03,
                "lr " + lr.testAuc() + " mllib " + mllibLr.testAuc());
        assertTrue(lr.testAuc() > 0.55, "lr " + lr.testAuc());
        assertTrue(r.rows().get(4).testAuc() > 0.55, "gbt " + r.rows().get(4).testAuc());

        // The task read the Parquet splits in order and trained exactly as lib-ctr does in process.
        CtrData.Prepared p = CtrData.prepare(null, config);
        var tp = config.trainer().toTrainerParams(2019L, config.trainer().maxEpochs());
        TrainResult direct = new BarsTrainer()
                .train(
                        p.train(),
                        p.valid(),
                        p.test(),
                        config.models().get(1).points().get(1),
                        tp,
                        TrainingListener.NONE);
        assertEquals(direct.testAuc(), fm.testAuc(), 0.0);
        long encoded = p.train().heapBytes() + p.valid().heapBytes() + p.test().heapBytes();
        for (JsonNode row : json.get("rows")) {
            if (!row.get("model").asText().startsWith("mllib-")) {
                assertEquals(encoded, row.get("encoded_bytes").asLong(), row.toString());
            }
        }
        assertEquals(
                direct.model().parameterBytes(),
                json.get("rows").get(2).get("model_bytes").asLong());
        assertEquals(direct.epochsRun(), fm.epochs());

        // Delta: 5 completed trials with params, seed role, fidelity; per-epoch valid AUC curve; finals equal the JSON.
        MetricsStore store = ctx.store();
        List<Row> trials =
                store.read(Tables.TRIALS).filter("run_id = '" + r.runId() + "'").collectAsList();
        assertEquals(5, trials.size());
        for (Row t : trials) {
            assertEquals("COMPLETED", t.getAs("state"));
            assertEquals("test", t.getAs("seed_role"));
            assertEquals(2019L, (long) t.getAs("seed"));
            assertEquals(p.version(), t.getAs("dataset_version"));
            assertTrue(((String) t.getAs("params_json")).contains("\"dataset\":\"synthetic-fm\""));
        }
        List<Row> curve = store.read(Tables.METRICS)
                .filter("trial_id = '" + fm.trialId() + "' and name = 'valid_auc'")
                .orderBy("step")
                .collectAsList();
        assertEquals(fm.epochs(), curve.size());
        for (int i = 0; i < curve.size(); i++) {
            assertEquals(i + 1, (long) curve.get(i).getAs("step"));
            assertEquals(
                    direct.epochs().get(i).validAuc(), (double) curve.get(i).getAs("value"), 0.0);
        }
        Row testAuc = store.read(Tables.METRICS)
                .filter("trial_id = '" + mllibLr.trialId() + "' and name = 'test_auc'")
                .first();
        assertEquals(mllibLr.testAuc(), (double) testAuc.getAs("value"), 0.0);
        assertEquals(
                1,
                store.read(Tables.RUNS)
                        .filter("run_id = '" + r.runId() + "' and status = 'SUCCEEDED'")
                        .count());

        // The prepared splits are content-addressed Parquet that round-trip exactly.
        Path folder = Path.of(java.net.URI.create(r.splitsFolder()));
        assertTrue(Files.exists(folder.resolve(SplitStore.COMPLETE)), folder.toString());
        RawTable test =
                SplitStore.read(spark.sparkContext().hadoopConfiguration(), r.splitsFolder(), "test", p.schema());
        assertEquals(
                RowDigest.of(p.splits()),
                RowDigest.of(new Splits(
                        SplitStore.read(
                                spark.sparkContext().hadoopConfiguration(), r.splitsFolder(), "train", p.schema()),
                        SplitStore.read(
                                spark.sparkContext().hadoopConfiguration(), r.splitsFolder(), "valid", p.schema()),
                        test)));
        EncodedData e = p.processor().encode(test);
        assertEquals(p.test().rows(), e.rows());
    }

    @Test
    void aTrialAloneInItsJvmReportsItsOwnLiveHeap(SparkSession spark, @TempDir Path dir) throws Exception {
        // ~21k feature ids x (64 + 1) floats: ~5.6 MB of parameters, ~22 MB with Adam's moments and the gradients,
        // well above what the rest of the JVM allocates between the two full GCs
        String yaml = """
        dataset:
          kind: synthetic
          synthetic: {fields: 5, cardinality: 5000, rank: 3, interaction_scale: 0.9, linear_scale: 0.5, bias: -0.2,
                      train_rows: 10000, valid_rows: 2000, test_rows: 2000, seed: 12}
        features: {min_count: 1}
        trainer: {max_epochs: 1, threads: 1, parallel_trials: 1, adam: dense}
        models:
          - model: fm
            params: {batch_size: 1024, learning_rate: 0.01, embedding_dim: 64}
        baselines: []
        seed_role: test
        """;
        Path f = Files.createTempFile(dir, "bench", ".yaml");
        Files.writeString(f, yaml);
        CtrBenchConfig config = ConfigLoader.load(f, List.of("data_dir=" + dir), CtrBenchConfig.class);
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        CtrBenchResult r = CtrBenchJob.run(ctx, config);
        JsonNode row = r.toJson().get("rows").get(0);
        long trialHeap = row.get("trial_heap_bytes").asLong();
        long known = row.get("encoded_bytes").asLong()
                + row.get("model_bytes").asLong()
                + row.get("optimizer_bytes").asLong()
                + row.get("gradient_bytes").asLong();
        double ratio = row.get("trial_heap_ratio").asDouble();
        assertTrue(row.get("trial_heap_bytes").isIntegralNumber() && trialHeap > 0, row.toString());
        assertTrue(row.get("model_bytes").asLong() > 4_000_000, row.toString());
        // the live heap holds at least most of what the trainer allocated (JVM noise is a few MB either way)
        assertTrue(trialHeap > known / 2, trialHeap + " vs arrays " + known + ": " + row);
        assertTrue(Double.isFinite(ratio) && ratio > 0 && ratio < 20, row.toString());
        assertEquals(
                (double) trialHeap
                        / (row.get("encoded_bytes").asLong()
                                + row.get("model_bytes").asLong()),
                ratio,
                1e-12);
        Row metric = ctx.store()
                .read(Tables.METRICS)
                .filter("run_id = '" + r.runId() + "' and name = 'trial_heap_bytes'")
                .first();
        assertEquals((double) trialHeap, (double) metric.getAs("value"), 0.0);
    }

    static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void planExpandsGridsAndSeedsInOrder(@TempDir Path dir) {
        CtrBenchConfig c = config(dir)
                .withModels(List.of(new ModelSpec(
                        ModelKind.FM,
                        Optional.empty(),
                        Optional.of(java.util.Map.of(
                                "embedding_dim",
                                List.of(
                                        com.fasterxml.jackson.databind.node.IntNode.valueOf(4),
                                        com.fasterxml.jackson.databind.node.IntNode.valueOf(16)))),
                        Optional.of(List.of(1L, 2L, 3L)))));
        List<CtrBenchJob.Planned> plan = CtrBenchJob.plan(c);
        assertEquals(6, plan.size());
        assertEquals(4, plan.get(0).params().embeddingDim());
        assertEquals(3L, plan.get(2).seed());
        assertEquals(16, plan.get(3).params().embeddingDim());
    }
}
