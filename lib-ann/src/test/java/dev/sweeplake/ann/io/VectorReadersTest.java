package dev.sweeplake.ann.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.TestData;
import dev.sweeplake.ann.VectorMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorReadersTest {

    private static byte[] vecs(int[] dims, float[][] rows, int valueBytes, boolean ints) {
        int size = 0;
        for (int i = 0; i < rows.length; i++) {
            size += 4 + rows[i].length * valueBytes;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rows.length; i++) {
            b.putInt(dims[i]);
            for (float v : rows[i]) {
                if (valueBytes == 1) {
                    b.put((byte) v);
                } else if (ints) {
                    b.putInt((int) v);
                } else {
                    b.putFloat(v);
                }
            }
        }
        return b.array();
    }

    @Test
    void fvecsBvecsIvecsRoundTrip(@TempDir Path dir) throws IOException {
        float[][] rows = {{1.5f, -2f, 3f}, {4f, 5f, 6.25f}};
        Path f = dir.resolve("a.fvecs");
        Files.write(f, vecs(new int[] {3, 3}, rows, 4, false));
        VectorMatrix m = VectorReaders.readFvecs(f);
        assertEquals(3, m.dimension());
        assertArrayEquals(new float[] {1.5f, -2f, 3f, 4f, 5f, 6.25f}, m.data());
        Path b = dir.resolve("a.bvecs");
        Files.write(b, vecs(new int[] {2, 2}, new float[][] {{200, 1}, {0, 255}}, 1, false));
        assertArrayEquals(
                new float[] {200, 1, 0, 255}, VectorReaders.readBvecs(b).data());
        Path iv = dir.resolve("gt.ivecs");
        Files.write(iv, vecs(new int[] {2, 2}, new float[][] {{7, 9}, {1, 2}}, 4, true));
        assertArrayEquals(new int[] {7, 9}, VectorReaders.readIvecsRows(iv)[0]);
    }

    @Test
    void badFilesNameTheFileAndRow(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.fvecs");
        Files.write(f, vecs(new int[] {3, 2}, new float[][] {{1, 2, 3}, {4, 5}}, 4, false));
        assertEquals(
                f + " row 1: dimension must be 3, actual 2",
                assertThrows(IndexFormatException.class, () -> VectorReaders.readFvecs(f))
                        .getMessage());
        Path n = dir.resolve("nan.fvecs");
        Files.write(n, vecs(new int[] {2, 2}, new float[][] {{1, 2}, {Float.NaN, 5}}, 4, false));
        assertEquals(
                n + " row 1 column 0: value must be finite, actual NaN",
                assertThrows(IllegalArgumentException.class, () -> VectorReaders.readFvecs(n))
                        .getMessage());
        Path t = dir.resolve("trunc.fvecs");
        byte[] good = vecs(new int[] {3}, new float[][] {{1, 2, 3}}, 4, false);
        Files.write(t, java.util.Arrays.copyOf(good, good.length - 2));
        assertEquals(
                t + " row 0: file ends inside the row (truncated)",
                assertThrows(IndexFormatException.class, () -> VectorReaders.readFvecs(t))
                        .getMessage());
        Path c = dir.resolve("bad.csv");
        Files.writeString(c, "id,a,b\n1,0.5,2\n2,x,3\n");
        assertEquals(
                c + " line 3 column 1: value must be a number, actual 'x'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> VectorReaders.readCsv(
                                        c, CsvSpec.defaults().withHeaderLines(1).withIdColumn(0)))
                        .getMessage());
        Path c2 = dir.resolve("short.tsv");
        Files.writeString(c2, "1\t2\n3\n");
        assertEquals(
                c2 + " line 2: vector dimension must be 2, actual 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> VectorReaders.readCsv(
                                        c2, CsvSpec.defaults().withDelimiter('\t')))
                        .getMessage());
    }

    @Test
    void csvWithIdsAndIgnoredColumns(@TempDir Path dir) throws IOException {
        Path c = dir.resolve("v.csv");
        Files.writeString(c, "id,a,label,b\n42,0.5,9,2\n43,1,8,-3\n");
        VectorMatrix m = VectorReaders.readCsv(
                c, CsvSpec.defaults().withHeaderLines(1).withIdColumn(0).withIgnoredColumns(2));
        assertArrayEquals(new long[] {42, 43}, m.ids());
        assertArrayEquals(new float[] {0.5f, 2f, 1f, -3f}, m.data());
    }

    @Test
    void mnistIdxAndDigitsCsv() {
        Path data = TestData.sharedData();
        VectorMatrix mnist = VectorReaders.readIdx(data.resolve("mnist-t10k/t10k-images-idx3-ubyte.gz"));
        assertEquals(10_000, mnist.size());
        assertEquals(784, mnist.dimension());
        float max = 0;
        for (float v : mnist.data()) {
            max = Math.max(max, v);
        }
        assertEquals(255f, max);
        VectorMatrix labels = VectorReaders.readIdx(data.resolve("mnist-t10k/t10k-labels-idx1-ubyte.gz"));
        assertEquals(10_000, labels.size());
        assertEquals(1, labels.dimension());
        assertEquals(7f, labels.get(0, 0), "the first t10k label is a 7");
        VectorMatrix digits = TestData.digits();
        assertEquals(1797, digits.size());
        assertEquals(64, digits.dimension());
    }
}
