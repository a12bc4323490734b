package dev.sweeplake.ctr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.CtrFormatException;
import dev.sweeplake.ctr.data.SyntheticFmTask;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.train.BarsTrainer;
import dev.sweeplake.ctr.train.TrainResult;
import dev.sweeplake.ctr.train.TrainerParams;
import dev.sweeplake.ctr.train.TrainingListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CtrModelTest {
    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void saveLoadGivesIdenticalPredictions(ModelKind kind) {
        SyntheticFmTask t = SyntheticFmTask.generate(SyntheticFmTask.Params.defaults(), 3000, 1000, 1000, 3L);
        FeatureProcessor fp = FeatureProcessor.fit(t.splits().train(), FeatureConfig.defaults());
        EncodedData tr = fp.encode(t.splits().train());
        EncodedData va = fp.encode(t.splits().valid());
        EncodedData te = fp.encode(t.splits().test());
        ModelParams mp = ModelParams.defaults(kind)
                .withEmbeddingDim(4)
                .withHiddenUnits(List.of(16))
                .withBatchSize(256);
        TrainResult r = new BarsTrainer()
                .train(tr, va, te, mp, TrainerParams.defaults().withMaxEpochs(2), TrainingListener.NONE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.model().save(out);
        CtrModel back = CtrModel.load(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(mp, back.params());
        assertArrayEquals(r.model().predict(te), back.predict(te), 0f);
        assertArrayEquals(r.model().predict(te), back.predict(te, 3), 0f);
        byte[] bad = out.toByteArray();
        bad[bad.length / 2] ^= 0x10;
        CtrFormatException e =
                assertThrows(CtrFormatException.class, () -> CtrModel.load(new ByteArrayInputStream(bad)));
        assertTrue(e.getMessage().startsWith("ctr model: checksum mismatch"), e.getMessage());
        IllegalArgumentException wrong = assertThrows(
                IllegalArgumentException.class,
                () -> back.predict(EncodedData.of(
                        5, new int[][] {{1}}, new int[][] {null}, new float[][] {null}, new float[] {1})));
        assertTrue(
                wrong.getMessage().startsWith("data has 1 fields / 5 features but the model expects 6 / "),
                wrong.getMessage());
    }
}
