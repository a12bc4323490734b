package dev.sweeplake.ctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.data.SyntheticFmTask;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BarsTrainerTest {
    static SyntheticFmTask task;
    static EncodedData tr;
    static EncodedData va;
    static EncodedData te;

    @BeforeAll
    static void data() {
        task = SyntheticFmTask.generate(SyntheticFmTask.Params.defaults(), 30_000, 5_000, 10_000, 17L);
        FeatureProcessor fp = FeatureProcessor.fit(task.splits().train(), FeatureConfig.defaults());
        tr = fp.encode(task.splits().train());
        va = fp.encode(task.splits().valid());
        te = fp.encode(task.splits().test());
    }

    static ModelParams small(ModelKind k) {
        return ModelParams.defaults(k)
                .withEmbeddingDim(8)
                .withHiddenUnits(List.of(32, 32))
                .withBatchSize(512)
                .withLearningRate(k == ModelKind.LR ? 3e-2 : 1e-2);
    }

    @Test
    void fmRecoversPlantedInteractionsAndBeatsLr() {
        TrainerParams tp = TrainerParams.defaults().withMaxEpochs(30);
        TrainResult fm = new BarsTrainer().train(tr, va, te, small(ModelKind.FM), tp, TrainingListener.NONE);
        TrainResult lr = new BarsTrainer().train(tr, va, te, small(ModelKind.LR), tp, TrainingListener.NONE);
        double bayes = task.bayesTestAuc();
        System.out.printf("synthetic FM task: Bayes AUC %.4f, FM %.4f, LR %.4f%n", bayes, fm.testAuc(), lr.testAuc());
        assertTrue(bayes > 0.75, "planted structure is learnable: Bayes AUC " + bayes);
        assertTrue(fm.testAuc() > bayes - 0.02, "FM " + fm.testAuc() + " vs Bayes " + bayes);
        assertTrue(fm.testAuc() <= bayes + 0.01, "nothing beats Bayes by more than noise: " + fm.testAuc());
        assertTrue(
                lr.testAuc() < fm.testAuc() - 0.03,
                "LR " + lr.testAuc() + " cannot model interactions, FM " + fm.testAuc());
        assertTrue(fm.samplesPerSecond() > 0 && fm.trainSeconds() > 0);
        assertEquals(fm.epochs().get(fm.bestEpoch() - 1).validAuc(), fm.bestValidAuc(), 0.0);
    }

    @Test
    void barsProtocolDecaysLearningRateAndStopsAfterTwoMisses() {
        for (TrainerParams.Monitor monitor : TrainerParams.Monitor.values()) {
            TrainResult r = new BarsTrainer()
                    .train(
                            tr,
                            va,
                            te,
                            small(ModelKind.FM),
                            TrainerParams.defaults().withMonitor(monitor),
                            TrainingListener.NONE);
            List<EpochMetrics> e = r.epochs();
            assertTrue(e.size() < 100, "early stopping happened");
            // The last two epochs are misses: neither beats the best monitored value before them.
            double best = maxBefore(e, e.size() - 2, monitor);
            assertTrue(score(e.get(e.size() - 1), monitor) < best + 1e-6, monitor.id());
            assertTrue(score(e.get(e.size() - 2), monitor) < best + 1e-6, monitor.id());
            for (int i = 1; i < e.size(); i++) {
                boolean miss = score(e.get(i - 1), monitor) < maxBefore(e, i - 1, monitor) + 1e-6;
                double expected = miss
                        ? Math.max(1e-6, e.get(i - 1).learningRate() * 0.1)
                        : e.get(i - 1).learningRate();
                assertEquals(expected, e.get(i).learningRate(), 1e-15, monitor.id() + ": lr of epoch " + (i + 1));
            }
            // the best epoch is the one with the best monitored value; its AUC is reported
            EpochMetrics bestEpoch = e.get(r.bestEpoch() - 1);
            assertEquals(maxBefore(e, e.size(), monitor), score(bestEpoch, monitor), 0.0);
            assertEquals(bestEpoch.validAuc(), r.bestValidAuc(), 0.0);
            // an earlier epoch was best: the model holds its parameters again, not the last epoch's
            assertTrue(r.bestEpoch() < e.size(), monitor.id());
            assertEquals(
                    r.bestValidAuc(),
                    dev.sweeplake.ctr.metrics.Auc.compute(r.model().predict(va), va.labels()),
                    0.0,
                    monitor.id());
        }
    }

    private static double score(EpochMetrics m, TrainerParams.Monitor monitor) {
        return monitor.value(m.validAuc(), m.validLogLoss());
    }

    private static double maxBefore(List<EpochMetrics> e, int n, TrainerParams.Monitor monitor) {
        return e.stream().limit(n).mapToDouble(m -> score(m, monitor)).max().orElse(Double.NEGATIVE_INFINITY);
    }

    @Test
    void maxEpochsIsAFidelityKnob() {
        List<Integer> seen = new ArrayList<>();
        TrainResult r = new BarsTrainer()
                .train(
                        tr,
                        va,
                        te,
                        small(ModelKind.LR),
                        TrainerParams.defaults().withMaxEpochs(3),
                        new TrainingListener() {
                            @Override
                            public void onEpoch(EpochMetrics m) {
                                seen.add(m.epoch());
                            }
                        });
        assertEquals(List.of(1, 2, 3), seen);
        assertEquals(3, r.epochsRun());
        assertTrue(r.toJson().contains("\"max_epochs\":3"));
    }

    @Test
    void deterministicForSeedAndThreadCount() {
        EncodedData tr = BarsTrainerTest.tr.slice(0, 6000);
        for (ModelKind k : new ModelKind[] {ModelKind.DEEPFM, ModelKind.DCNV2}) {
            for (int threads : new int[] {1, 2}) {
                ModelParams mp = small(k).withDropout(0.1);
                TrainerParams tp = TrainerParams.defaults()
                        .withMaxEpochs(2)
                        .withThreads(threads)
                        .withSeed(5);
                TrainResult a = new BarsTrainer().train(tr, va, te, mp, tp, TrainingListener.NONE);
                TrainResult b = new BarsTrainer().train(tr, va, te, mp, tp, TrainingListener.NONE);
                assertEquals(a.testAuc(), b.testAuc(), 0.0, k + " threads " + threads);
                assertEquals(a.epochs().get(1).validLogLoss(), b.epochs().get(1).validLogLoss(), 0.0);
                assertArrayEquals(a.model().predict(te), b.model().predict(te), 0f);
                TrainResult c = new BarsTrainer().train(tr, va, te, mp, tp.withSeed(6), TrainingListener.NONE);
                assertTrue(a.testAuc() != c.testAuc(), "another seed gives another run");
            }
        }
    }

    @Test
    void l2ShrinksEmbeddingsAndWeights() {
        EncodedData tr = BarsTrainerTest.tr.slice(0, 10000);
        TrainerParams tp = TrainerParams.defaults().withMaxEpochs(2);
        ModelParams base = small(ModelKind.DEEPFM);
        TrainResult free = new BarsTrainer().train(tr, va, te, base, tp, TrainingListener.NONE);
        TrainResult reg = new BarsTrainer()
                .train(tr, va, te, base.withL2Embedding(0.05).withL2Weights(0.05), tp, TrainingListener.NONE);
        for (String name : new String[] {"embedding", "lr.weight", "mlp.0.weight"}) {
            double a = norm(free, name);
            double b = norm(reg, name);
            assertTrue(b < 0.9 * a, name + ": L2 norm " + b + " should be well below " + a);
        }
    }

    private static double norm(TrainResult r, String tensor) {
        for (var t : r.model().network().params()) {
            if (t.name().equals(tensor)) {
                double s = 0;
                for (float v : t.data()) {
                    s += (double) v * v;
                }
                return Math.sqrt(s);
            }
        }
        throw new AssertionError("no tensor " + tensor);
    }

    @Test
    void badInputFailsBeforeTraining() {
        EncodedData empty = tr.slice(0, 0);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new BarsTrainer()
                        .train(empty, va, te, small(ModelKind.LR), TrainerParams.defaults(), TrainingListener.NONE));
        assertEquals("the train split is empty (0 rows): nothing to train or evaluate", e.getMessage());
        EncodedData oneClass = EncodedData.of(
                tr.numFeatures(),
                new int[][] {{0}, {60}, {110}, {160}, {210}, {260}},
                new int[][] {null, null, null, null, null, null},
                new float[6][],
                new float[] {1});
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new BarsTrainer()
                        .train(tr, oneClass, te, small(ModelKind.LR), TrainerParams.defaults(), TrainingListener.NONE));
        assertEquals("the validation split has only one class (1 rows): validation AUC is undefined", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> TrainerParams.defaults().withMaxEpochs(0));
        assertEquals("maxEpochs must be in [1, 10000], got 0", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> ModelParams.defaults(ModelKind.FM).withDropout(1.0));
        assertEquals("dropout must be in [0.0, 1.0), got 1.0", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> ModelParams.defaults(ModelKind.DEEPFM).withHiddenUnits(List.of()));
        assertEquals("hiddenUnits must have at least 1 layer for DEEPFM, got []", e.getMessage());
    }
}
