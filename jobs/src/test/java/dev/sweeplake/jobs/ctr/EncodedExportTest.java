package dev.sweeplake.jobs.ctr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.features.EncodedData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw export of encoded splits for outside references: layout, reuse, refusal of what it cannot represent. */
class EncodedExportTest {

    /** Rows whose ids encode (row, field) so that any transposition or offset error shows. */
    private static EncodedData data(int rows, int base) {
        int[][] ids = new int[2][rows];
        float[] labels = new float[rows];
        for (int r = 0; r < rows; r++) {
            ids[0][r] = (base + r) % 50;
            ids[1][r] = 50 + (base + 3 * r) % 70;
            labels[r] = r % 3 == 0 ? 1f : 0f;
        }
        return EncodedData.of(120, ids, new int[2][], new float[2][], labels);
    }

    @Test
    void writesRowMajorIdsLabelsAndMetaAndKeepsAnIdenticalExport(@TempDir Path dir) throws Exception {
        // more rows than one write chunk (16,384) so the chunked path runs more than once
        EncodedData train = data(40_000, 0);
        EncodedData valid = data(7, 11);
        EncodedData test = data(5, 23);
        Path out = dir.resolve("enc");
        assertTrue(EncodedExport.write(out, List.of("a", "b"), "/splits/x", "p1", train, valid, test));

        ByteBuffer ids = ByteBuffer.wrap(Files.readAllBytes(out.resolve("train.ids.i32")))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(40_000 * 2 * 4, ids.capacity());
        for (int r : new int[] {0, 1, 16_383, 16_384, 39_999}) {
            assertEquals(train.ids(0)[r], ids.getInt((r * 2) * 4), "row " + r);
            assertEquals(train.ids(1)[r], ids.getInt((r * 2 + 1) * 4), "row " + r);
        }
        ByteBuffer labels = ByteBuffer.wrap(Files.readAllBytes(out.resolve("test.labels.f32")))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(5 * 4, labels.capacity());
        for (int r = 0; r < 5; r++) {
            assertEquals(test.labels()[r], labels.getFloat(r * 4));
        }
        String meta = Files.readString(out.resolve("meta.json"));
        assertTrue(meta.contains("\"num_features\": 120") && meta.contains("\"num_fields\": 2"), meta);
        assertTrue(meta.contains("\"train\": 40000, \"valid\": 7, \"test\": 5"), meta);

        // same splits and processor: kept; another processor: rewritten
        assertFalse(EncodedExport.write(out, List.of("a", "b"), "/splits/x", "p1", train, valid, test));
        assertTrue(EncodedExport.write(out, List.of("a", "b"), "/splits/x", "p2", train, valid, test));
        assertTrue(Files.readString(out.resolve("meta.json")).contains("\"p2\""));
    }

    @Test
    void refusesWeightedAndMultiValuedFieldsNamingThem(@TempDir Path dir) {
        float[] labels = {0f, 1f};
        EncodedData weighted = EncodedData.of(
                10, new int[][] {{0, 1}, {2, 3}}, new int[2][], new float[][] {null, {0.5f, 1.5f}}, labels);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EncodedExport.write(
                        dir.resolve("w"), List.of("a", "price"), "/s", "p", weighted, weighted, weighted));
        assertTrue(e.getMessage().contains("'price'") && e.getMessage().contains("weighted"), e.getMessage());
        EncodedData bag = EncodedData.of(10, new int[][] {{0, 1, 2}}, new int[][] {{0, 1, 3}}, new float[1][], labels);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> EncodedExport.write(dir.resolve("m"), List.of("genres"), "/s", "p", bag, bag, bag));
        assertTrue(e.getMessage().contains("'genres'") && e.getMessage().contains("multi-valued"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("w").resolve("meta.json")));
    }
}
