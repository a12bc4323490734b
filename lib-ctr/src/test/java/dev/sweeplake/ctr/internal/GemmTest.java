package dev.sweeplake.ctr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** All kernels against a naive triple loop, with odd sizes and all three shapes the layers use. */
class GemmTest {
    static void naive(
            boolean ta,
            boolean tb,
            int m,
            int n,
            int k,
            float[] a,
            int lda,
            float[] b,
            int ldb,
            float beta,
            float[] c,
            int ldc) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = ta ? a[i * lda + p] : a[p * lda + i];
                    float bv = tb ? b[p * ldb + j] : b[j * ldb + p];
                    s += av * bv;
                }
                c[j * ldc + i] = (float) (s + beta * c[j * ldc + i]);
            }
        }
    }

    @Test
    void kernelsMatchNaiveProduct() {
        SplittableRandom r = new SplittableRandom(3);
        Gemm[] kernels = {new JavaGemm(), new NetlibGemm(false), GemmProvider.vectorGemm(), GemmProvider.get()};
        // odd sizes, partial register tiles, k past VectorGemm's k block (256), layer-like shapes
        int[][] shapes = {
            {7, 13, 5},
            {131, 67, 259},
            {1, 33, 17},
            {64, 1, 9},
            {16, 4, 1},
            {33, 10, 600},
            {60, 37, 400},
            {400, 61, 60},
            // one-output layers (VectorGemm's row and outer-product paths): lane multiples and tails
            {1, 512, 400},
            {1, 400, 512},
            {1, 9, 3},
            {400, 64, 1},
            {37, 5, 1}
        };
        for (Gemm g : kernels) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                for (int mode = 0; mode < 3; mode++) {
                    boolean ta = mode == 1;
                    boolean tb = mode == 2;
                    float[] a = rnd(r, m * k);
                    float[] b = rnd(r, k * n);
                    float[] c1 = rnd(r, m * n);
                    float[] c2 = c1.clone();
                    float beta = mode == 0 ? 0f : mode == 1 ? 1f : 0.5f;
                    int lda = ta ? k : m;
                    int ldb = tb ? n : k;
                    g.sgemm(ta, tb, m, n, k, a, lda, b, ldb, beta, c1, m);
                    naive(ta, tb, m, n, k, a, lda, b, ldb, beta, c2, m);
                    for (int i = 0; i < c1.length; i++) {
                        assertEquals(
                                c2[i],
                                c1[i],
                                1e-3f * (1 + Math.abs(c2[i])),
                                g.name() + " mode " + mode + " " + m + "x" + n + "x" + k);
                    }
                }
            }
        }
    }

    @Test
    void vectorReluBiasBackwardEqualsScalarBitForBit() {
        SplittableRandom r = new SplittableRandom(5);
        Gemm scalar = new JavaGemm();
        Gemm vector = GemmProvider.vectorGemm();
        for (int out : new int[] {1, 7, 8, 400, 403}) {
            int n = 13;
            float[] y = rnd(r, n * out);
            for (int i = 0; i < y.length; i += 3) {
                y[i] = 0f; // ReLU outputs: zeros and positives (negatives count as inactive too)
            }
            float[] dy0 = rnd(r, n * out);
            float[] dy1 = dy0.clone();
            float[] dy2 = dy0.clone();
            float[] gb1 = rnd(r, out);
            float[] gb2 = gb1.clone();
            scalar.reluBiasBackward(n, out, dy1, y, gb1);
            vector.reluBiasBackward(n, out, dy2, y, gb2);
            for (int i = 0; i < dy1.length; i++) {
                assertEquals(Float.floatToRawIntBits(dy1[i]), Float.floatToRawIntBits(dy2[i]), "dy " + out + " " + i);
                assertEquals(y[i] > 0 ? dy0[i] : 0f, dy1[i], "dy kept where active, zero elsewhere");
            }
            for (int i = 0; i < out; i++) {
                assertEquals(Float.floatToRawIntBits(gb1[i]), Float.floatToRawIntBits(gb2[i]), "gb " + out + " " + i);
            }
        }
    }

    static float[] rnd(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }
}
