package dev.sweeplake.jobs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.testing.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generators' parameters and pure row functions, without Spark: bad input fails before any work. */
class DataGenParamsTest {

    private static void assertRefused(int code, String expected, String... sets) {
        String[] args = new String[3 + 2 * sets.length];
        args[0] = "data";
        args[1] = "gen";
        args[2] = "--verbose";
        for (int i = 0; i < sets.length; i++) {
            args[3 + 2 * i] = "--set";
            args[4 + 2 * i] = sets[i];
        }
        CliRunner.Outcome o = CliRunner.run(args);
        assertEquals(code, o.code(), o.err());
        assertTrue(o.err().contains(expected), "expected '" + expected + "' in: " + o.err());
        assertFalse(o.err().contains("SparkContext"), "Spark must not start for bad parameters: " + o.err());
    }

    @Test
    void badSizesDimensionsAndCardinalitiesAreRefusedBeforeSpark() {
        assertRefused(3, "config key 'vectors.rows': expected an integer in [1, 2000000000], got 0", "vectors.rows=0");
        assertRefused(
                3, "config key 'vectors.dimension': expected an integer in [1, 65536], got 0", "vectors.dimension=0");
        assertRefused(
                3,
                "config key 'vectors.intrinsic_dimension': expected an integer in [1, dimension 8], got 9",
                "vectors.dimension=8",
                "vectors.intrinsic_dimension=9");
        assertRefused(
                3, "config key 'vectors.clusters': expected an integer in [1, 10000000], got 0", "vectors.clusters=0");
        assertRefused(
                3,
                "config key 'ctr.cardinalities': expected every cardinality in [2, 1073741824], got 1 at index 1"
                        + " (field C2)",
                "kind=ctr",
                "ctr.cardinalities=[10,1,5]");
        assertRefused(
                3,
                "config key 'ctr.cardinalities': expected every cardinality in [2, 1073741824], got 2000000000",
                "kind=ctr",
                "ctr.cardinalities=[2000000000]");
        assertRefused(
                3,
                "config key 'ctr.train_rows': expected an integer in [1, 2000000000], got -5",
                "kind=ctr",
                "ctr.train_rows=-5");
        assertRefused(
                3,
                "config key 'ctr.zipf_exponent': expected a number in [0.1, 5.0], got 0.0",
                "kind=ctr",
                "ctr.zipf_exponent=0");
        assertRefused(
                3,
                "config key 'formats': expected names from [parquet] for kind ctr, got 'fvecs'",
                "kind=ctr",
                "formats=[fvecs]");
        assertRefused(3, "config key 'partitions': expected an integer in [0, 100000], got -1", "partitions=-1");
    }

    @Test
    void existingOutputAndRemoteFvecsAreRefusedBeforeSpark(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("exists"));
        assertRefused(
                4,
                "output: " + out + " must not exist (set overwrite: true to replace it), actual exists",
                "output=" + out);
        assertRefused(4, "output: fvecs and arrow need a local path", "output=s3a://bucket/x", "formats=[fvecs]");
    }

    @Test
    void vectorsDependOnlyOnSeedAndRowAndLieNearTheSubspace() {
        DataGenConfig.VectorGen p = new DataGenConfig.VectorGen(1000, 10, 32, 3, 5, 0.3, 1.0, 0.0);
        ClusteredVectors a = new ClusteredVectors(p, 7);
        ClusteredVectors b = new ClusteredVectors(p, 7);
        ClusteredVectors c = new ClusteredVectors(p, 8);
        float[] va = new float[32];
        float[] vb = new float[32];
        float[] vc = new float[32];
        a.base(123, va);
        b.base(123, vb);
        c.base(123, vc);
        assertArrayEquals(va, vb);
        assertFalse(java.util.Arrays.equals(va, vc));
        a.query(123, vb);
        assertFalse(java.util.Arrays.equals(va, vb), "queries are drawn independently of the base");
        // Without noise, any 4 vectors are linearly dependent in a 3-dimensional subspace: the 4x4 Gram determinant is
        // 0
        // relative to the product of the norms.
        double[][] v = new double[4][32];
        for (int i = 0; i < 4; i++) {
            a.base(i * 101L, va);
            for (int j = 0; j < 32; j++) {
                v[i][j] = va[j];
            }
        }
        double[][] gram = new double[4][4];
        double norms = 1;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                for (int t = 0; t < 32; t++) {
                    gram[i][j] += v[i][t] * v[j][t];
                }
            }
            norms *= gram[i][i];
        }
        assertTrue(Math.abs(det(gram)) / norms < 1e-5, "gram determinant " + det(gram) + " vs " + norms);
    }

    private static double det(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = m[i].clone();
        }
        double d = 1;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            if (a[piv][c] == 0) {
                return 0;
            }
            if (piv != c) {
                double[] t = a[piv];
                a[piv] = a[c];
                a[c] = t;
                d = -d;
            }
            d *= a[c][c];
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        return d;
    }

    @Test
    void criteoRowsAreZipfDistributedWithDistinctTokensAndAPlantedSignal() {
        DataGenConfig.CtrGen p =
                new DataGenConfig.CtrGen(10, 10, 10, 13, List.of(1000, 3, 5_000_000), 1.1, -1.3, 0.25, 0.3, 4, 0.08);
        CriteoShaped g = new CriteoShaped(p, 1);
        CriteoShaped.Row r = g.newRow();
        int[] counts = new int[1000];
        int positives = 0;
        int n = 20_000;
        Set<Integer> bigField = new HashSet<>();
        for (int i = 0; i < n; i++) {
            g.row(0, i, r);
            counts[r.ranks[0]]++;
            assertTrue(r.ranks[1] >= 0 && r.ranks[1] < 3);
            assertTrue(r.ranks[2] >= 0 && r.ranks[2] < 5_000_000);
            bigField.add(r.ranks[2]);
            positives += r.label;
            assertTrue(r.p > 0 && r.p < 1);
            for (double x : r.numerics) {
                assertTrue(x >= 0 && x == Math.floor(x), "count-like numeric " + x);
            }
        }
        assertTrue(
                counts[0] > counts[9] && counts[9] > counts[99],
                "Zipf head " + counts[0] + " " + counts[9] + " " + counts[99]);
        assertTrue(bigField.size() > n / 4, "a 5M-value field has a long tail: " + bigField.size() + " distinct");
        double rate = positives / (double) n;
        assertTrue(rate > 0.15 && rate < 0.45, "positive rate " + rate);
        // tokens are a bijection of the rank within a field
        Set<String> tokens = new HashSet<>();
        for (int k = 0; k < 10_000; k++) {
            tokens.add(CriteoShaped.token(2, k));
        }
        assertEquals(10_000, tokens.size());
        // same (seed, split, row) -> same row; another split -> another row
        CriteoShaped.Row x = g.newRow();
        CriteoShaped.Row y = g.newRow();
        new CriteoShaped(p, 1).row(2, 77, x);
        g.row(2, 77, y);
        assertArrayEquals(x.tokens, y.tokens);
        assertEquals(x.p, y.p);
        g.row(1, 77, y);
        assertFalse(java.util.Arrays.equals(x.tokens, y.tokens) && x.p == y.p);
    }

    @Test
    void zipfRankStaysInRangeAtTheExtremes() {
        assertEquals(0, CriteoShaped.zipfRank(2, 1.1, 0.0));
        assertEquals(1, CriteoShaped.zipfRank(2, 1.1, 0.999999999));
        assertEquals(0, CriteoShaped.zipfRank(1 << 30, 1.0, 0.0));
        assertEquals((1 << 30) - 1, CriteoShaped.zipfRank(1 << 30, 0.1, 0.9999999999999));
    }
}
