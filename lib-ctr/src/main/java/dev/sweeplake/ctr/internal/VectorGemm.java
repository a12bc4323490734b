package dev.sweeplake.ctr.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * sgemm on the Java Vector API ({@code --add-modules jdk.incubator.vector}), written for the shapes of the dense
 * layers: a register-blocked outer-product micro-kernel over packed panels, the same way for all three cases (NN
 * forward, NT weight gradient, TN input gradient). Per block of {@link #KC} along k, {@code op(A)} is copied into
 * contiguous panels of {@link #MR} rows and, per {@link #NR} columns, {@code op(B)} into a k-major panel (zero-padded
 * at the edges), so a transposed operand costs only the copy (O(m k + k n) against the O(m n k) product). The
 * micro-kernel keeps a 16 x 6 block of C in 12 AVX2 registers and does 12 fused multiply-adds per step of k, with
 * constant offsets into both panels. netlib's {@code VectorBLAS} computes each element of C as a dot product instead
 * (a horizontal lane reduction per element and k block).
 *
 * <p>Measured on the DeepFM shapes (400x512x400 NN/TN, 400x400x512 NT, 400x512x60 ...), one core of the shared
 * 2-core EPYC, best of 12 under load: 57-84 GFLOP/s, against 16-47 for {@code VectorBLAS}.
 *
 * <p>What C2 (JDK 17) needs to keep this fast, found by measurement: every Vector API call inlined (small methods,
 * no helper for the final loads/stores of C: with one, the kernel ran at a third of the speed), constant offsets into
 * the B panel (reading B in place with a stride cost about 20%), and no more than 12 accumulators (3 x 4 spills).
 *
 * <p>The summation order depends only on the shapes (never on timing or threads), so results are deterministic.
 *
 * <p>Thread-safety: stateless apart from per-thread packing scratch; safe from any number of threads. Loaded only
 * when {@code jdk.incubator.vector} is present (see {@link GemmProvider}).
 */
final class VectorGemm implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    /** Rows of C per micro-kernel: two vectors. */
    static final int MR = 2 * L;
    /** Columns of C per micro-kernel: 2 x 6 vector accumulators. */
    static final int NR = 6;
    /** Block of k: a packed m x KC block of A stays in L2 while all columns pass. */
    static final int KC = 256;

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[KC * NR], new float[MR * NR]});

    /** Whether the CPU's preferred float vector is at least as wide as {@link #S}, the species the kernel is blocked for. */
    static boolean wideVectors() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= S.vectorBitSize();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void sgemm(
            boolean transA,
            boolean transB,
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
        scale(m, n, beta, c, ldc);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (m == 1) {
            rowTimesMatrix(transA, transB, n, k, a, lda, b, ldb, c, ldc);
            return;
        }
        if (k == 1) {
            outerProduct(transA, transB, m, n, a, lda, b, ldb, c, ldc);
            return;
        }
        float[][] scratch = SCRATCH.get();
        int panels = (m + MR - 1) / MR;
        int need = panels * MR * Math.min(k, KC);
        if (scratch[0].length < need) {
            scratch[0] = new float[need];
        }
        float[] ap = scratch[0];
        float[] bp = scratch[1];
        float[] tmp = scratch[2];
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            packA(transA, a, lda, m, p0, kc, ap);
            for (int j0 = 0; j0 < n; j0 += NR) {
                int nr = Math.min(NR, n - j0);
                packB(transB, b, ldb, j0, nr, p0, kc, bp);
                for (int q = 0; q < panels; q++) {
                    int i0 = q * MR;
                    int mr = Math.min(MR, m - i0);
                    int co = j0 * ldc + i0;
                    if (mr == MR && nr == NR) {
                        kernel(ap, q * MR * kc, bp, kc, c, co, ldc);
                    } else {
                        java.util.Arrays.fill(tmp, 0f);
                        kernel(ap, q * MR * kc, bp, kc, tmp, 0, MR);
                        for (int jj = 0; jj < nr; jj++) {
                            for (int ii = 0; ii < mr; ii++) {
                                c[co + jj * ldc + ii] += tmp[jj * MR + ii];
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void reluBiasBackward(int n, int out, float[] dy, float[] y, float[] gb) {
        FloatVector zero = FloatVector.zero(S);
        int end = S.loopBound(out);
        for (int k = 0; k < n; k++) {
            int o = k * out;
            int i = 0;
            for (; i < end; i += L) {
                FloatVector v = FloatVector.fromArray(S, dy, o + i);
                v = zero.blend(
                        v, FloatVector.fromArray(S, y, o + i).compare(jdk.incubator.vector.VectorOperators.GT, 0f));
                v.intoArray(dy, o + i);
                FloatVector.fromArray(S, gb, i).add(v).intoArray(gb, i);
            }
            for (; i < out; i++) {
                float v = y[o + i] > 0 ? dy[o + i] : 0f;
                dy[o + i] = v;
                gb[i] += v;
            }
        }
    }

    /**
     * {@code m == 1} (a layer with one output, e.g. DeepFM's logit): one row of C, a dot product per column when
     * {@code op(B)}'s columns are contiguous, else rows of {@code op(B)} added with their A weight. The register
     * kernel would pad the row to {@link #MR} and do 16 times the work (measured 1-2 GFLOP/s on these shapes).
     */
    private static void rowTimesMatrix(
            boolean transA, boolean transB, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        int sa = transA ? 1 : lda; // op(A)(0, p) = a[p * sa]
        if (!transB) {
            for (int j = 0; j < n; j++) {
                c[j * ldc] += sa == 1 ? dot(a, b, j * ldb, k) : dotStrided(a, sa, b, j * ldb, k);
            }
        } else {
            for (int p = 0; p < k; p++) {
                axpy(a[p * sa], b, p * ldb, c, 0, ldc, n);
            }
        }
    }

    /** {@code k == 1}: C += op(A)(:, 0) op(B)(0, :), one scaled copy of A's column per column of C. */
    private static void outerProduct(
            boolean transA, boolean transB, int m, int n, float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        int sa = transA ? lda : 1; // op(A)(i, 0) = a[i * sa]
        int sb = transB ? 1 : ldb; // op(B)(0, j) = b[j * sb]
        for (int j = 0; j < n; j++) {
            float bj = b[j * sb];
            if (sa == 1) {
                axpy(bj, a, 0, c, j * ldc, 1, m);
            } else {
                for (int i = 0; i < m; i++) {
                    c[j * ldc + i] += a[i * sa] * bj;
                }
            }
        }
    }

    /** sum_p x[p] y[yo + p], lanes first then the tail: a fixed order for a given k. */
    private static float dot(float[] x, float[] y, int yo, int k) {
        FloatVector acc = FloatVector.zero(S);
        int p = 0;
        for (int end = S.loopBound(k); p < end; p += L) {
            acc = FloatVector.fromArray(S, x, p).fma(FloatVector.fromArray(S, y, yo + p), acc);
        }
        float s = acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; p < k; p++) {
            s += x[p] * y[yo + p];
        }
        return s;
    }

    private static float dotStrided(float[] x, int sx, float[] y, int yo, int k) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
            s += x[p * sx] * y[yo + p];
        }
        return s;
    }

    /** y[yo + i * sy] += alpha x[xo + i] for i < len. */
    private static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int sy, int len) {
        int i = 0;
        if (sy == 1) {
            FloatVector av = FloatVector.broadcast(S, alpha);
            for (int end = S.loopBound(len); i < end; i += L) {
                FloatVector.fromArray(S, x, xo + i)
                        .fma(av, FloatVector.fromArray(S, y, yo + i))
                        .intoArray(y, yo + i);
            }
        }
        for (; i < len; i++) {
            y[yo + i * sy] += alpha * x[xo + i];
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int j = 0; j < n; j++) {
            int cj = j * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, cj, cj + m, 0f);
            } else {
                for (int i = 0; i < m; i++) {
                    c[cj + i] *= beta;
                }
            }
        }
    }

    /** ap[q * MR * kc + p * MR + r] = op(A)(q * MR + r, p0 + p), rows past m zero. */
    private static void packA(boolean transA, float[] a, int lda, int m, int p0, int kc, float[] ap) {
        int panels = (m + MR - 1) / MR;
        for (int q = 0; q < panels; q++) {
            int i0 = q * MR;
            int mr = Math.min(MR, m - i0);
            int base = q * MR * kc;
            if (!transA) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * MR;
                    System.arraycopy(a, (p0 + p) * lda + i0, ap, dst, mr);
                    if (mr < MR) {
                        java.util.Arrays.fill(ap, dst + mr, dst + MR, 0f);
                    }
                }
            } else {
                if (mr < MR) {
                    java.util.Arrays.fill(ap, base, base + kc * MR, 0f);
                }
                for (int r = 0; r < mr; r++) {
                    int src = (i0 + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[src + p];
                    }
                }
            }
        }
    }

    /** bp[p * NR + j] = op(B)(p0 + p, j0 + j), columns past nr zero. */
    private static void packB(boolean transB, float[] b, int ldb, int j0, int nr, int p0, int kc, float[] bp) {
        if (nr < NR) {
            java.util.Arrays.fill(bp, 0, kc * NR, 0f);
        }
        if (!transB) {
            for (int j = 0; j < nr; j++) {
                int src = (j0 + j) * ldb + p0;
                for (int p = 0; p < kc; p++) {
                    bp[p * NR + j] = b[src + p];
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int src = (p0 + p) * ldb + j0;
                for (int j = 0; j < nr; j++) {
                    bp[p * NR + j] = b[src + j];
                }
            }
        }
    }

    /** C[co + j * ldc + r] += sum_p ap[ao + p * MR + r] * bp[p * NR + j] for r < MR, j < NR. */
    private static void kernel(float[] ap, int ao, float[] bp, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        FloatVector c04 = FloatVector.zero(S);
        FloatVector c14 = FloatVector.zero(S);
        FloatVector c05 = FloatVector.zero(S);
        FloatVector c15 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int a0 = ao + p * MR;
            int b0 = p * NR;
            FloatVector x0 = FloatVector.fromArray(S, ap, a0);
            FloatVector x1 = FloatVector.fromArray(S, ap, a0 + L);
            FloatVector y0 = FloatVector.broadcast(S, bp[b0]);
            c00 = x0.fma(y0, c00);
            c10 = x1.fma(y0, c10);
            FloatVector y1 = FloatVector.broadcast(S, bp[b0 + 1]);
            c01 = x0.fma(y1, c01);
            c11 = x1.fma(y1, c11);
            FloatVector y2 = FloatVector.broadcast(S, bp[b0 + 2]);
            c02 = x0.fma(y2, c02);
            c12 = x1.fma(y2, c12);
            FloatVector y3 = FloatVector.broadcast(S, bp[b0 + 3]);
            c03 = x0.fma(y3, c03);
            c13 = x1.fma(y3, c13);
            FloatVector y4 = FloatVector.broadcast(S, bp[b0 + 4]);
            c04 = x0.fma(y4, c04);
            c14 = x1.fma(y4, c14);
            FloatVector y5 = FloatVector.broadcast(S, bp[b0 + 5]);
            c05 = x0.fma(y5, c05);
            c15 = x1.fma(y5, c15);
        }
        c00.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c10.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        c01.add(FloatVector.fromArray(S, c, co + 1 * ldc)).intoArray(c, co + 1 * ldc);
        c11.add(FloatVector.fromArray(S, c, co + 1 * ldc + L)).intoArray(c, co + 1 * ldc + L);
        c02.add(FloatVector.fromArray(S, c, co + 2 * ldc)).intoArray(c, co + 2 * ldc);
        c12.add(FloatVector.fromArray(S, c, co + 2 * ldc + L)).intoArray(c, co + 2 * ldc + L);
        c03.add(FloatVector.fromArray(S, c, co + 3 * ldc)).intoArray(c, co + 3 * ldc);
        c13.add(FloatVector.fromArray(S, c, co + 3 * ldc + L)).intoArray(c, co + 3 * ldc + L);
        c04.add(FloatVector.fromArray(S, c, co + 4 * ldc)).intoArray(c, co + 4 * ldc);
        c14.add(FloatVector.fromArray(S, c, co + 4 * ldc + L)).intoArray(c, co + 4 * ldc + L);
        c05.add(FloatVector.fromArray(S, c, co + 5 * ldc)).intoArray(c, co + 5 * ldc);
        c15.add(FloatVector.fromArray(S, c, co + 5 * ldc + L)).intoArray(c, co + 5 * ldc + L);
    }
}
