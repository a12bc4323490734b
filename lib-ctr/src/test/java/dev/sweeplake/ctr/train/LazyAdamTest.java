package dev.sweeplake.ctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.data.SyntheticFmTask;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.internal.BatchRows;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lazy (sparse) Adam on embeddings against dense Adam: where they must agree, and the one way they differ. */
class LazyAdamTest {

    private static EncodedData[] encode(SyntheticFmTask t) {
        FeatureProcessor fp = FeatureProcessor.fit(t.splits().train(), FeatureConfig.defaults());
        return new EncodedData[] {
            fp.encode(t.splits().train()),
            fp.encode(t.splits().valid()),
            fp.encode(t.splits().test())
        };
    }

    private static TrainResult train(EncodedData[] d, ModelParams mp, TrainerParams tp) {
        return new BarsTrainer().train(d[0], d[1], d[2], mp, tp, TrainingListener.NONE);
    }

    @Test
    void agreesBitForBitWithDenseAdamWhenEveryRowIsInEveryBatch() {
        // 4 fields x 3 values, 600 rows: full-batch steps see every feature id (the OOV ids never occur in training,
        // get
        // no gradient and stay put under both), so lazy and dense Adam do the same arithmetic on every element.
        SyntheticFmTask t =
                SyntheticFmTask.generate(new SyntheticFmTask.Params(4, 3, 2, 0.6, 0.5, -0.3), 600, 300, 300, 5L);
        EncodedData[] d = encode(t);
        for (ModelKind k : List.of(ModelKind.LR, ModelKind.FM, ModelKind.DEEPFM, ModelKind.DCNV2)) {
            for (int threads : new int[] {1, 2}) {
                ModelParams mp = ModelParams.defaults(k)
                        .withEmbeddingDim(4)
                        .withHiddenUnits(List.of(8))
                        .withBatchSize(600)
                        .withLearningRate(1e-2);
                TrainerParams tp = TrainerParams.defaults()
                        .withMaxEpochs(6)
                        .withPatience(100)
                        .withThreads(threads);
                TrainResult dense = train(d, mp, tp);
                TrainResult lazy = train(d, mp, tp.withLazyAdam(true));
                float[][] a = dense.model().snapshot();
                float[][] b = lazy.model().snapshot();
                for (int i = 0; i < a.length; i++) {
                    assertArrayEquals(a[i], b[i], 0f, k + " threads " + threads + " tensor " + i);
                }
                assertEquals(dense.testAuc(), lazy.testAuc(), 0.0);
            }
        }
    }

    @Test
    void leavesRowsAbsentFromTheBatchUntouchedWhereDenseAdamMovesThem() {
        // Two batches per epoch, two epochs: the value "rare" occurs only in row 0, so once per epoch; after its first
        // occurrence there is always a step without it, where dense Adam still moves its LR weight (decaying momentum)
        // and lazy Adam does not.
        RawTable.Builder b = RawTable.builder(new Schema("label", List.of(FieldSpec.categorical("c"))));
        for (int i = 0; i < 40; i++) {
            b.addRow(i % 2 == 0 ? 1f : 0f, i == 0 ? "rare" : "v" + (i % 4));
        }
        RawTable table = b.build();
        FeatureProcessor fp = FeatureProcessor.fit(table, FeatureConfig.defaults());
        EncodedData e = fp.encode(table);
        EncodedData[] d = {e, e, e};
        ModelParams mp = ModelParams.defaults(ModelKind.LR).withBatchSize(20);
        TrainerParams tp = TrainerParams.defaults().withMaxEpochs(2).withPatience(100);
        int rare = e.ids(0)[0];
        float[] before = dev.sweeplake.ctr.model.CtrModel.create(mp, 1, e.numFeatures(), tp.seed())
                .snapshot()[1];
        float dense = train(d, mp, tp).model().snapshot()[1][rare];
        float lazy = train(d, mp, tp.withLazyAdam(true)).model().snapshot()[1][rare];
        assertTrue(Math.abs(dense - before[rare]) > 0 && Math.abs(lazy - before[rare]) > 0, "both train the row");
        assertFalse(dense == lazy, "dense Adam moves the row in the step without it; lazy Adam does not: " + dense);
    }

    @Test
    void batchRowsCollectsDistinctIdsOfTheBatchOnly() {
        RawTable.Builder b = RawTable.builder(
                new Schema("label", List.of(FieldSpec.categorical("a"), FieldSpec.multiCategorical("m"))));
        b.addRow(1f, "x", List.of("p", "q"));
        b.addRow(0f, "y", List.of("q"));
        b.addRow(1f, "x", List.of());
        RawTable table = b.build();
        EncodedData e = FeatureProcessor.fit(table, FeatureConfig.defaults()).encode(table);
        BatchRows rows = new BatchRows(e.numFeatures());
        rows.collect(e, new int[] {2, 0, 1}, 0, 2); // rows 2 and 0: x, the empty bag's OOV id, p, q
        java.util.Set<Integer> got = new java.util.HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            got.add(rows.rows()[i]);
        }
        java.util.Set<Integer> want = new java.util.HashSet<>();
        for (int r : new int[] {2, 0}) {
            want.add(e.ids(0)[r]);
            for (int q = e.offsets(1)[r]; q < e.offsets(1)[r + 1]; q++) {
                want.add(e.ids(1)[q]);
            }
        }
        assertEquals(want, got);
        assertEquals(4, rows.size());
        rows.collect(e, null, 1, 2); // a new batch starts afresh
        assertEquals(2, rows.size());
    }

    @Test
    void monitorIdsAreCheckedWithAClearMessage() {
        IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> TrainerParams.Monitor.fromId("loss"));
        assertEquals("monitor must be one of auc, auc-logloss, got 'loss'", ex.getMessage());
        assertThrows(NullPointerException.class, () -> TrainerParams.defaults().withMonitor(null));
    }
}
