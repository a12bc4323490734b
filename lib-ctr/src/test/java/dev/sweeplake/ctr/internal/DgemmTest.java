package dev.sweeplake.ctr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The dgemm kernels against a naive triple loop: odd sizes, both transposes, offsets, alpha and beta, blocks edges. */
class DgemmTest {
    static void naive(
            boolean ta,
            boolean tb,
            int m,
            int n,
            int k,
            double alpha,
            double[] a,
            int ao,
            int lda,
            double[] b,
            int bo,
            int ldb,
            double beta,
            double[] c,
            int co,
            int ldc) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[ao + i * lda + p] : a[ao + p * lda + i];
                    double bv = tb ? b[bo + p * ldb + j] : b[bo + j * ldb + p];
                    s += av * bv;
                }
                c[co + j * ldc + i] = alpha * s + beta * c[co + j * ldc + i];
            }
        }
    }

    @Test
    void kernelsMatchNaiveProduct() {
        SplittableRandom r = new SplittableRandom(11);
        Dgemm[] kernels = {DgemmProvider.vector(), new NetlibDgemm(false), DgemmProvider.get()};
        // partial 8 x 6 register tiles, k past the k block (256), m past the row block (96), n past a column block
        int[][] shapes = {{7, 13, 5}, {131, 67, 259}, {1, 33, 17}, {97, 1, 9}, {8, 6, 1}, {200, 1600, 40}, {33, 10, 600}
        };
        for (Dgemm g : kernels) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                for (int mode = 0; mode < 4; mode++) {
                    boolean ta = (mode & 1) != 0;
                    boolean tb = (mode & 2) != 0;
                    // leading dimensions larger than the operand, and offsets into every array
                    int lda = (ta ? k : m) + 3;
                    int ldb = (tb ? n : k) + 2;
                    int ldc = m + 1;
                    int ao = 5;
                    int bo = 2;
                    int co = 3;
                    double[] a = rnd(r, ao + lda * (ta ? m : k));
                    double[] b = rnd(r, bo + ldb * (tb ? k : n));
                    double[] c1 = rnd(r, co + ldc * n);
                    double[] c2 = c1.clone();
                    double alpha = mode == 3 ? -0.5 : 1.0;
                    double beta = mode == 0 ? 0.0 : mode == 1 ? 1.0 : 0.25;
                    g.dgemm(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c1, co, ldc);
                    naive(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c2, co, ldc);
                    for (int i = 0; i < c1.length; i++) {
                        assertEquals(
                                c2[i],
                                c1[i],
                                1e-12 * (k + Math.abs(c2[i])),
                                g.name() + " mode " + mode + " " + m + "x" + n + "x" + k + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void subBlocksThatEndAtTheArraysEnd() {
        // the lower-right block of square arrays (no padding after it): netlib 3.0.3's whole-column bounds check
        // would refuse it, NetlibDgemm copies; every kernel must give the naive product
        SplittableRandom r = new SplittableRandom(12);
        int n = 50;
        int i0 = 17;
        int j0 = 20;
        for (Dgemm g : new Dgemm[] {DgemmProvider.vector(), new NetlibDgemm(false), new NetlibDgemm(true)}) {
            for (int mode = 0; mode < 4; mode++) {
                boolean ta = (mode & 1) != 0;
                boolean tb = (mode & 2) != 0;
                double[] a = rnd(r, n * n);
                double[] b = rnd(r, n * n);
                double[] c1 = rnd(r, n * n);
                double[] c2 = c1.clone();
                int m = n - i0;
                int cols = n - j0;
                int k = n - 5;
                int ao = ta ? i0 * n + 5 : 5 * n + i0;
                int bo = tb ? 5 * n + j0 : j0 * n + 5;
                int co = j0 * n + i0;
                g.dgemm(ta, tb, m, cols, k, 1.5, a, ao, n, b, bo, n, 0.5, c1, co, n);
                naive(ta, tb, m, cols, k, 1.5, a, ao, n, b, bo, n, 0.5, c2, co, n);
                for (int i = 0; i < c1.length; i++) {
                    assertEquals(c2[i], c1[i], 1e-12 * (k + Math.abs(c2[i])), g.name() + " mode " + mode + " at " + i);
                }
            }
        }
    }

    @Test
    void providerNamesTheChoicesForABadValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DgemmProvider.choose("fast"));
        assertTrue(e.getMessage().contains("auto, native, vector, java, got 'fast'"), e.getMessage());
        assertEquals("vector", DgemmProvider.choose("vector").name());
        assertTrue(DgemmProvider.choose("java").name().startsWith("netlib:"));
    }

    static double[] rnd(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble() * 2 - 1;
        }
        return a;
    }
}
