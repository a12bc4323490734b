package dev.sweeplake.ctr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.data.RawTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rows streamed in any order into the columnar encoder give exactly {@link FeatureProcessor#encode}'s arrays. */
class ColumnarEncoderTest {
    private static RawTable table(int rows, long seed) {
        Random r = new Random(seed);
        RawTable.Builder b = RawTable.builder(FeatureProcessorTest.SCHEMA);
        for (int i = 0; i < rows; i++) {
            String[] bag = new String[r.nextInt(3)];
            for (int k = 0; k < bag.length; k++) {
                bag[k] = "g" + r.nextInt(6);
            }
            b.addRow(
                    r.nextInt(2),
                    r.nextInt(10) == 0 ? null : "v" + r.nextInt(30),
                    bag,
                    r.nextInt(20) == 0 ? null : r.nextGaussian() * 3);
        }
        return b.build();
    }

    private static Object[] row(RawTable t, int r) {
        Object[] v = new Object[t.schema().size()];
        for (int f = 0; f < v.length; f++) {
            Object col = t.column(f);
            FieldType type = t.schema().field(f).type();
            v[f] = switch (type) {
                case CATEGORICAL -> ((String[]) col)[r];
                case NUMERIC -> ((double[]) col)[r];
                case MULTI_CATEGORICAL -> ((String[][]) col)[r];
            };
        }
        return v;
    }

    @Test
    void shuffledStreamEqualsBatchEncodingForEveryEncodingKind() {
        RawTable train = table(500, 1);
        RawTable test = table(300, 2);
        List<FeatureConfig> configs = List.of(
                FeatureConfig.defaults()
                        .withField("x", FieldEncoding.normalize().withNanPolicy(FieldEncoding.NanPolicy.IMPUTE)),
                FeatureConfig.defaults()
                        .withField("c", FieldEncoding.hashing(8))
                        .withField("m", FieldEncoding.vocabulary(2).withPooling(FieldEncoding.Pooling.SUM))
                        .withField("x", FieldEncoding.bucketize(4).withNanPolicy(FieldEncoding.NanPolicy.IMPUTE)));
        for (FeatureConfig cfg : configs) {
            FeatureProcessor fp = FeatureProcessor.fit(train, cfg);
            EncodedData batch = fp.encode(test);
            ColumnarEncoder enc = fp.columnarEncoder(test.rows());
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < test.rows(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(3));
            for (int i : order) {
                enc.set(i, test.label(i), row(test, i));
            }
            EncodedData streamed = enc.build();
            assertEquals(batch.rows(), streamed.rows());
            assertEquals(batch.numFeatures(), streamed.numFeatures());
            assertArrayEquals(batch.labels(), streamed.labels());
            for (int f = 0; f < batch.numFields(); f++) {
                assertArrayEquals(batch.ids(f), streamed.ids(f), "ids of field " + f);
                assertArrayEquals(batch.offsets(f), streamed.offsets(f), "offsets of field " + f);
                assertArrayEquals(batch.weights(f), streamed.weights(f), "weights of field " + f);
            }
        }
    }

    @Test
    void missingDuplicatedAndOutOfRangeRowsAreRefused() {
        RawTable t = table(10, 4);
        FeatureProcessor fp = FeatureProcessor.fit(
                t,
                FeatureConfig.defaults()
                        .withField("x", FieldEncoding.normalize().withNanPolicy(FieldEncoding.NanPolicy.IMPUTE)));
        ColumnarEncoder enc = fp.columnarEncoder(3);
        enc.set(0, 1f, row(t, 0));
        assertEquals(
                "row 0 was set twice (duplicated rows)",
                assertThrows(IllegalArgumentException.class, () -> enc.set(0, 1f, row(t, 0)))
                        .getMessage());
        assertEquals(
                "row must be in [0, 3), got 3",
                assertThrows(IllegalArgumentException.class, () -> enc.set(3, 1f, row(t, 3)))
                        .getMessage());
        enc.set(2, 0f, row(t, 2));
        assertEquals(
                "row 1 of 3 was never set (missing rows)",
                assertThrows(IllegalStateException.class, enc::build).getMessage());
    }
}
