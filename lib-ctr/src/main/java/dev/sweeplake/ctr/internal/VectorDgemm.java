package dev.sweeplake.ctr.internal;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * dgemm on the Java Vector API ({@code --add-modules jdk.incubator.vector}) for large square-ish products (EASE's
 * blocked inverse): the double-precision sibling of {@link VectorGemm}'s micro-kernel (an 8 x 6 block of C in 12
 * 256-bit registers, 12 fused multiply-adds per step of k) inside the usual three-level blocking: per {@link #NC}
 * columns and {@link #KC} steps of k, {@code op(B)} is packed once into k-major panels of {@link #NR} columns; per
 * {@link #MC} rows, {@code alpha op(A)} is packed into panels of {@link #MR} rows (a block that stays in L2 while
 * every B panel passes). Transposed operands cost only the packing copy.
 *
 * <p>The summation order depends only on the shapes (never on timing or threads), so results are deterministic.
 *
 * <p>Thread-safety: stateless apart from per-thread packing scratch; safe from any number of threads on disjoint
 * parts of C. Loaded only when {@code jdk.incubator.vector} is present (see {@link DgemmProvider}).
 */
final class VectorDgemm implements Dgemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = S.length();
    /** Rows of C per micro-kernel: two vectors. */
    static final int MR = 2 * L;
    /** Columns of C per micro-kernel. */
    static final int NR = 6;
    /** Block of k. */
    static final int KC = 256;
    /** Rows of A per packed block: MC x KC doubles = 192 KiB. */
    static final int MC = 96;
    /** Columns of B per packed block: KC x NC doubles = 3 MiB. */
    static final int NC = 1536;

    private static final ThreadLocal<double[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new double[][] {new double[MC * KC], new double[0], new double[MR * NR]});

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void dgemm(
            boolean transA,
            boolean transB,
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
        scale(m, n, beta, c, co, ldc);
        if (m == 0 || n == 0 || k == 0 || alpha == 0) {
            return;
        }
        double[][] scratch = SCRATCH.get();
        double[] ap = scratch[0];
        double[] tmp = scratch[2];
        int ncMax = Math.min(NC, n);
        int bNeed = ((ncMax + NR - 1) / NR) * NR * Math.min(KC, k);
        if (scratch[1].length < bNeed) {
            scratch[1] = new double[bNeed];
        }
        double[] bp = scratch[1];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bo, ldb, jc, nc, pc, kc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, alpha, a, ao, lda, ic, mc, pc, kc, ap);
                    for (int jp = 0; jp * NR < nc; jp++) {
                        int j0 = jc + jp * NR;
                        int nr = Math.min(NR, nc - jp * NR);
                        int bOff = jp * kc * NR;
                        for (int q = 0; q * MR < mc; q++) {
                            int i0 = ic + q * MR;
                            int mr = Math.min(MR, mc - q * MR);
                            int cOff = co + j0 * ldc + i0;
                            if (mr == MR && nr == NR) {
                                kernel(ap, q * MR * kc, bp, bOff, kc, c, cOff, ldc);
                            } else {
                                Arrays.fill(tmp, 0.0);
                                kernel(ap, q * MR * kc, bp, bOff, kc, tmp, 0, MR);
                                for (int jj = 0; jj < nr; jj++) {
                                    for (int ii = 0; ii < mr; ii++) {
                                        c[cOff + jj * ldc + ii] += tmp[jj * MR + ii];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void scale(int m, int n, double beta, double[] c, int co, int ldc) {
        if (beta == 1.0) {
            return;
        }
        for (int j = 0; j < n; j++) {
            int cj = co + j * ldc;
            if (beta == 0.0) {
                Arrays.fill(c, cj, cj + m, 0.0);
            } else {
                for (int i = 0; i < m; i++) {
                    c[cj + i] *= beta;
                }
            }
        }
    }

    /** ap[q * MR * kc + p * MR + r] = alpha op(A)(ic + q * MR + r, pc + p), rows past mc zero. */
    private static void packA(
            boolean transA, double alpha, double[] a, int ao, int lda, int ic, int mc, int pc, int kc, double[] ap) {
        int panels = (mc + MR - 1) / MR;
        for (int q = 0; q < panels; q++) {
            int i0 = ic + q * MR;
            int mr = Math.min(MR, mc - q * MR);
            int base = q * MR * kc;
            if (mr < MR) {
                Arrays.fill(ap, base, base + kc * MR, 0.0);
            }
            if (!transA) {
                for (int p = 0; p < kc; p++) {
                    int src = ao + (pc + p) * lda + i0;
                    int dst = base + p * MR;
                    for (int r = 0; r < mr; r++) {
                        ap[dst + r] = alpha * a[src + r];
                    }
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    int src = ao + (i0 + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = alpha * a[src + p];
                    }
                }
            }
        }
    }

    /** bp[jp * kc * NR + p * NR + j] = op(B)(pc + p, jc + jp * NR + j), columns past nc zero. */
    private static void packB(
            boolean transB, double[] b, int bo, int ldb, int jc, int nc, int pc, int kc, double[] bp) {
        int panels = (nc + NR - 1) / NR;
        for (int jp = 0; jp < panels; jp++) {
            int base = jp * kc * NR;
            int nr = Math.min(NR, nc - jp * NR);
            if (nr < NR) {
                Arrays.fill(bp, base, base + kc * NR, 0.0);
            }
            int j0 = jc + jp * NR;
            if (!transB) {
                for (int j = 0; j < nr; j++) {
                    int src = bo + (j0 + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * NR + j] = b[src + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bo + (pc + p) * ldb + j0;
                    for (int j = 0; j < nr; j++) {
                        bp[base + p * NR + j] = b[src + j];
                    }
                }
            }
        }
    }

    /** C[co + j * ldc + r] += sum_p ap[ao + p * MR + r] * bp[bo + p * NR + j] for r < MR, j < NR. */
    private static void kernel(double[] ap, int ao, double[] bp, int bo, int kc, double[] c, int co, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c02 = DoubleVector.zero(S);
        DoubleVector c12 = DoubleVector.zero(S);
        DoubleVector c03 = DoubleVector.zero(S);
        DoubleVector c13 = DoubleVector.zero(S);
        DoubleVector c04 = DoubleVector.zero(S);
        DoubleVector c14 = DoubleVector.zero(S);
        DoubleVector c05 = DoubleVector.zero(S);
        DoubleVector c15 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int a0 = ao + p * MR;
            int b0 = bo + p * NR;
            DoubleVector x0 = DoubleVector.fromArray(S, ap, a0);
            DoubleVector x1 = DoubleVector.fromArray(S, ap, a0 + L);
            DoubleVector y0 = DoubleVector.broadcast(S, bp[b0]);
            c00 = x0.fma(y0, c00);
            c10 = x1.fma(y0, c10);
            DoubleVector y1 = DoubleVector.broadcast(S, bp[b0 + 1]);
            c01 = x0.fma(y1, c01);
            c11 = x1.fma(y1, c11);
            DoubleVector y2 = DoubleVector.broadcast(S, bp[b0 + 2]);
            c02 = x0.fma(y2, c02);
            c12 = x1.fma(y2, c12);
            DoubleVector y3 = DoubleVector.broadcast(S, bp[b0 + 3]);
            c03 = x0.fma(y3, c03);
            c13 = x1.fma(y3, c13);
            DoubleVector y4 = DoubleVector.broadcast(S, bp[b0 + 4]);
            c04 = x0.fma(y4, c04);
            c14 = x1.fma(y4, c14);
            DoubleVector y5 = DoubleVector.broadcast(S, bp[b0 + 5]);
            c05 = x0.fma(y5, c05);
            c15 = x1.fma(y5, c15);
        }
        c00.add(DoubleVector.fromArray(S, c, co)).intoArray(c, co);
        c10.add(DoubleVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        c01.add(DoubleVector.fromArray(S, c, co + 1 * ldc)).intoArray(c, co + 1 * ldc);
        c11.add(DoubleVector.fromArray(S, c, co + 1 * ldc + L)).intoArray(c, co + 1 * ldc + L);
        c02.add(DoubleVector.fromArray(S, c, co + 2 * ldc)).intoArray(c, co + 2 * ldc);
        c12.add(DoubleVector.fromArray(S, c, co + 2 * ldc + L)).intoArray(c, co + 2 * ldc + L);
        c03.add(DoubleVector.fromArray(S, c, co + 3 * ldc)).intoArray(c, co + 3 * ldc);
        c13.add(DoubleVector.fromArray(S, c, co + 3 * ldc + L)).intoArray(c, co + 3 * ldc + L);
        c04.add(DoubleVector.fromArray(S, c, co + 4 * ldc)).intoArray(c, co + 4 * ldc);
        c14.add(DoubleVector.fromArray(S, c, co + 4 * ldc + L)).intoArray(c, co + 4 * ldc + L);
        c05.add(DoubleVector.fromArray(S, c, co + 5 * ldc)).intoArray(c, co + 5 * ldc);
        c15.add(DoubleVector.fromArray(S, c, co + 5 * ldc + L)).intoArray(c, co + 5 * ldc + L);
    }
}
