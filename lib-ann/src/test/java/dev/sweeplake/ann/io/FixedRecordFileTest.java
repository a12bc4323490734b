package dev.sweeplake.ann.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.VectorMatrix;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any row range read on its own equals the same rows of the whole-file reader; bad files name the file and row. */
class FixedRecordFileTest {

    private static byte[] fvecs(float[][] rows) {
        ByteBuffer b =
                ByteBuffer.allocate(rows.length * (4 + 4 * rows[0].length)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] r : rows) {
            b.putInt(r.length);
            for (float v : r) {
                b.putFloat(v);
            }
        }
        return b.array();
    }

    private static byte[] idxFloat(float[][] rows, int h, int w) {
        ByteBuffer b = ByteBuffer.allocate(16 + rows.length * 4 * h * w).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0x00000D03).putInt(rows.length).putInt(h).putInt(w);
        for (float[] r : rows) {
            for (float v : r) {
                b.putFloat(v);
            }
        }
        return b.array();
    }

    private static float[][] random(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[n][dim];
        for (float[] row : out) {
            for (int i = 0; i < dim; i++) {
                row[i] = (float) r.nextDouble(-5, 5);
            }
        }
        return out;
    }

    private static VectorMatrix range(byte[] file, String format, long from, int count) throws IOException {
        FixedRecordFile f = FixedRecordFile.of(format, new ByteArrayInputStream(file), file.length, "f");
        InputStream in = new ByteArrayInputStream(file);
        in.skipNBytes(f.offset(from));
        return f.read(in, from, count, "f");
    }

    private static void assertSameRows(VectorMatrix whole, VectorMatrix part, int from) {
        for (int i = 0; i < part.size(); i++) {
            assertEquals(from + i, part.id(i));
            assertArrayEquals(whole.row(from + i), part.row(i));
        }
    }

    @Test
    void rangesEqualTheWholeFileReader(@TempDir Path dir) throws IOException {
        float[][] rows = random(37, 6, 1);
        byte[] fv = fvecs(rows);
        VectorMatrix whole = VectorReaders.readVecs(new ByteArrayInputStream(fv), "w", 4, false);
        FixedRecordFile f = FixedRecordFile.of("fvecs", new ByteArrayInputStream(fv), fv.length, "f");
        assertEquals(37, f.rows());
        assertEquals(6, f.dimension());
        for (int[] r : new int[][] {{0, 37}, {0, 1}, {36, 1}, {10, 13}, {5, 0}}) {
            assertSameRows(whole, range(fv, "fvecs", r[0], r[1]), r[0]);
        }
        byte[] idx = idxFloat(rows, 2, 3);
        VectorMatrix wholeIdx = VectorReaders.readIdx(new ByteArrayInputStream(idx), "w");
        assertSameRows(wholeIdx, range(idx, "idx", 20, 17), 20);
        assertEquals(
                6,
                FixedRecordFile.of("idx", new ByteArrayInputStream(idx), idx.length, "f")
                        .dimension());
        // the real MNIST images, un-gzipped: row 1234 and its neighbours
        Path data = Path.of(System.getProperty("sweeplake.shared.data", "../../shared/data"));
        Path gz = data.resolve("mnist-t10k/t10k-images-idx3-ubyte.gz");
        if (Files.exists(gz)) {
            byte[] raw;
            try (InputStream in = VectorReaders.open(gz)) {
                raw = in.readAllBytes();
            }
            VectorMatrix mnist = VectorReaders.readIdx(new ByteArrayInputStream(raw), "m");
            VectorMatrix part = range(raw, "idx", 1230, 9);
            assertEquals(784, part.dimension());
            assertSameRows(mnist, part, 1230);
        }
    }

    @Test
    void badFilesNameTheFileAndRow() {
        float[][] rows = random(5, 4, 2);
        byte[] fv = fvecs(rows);
        byte[] cut = Arrays.copyOf(fv, fv.length - 3);
        assertEquals(
                "f row 4: file ends inside the row (truncated)",
                assertThrows(
                                IndexFormatException.class,
                                () -> FixedRecordFile.of("fvecs", new ByteArrayInputStream(cut), cut.length, "f"))
                        .getMessage());
        byte[] wrongDim = fv.clone();
        ByteBuffer.wrap(wrongDim).order(ByteOrder.LITTLE_ENDIAN).putInt(2 * 20, 5);
        assertEquals(
                "f row 2: dimension must be 4, actual 5",
                assertThrows(IndexFormatException.class, () -> range(wrongDim, "fvecs", 1, 3))
                        .getMessage());
        rows[3][1] = Float.NaN;
        byte[] nan = fvecs(rows);
        assertEquals(
                "f row 3 column 1: value must be finite, actual NaN",
                assertThrows(IllegalArgumentException.class, () -> range(nan, "fvecs", 0, 5))
                        .getMessage());
        byte[] idx = idxFloat(random(4, 6, 3), 2, 3);
        byte[] idxCut = Arrays.copyOf(idx, idx.length - 1);
        assertEquals(
                "f row 3: file ends inside the row (truncated)",
                assertThrows(
                                IndexFormatException.class,
                                () -> FixedRecordFile.of("idx", new ByteArrayInputStream(idxCut), idxCut.length, "f"))
                        .getMessage());
        byte[] badMagic = idx.clone();
        badMagic[2] = 0x0C;
        assertThrows(
                IndexFormatException.class,
                () -> FixedRecordFile.of("idx", new ByteArrayInputStream(badMagic), badMagic.length, "f"));
        assertThrows(IllegalArgumentException.class, () -> range(fv, "fvecs", 3, 3));
    }
}
