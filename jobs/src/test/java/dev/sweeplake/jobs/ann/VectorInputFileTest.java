package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.io.VectorReaders;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Uncompressed fvecs/bvecs/IDX files are read in ranges on the executors, with the driver reader's rows, ids and errors. */
@ExtendWith(SparkExtension.class)
class VectorInputFileTest {
    private static byte[] fvecs(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ByteBuffer b = ByteBuffer.allocate(n * (4 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putInt(dim);
            for (int c = 0; c < dim; c++) {
                b.putFloat((float) r.nextDouble(-1, 1));
            }
        }
        return b.array();
    }

    private static VectorSourceConfig src(String format, Path file) {
        return VectorSourceConfig.defaults().withFormat(format).withPath(file.toString());
    }

    @Test
    void rangesReadOnExecutorsEqualTheDriverReader(SparkSession spark, @TempDir Path dir) throws IOException {
        byte[] bytes = fvecs(101, 7, 3);
        Path file = dir.resolve("v.fvecs");
        Files.write(file, bytes);
        VectorMatrix expected = VectorReaders.readVecs(new ByteArrayInputStream(bytes), "x", 4, false);
        VectorInput.Source s = VectorInput.load(spark, src("fvecs", file).withRows(10, 90), "", 0, 3);
        assertEquals(7, s.dimension());
        VectorMatrix got = AnnBenchJob.collect(s.rows(), 7);
        assertEquals(80, got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(10 + i, got.id(i));
            assertArrayEquals(expected.row(10 + i), got.row(i));
        }
        assertEquals(3, s.rows().rdd().getNumPartitions());
        // MNIST's images un-gzipped: the same vectors as the gzipped file read on the driver
        Path gz = Path.of(
                System.getProperty("sweeplake.shared.data", "../../shared/data"),
                "mnist-t10k",
                "t10k-images-idx3-ubyte.gz");
        if (Files.exists(gz)) {
            Path raw = dir.resolve("images.idx");
            try (var in = VectorReaders.open(gz)) {
                Files.write(raw, in.readAllBytes());
            }
            VectorMatrix a = AnnBenchJob.collect(
                    VectorInput.load(spark, src("idx", raw).withRows(500, 700), "", 784, 2)
                            .rows(),
                    784);
            VectorMatrix b = AnnBenchJob.collect(
                    VectorInput.load(spark, src("idx", gz).withRows(500, 700), "", 784, 2)
                            .rows(),
                    784);
            assertEquals(200, a.size());
            assertArrayEquals(b.ids(), a.ids());
            assertArrayEquals(b.data(), a.data());
        }
    }

    @Test
    void badRowsOfAFileReadOnExecutorsNameTheFileAndRow(SparkSession spark, @TempDir Path dir) throws IOException {
        byte[] bytes = fvecs(40, 4, 5);
        Path cut = dir.resolve("cut.fvecs");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 2));
        assertEquals(
                cut + " row 39: file ends inside the row (truncated)",
                assertThrows(RuntimeException.class, () -> VectorInput.load(spark, src("fvecs", cut), "", 0, 2))
                        .getMessage());
        byte[] nan = bytes.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(33 * 20 + 4 + 2 * 4, Float.NaN);
        Path bad = dir.resolve("nan.fvecs");
        Files.write(bad, nan);
        VectorInput.Source s = VectorInput.load(spark, src("fvecs", bad), "", 4, 4);
        assertEquals(
                bad + " row 33 column 2: value must be finite, actual NaN",
                assertThrows(
                                RuntimeException.class,
                                () -> InputCheck.check(spark, s.rows(), 4, BadRowPolicy.FAIL, "input"))
                        .getMessage());
        assertEquals(
                "fvecs input " + bad + ": vector dimension must be 5 (config key 'dimension'), actual 4",
                assertThrows(RuntimeException.class, () -> VectorInput.load(spark, src("fvecs", bad), "", 5, 2))
                        .getMessage());
    }
}
