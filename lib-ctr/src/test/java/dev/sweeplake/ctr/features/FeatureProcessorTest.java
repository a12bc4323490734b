package dev.sweeplake.ctr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.CtrFormatException;
import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FeatureProcessorTest {
    static final Schema SCHEMA =
            Schema.of("label", FieldSpec.categorical("c"), FieldSpec.multiCategorical("m"), FieldSpec.numeric("x"));

    static RawTable train() {
        return RawTable.builder(SCHEMA)
                .addRow(1, "a", new String[] {"g1", "g2"}, 1.0)
                .addRow(0, "a", new String[] {"g2"}, 2.0)
                .addRow(1, "b", new String[0], 3.0)
                .addRow(0, "c", List.of("g1", "g3", "g2"), 6.0)
                .build();
    }

    @Test
    void vocabularyWithMinCountAndOov() {
        FeatureConfig cfg = FeatureConfig.defaults().withField("c", FieldEncoding.vocabulary(2));
        FeatureProcessor fp = FeatureProcessor.fit(train(), cfg);
        // c: OOV + {a}; m: OOV + {g2 (3), g1 (2), g3 (1)}; x: 1 id
        assertEquals(2, fp.fieldSize(0));
        assertEquals(4, fp.fieldSize(1));
        assertEquals(1, fp.fieldSize(2));
        assertEquals(7, fp.numFeatures());
        RawTable test = RawTable.builder(SCHEMA)
                .addRow(1, "a", new String[] {"g3", "zzz"}, 4.0)
                .addRow(0, "never-seen", new String[0], 0.0)
                .build();
        EncodedData e = fp.encode(test);
        assertArrayEquals(new int[] {1, 0}, e.ids(0)); // "a" -> 1, unseen -> OOV 0
        assertNull(e.offsets(0));
        assertArrayEquals(new int[] {0, 2, 3}, e.offsets(1));
        assertArrayEquals(new int[] {2 + 3, 2 + 0, 2 + 0}, e.ids(1)); // g3 -> 3, zzz -> OOV, empty bag -> OOV
        assertArrayEquals(new float[] {0.5f, 0.5f, 1f}, e.weights(1)); // mean pooling
        assertArrayEquals(new int[] {6, 6}, e.ids(2));
        // normalised: mean 3, std sqrt(((4 + 1 + 0 + 9) / 4)) = sqrt(3.5)
        assertEquals((4.0 - 3) / Math.sqrt(3.5), e.weights(2)[0], 1e-6);
        assertEquals((0.0 - 3) / Math.sqrt(3.5), e.weights(2)[1], 1e-6);
    }

    @Test
    void sumPoolingHashingAndBuckets() {
        FeatureConfig cfg = FeatureConfig.defaults()
                .withField("m", FieldEncoding.vocabulary(1).withPooling(FieldEncoding.Pooling.SUM))
                .withField("c", FieldEncoding.hashing(16))
                .withField("x", FieldEncoding.bucketize(2));
        FeatureProcessor fp = FeatureProcessor.fit(train(), cfg);
        EncodedData e = fp.encode(train());
        assertArrayEquals(new float[] {1f, 1f, 1f, 1f, 1f, 1f, 1f}, e.weights(1));
        assertEquals(e.ids(0)[0], e.ids(0)[1]); // same value, same hash bucket
        assertTrue(e.ids(0)[0] < 16);
        // 2 buckets: boundary = x[2] of sorted {1,2,3,6} = 3 -> 1,2 below, 3,6 at/above; ids: missing 0, buckets 1..2
        int s = 16 + fp.fieldSize(1);
        assertArrayEquals(new int[] {s + 1, s + 1, s + 2, s + 2}, e.ids(2));
    }

    @Test
    void nanPolicyFailsByDefaultAndImputesOnRequest() {
        RawTable withNan = RawTable.builder(SCHEMA)
                .addRow(1, "a", new String[0], 1.0)
                .addRow(0, "a", new String[0], null)
                .build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> FeatureProcessor.fit(withNan, FeatureConfig.defaults()));
        assertEquals(
                "numeric field 'x' is NaN at row 1 (nanPolicy FAIL; use NanPolicy.IMPUTE to impute)", e.getMessage());
        FeatureProcessor fp = FeatureProcessor.fit(
                withNan,
                FeatureConfig.defaults()
                        .withNumericDefault(FieldEncoding.normalize().withNanPolicy(FieldEncoding.NanPolicy.IMPUTE)));
        assertEquals(0f, fp.encode(withNan).weights(2)[1]); // imputed with the mean -> 0 after normalising
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        Schema other = Schema.of("label", FieldSpec.categorical("c"), FieldSpec.numeric("x"));
        FeatureProcessor fp = FeatureProcessor.fit(train(), FeatureConfig.defaults());
        RawTable missing = RawTable.builder(other).addRow(1, "a", 1.0).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fp.encode(missing));
        assertEquals("field 'm' (fitted) is missing from the table's schema [c, x]", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> FeatureProcessor.fit(RawTable.builder(SCHEMA).build(), FeatureConfig.defaults()));
        assertEquals("cannot fit a feature processor on an empty training split (0 rows)", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> RawTable.builder(SCHEMA).addRow(2, "a", null, 1.0));
        assertEquals("label must be 0 or 1, got 2.0 at row 0", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> FeatureProcessor.fit(
                        train(), FeatureConfig.defaults().withField("nope", FieldEncoding.vocabulary(1))));
        assertEquals("field 'nope' is not in the schema; fields are [c, m, x]", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> FeatureProcessor.fit(
                        train(), FeatureConfig.defaults().withField("x", FieldEncoding.vocabulary(1))));
        assertEquals("field 'x' of type NUMERIC cannot use encoding VOCABULARY", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FieldEncoding.vocabulary(0));
        assertEquals("minCount must be in [1, 2147483647], got 0", e.getMessage());
    }

    @Test
    void saveLoadRoundTripAndCorruptionDetection() {
        FeatureConfig cfg = FeatureConfig.defaults().withField("x", FieldEncoding.bucketize(3));
        FeatureProcessor fp = FeatureProcessor.fit(train(), cfg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fp.save(out);
        byte[] bytes = out.toByteArray();
        FeatureProcessor back = FeatureProcessor.load(new ByteArrayInputStream(bytes));
        EncodedData a = fp.encode(train());
        EncodedData b = back.encode(train());
        for (int f = 0; f < 3; f++) {
            assertArrayEquals(a.ids(f), b.ids(f));
            assertArrayEquals(a.offsets(f), b.offsets(f));
            assertArrayEquals(a.weights(f), b.weights(f));
        }
        byte[] flipped = bytes.clone();
        flipped[30] ^= 1;
        CtrFormatException ex =
                assertThrows(CtrFormatException.class, () -> FeatureProcessor.load(new ByteArrayInputStream(flipped)));
        assertTrue(ex.getMessage().startsWith("feature processor: checksum mismatch: expected 0x"), ex.getMessage());
        byte[] newer = bytes.clone();
        ByteBuffer.wrap(newer).putInt(4, 99);
        ex = assertThrows(CtrFormatException.class, () -> FeatureProcessor.load(new ByteArrayInputStream(newer)));
        assertEquals("feature processor: unsupported format version: expected 1..2, actual 99", ex.getMessage());
        byte[] magic = bytes.clone();
        ByteBuffer.wrap(magic).putInt(0, 0x12345678);
        ex = assertThrows(CtrFormatException.class, () -> FeatureProcessor.load(new ByteArrayInputStream(magic)));
        assertEquals("feature processor: bad magic number: expected 0x534c4650, actual 0x12345678", ex.getMessage());
        ex = assertThrows(
                CtrFormatException.class,
                () -> FeatureProcessor.load(
                        new ByteArrayInputStream(java.util.Arrays.copyOf(bytes, bytes.length - 3))));
        assertTrue(ex.getMessage().contains("payload length mismatch"), ex.getMessage());
    }

    @Property(tries = 50, seed = "7")
    void encodingInvariants(
            @ForAll @IntRange(min = 1, max = 40) int rows,
            @ForAll @IntRange(min = 1, max = 3) int minCount,
            @ForAll long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        RawTable.Builder b = RawTable.builder(SCHEMA);
        for (int i = 0; i < rows; i++) {
            int k = r.nextInt(4);
            String[] bag = new String[k];
            for (int j = 0; j < k; j++) {
                bag[j] = "g" + r.nextInt(5);
            }
            b.addRow(r.nextInt(2), "v" + r.nextInt(6), bag, r.nextDouble());
        }
        RawTable t = b.build();
        FeatureProcessor fp = FeatureProcessor.fit(
                t, FeatureConfig.defaults().withCategoricalDefault(FieldEncoding.vocabulary(minCount)));
        EncodedData e = fp.encode(t);
        int start = 0;
        for (int f = 0; f < 3; f++) {
            for (int id : e.ids(f)) {
                assertTrue(id >= start && id < start + fp.fieldSize(f), "id within the field's range");
            }
            start += fp.fieldSize(f);
        }
        int[] off = e.offsets(1);
        for (int i = 0; i < rows; i++) {
            float sum = 0;
            for (int j = off[i]; j < off[i + 1]; j++) {
                sum += e.weights(1)[j];
            }
            assertEquals(1f, sum, 1e-5f, "mean-pooled weights sum to 1");
        }
    }
}
