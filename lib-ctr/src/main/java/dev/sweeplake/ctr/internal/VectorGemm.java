package dev.sweeplake.ctr.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * sgemm on the Java Vector API ({@code --add-modules jdk.incubator.vector}), written for the shapes of the dense
 * layers: a register-blocked outer-product micro-kernel over packed panels, the same way for all three cases (NN
 * forward, NT weight gradient, TN input gradient). Per block of {@link #KC} along k, {@code op(A)} is copied into
 * contiguous panels of {@link #MR} rows (so a transposed A costs only the copy, O(m k) against the O(m n k) product);
 * {@code op(B)} is read in place, {@link #NR} scalars per step of k that the kernel broadcasts (only a last, partial
 * group of columns is copied into a zero-padded panel). The micro-kernel keeps an {@code MR x NR} block of C in
 * 2 x NR vector registers and does {@code 2 * NR} fused multiply-adds per step of k. netlib's {@code VectorBLAS}
 * computes each element of C as a dot product instead (a horizontal lane reduction per element and k block) and runs
 * 1.2-3x slower on these shapes (15-46 against 35-60 GFLOP/s single-core, best of 10 on the loaded 2-core machine;
 * the 400x512x60 forward of the first layer is the worst case for it).
 *
 * <p>The summation order depends only on the shapes (never on timing or threads), so results are deterministic.
 * Methods stay small on purpose: C2 must inline every Vector API call of the micro-kernel, or the vectors get boxed
 * and the kernel runs an order of magnitude slower.
 *
 * <p>Thread-safety: stateless apart from per-thread packing scratch; safe from any number of threads. Loaded only
 * when {@code jdk.incubator.vector} is present (see {@link GemmProvider}).
 */
final class VectorGemm implements Gemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int L = S.length();
  /** Rows of C per micro-kernel: two vectors. */
  static final int MR = 2 * L;
  /** Columns of C per micro-kernel. 2 x 4 accumulators: 2 x 5 was no faster, 2 x 6 and 3 x 4 spill under C2. */
  static final int NR = 4;
  /** Block of k: a packed m x KC block of A stays in L2 while all columns pass. */
  static final int KC = 256;

  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
      new float[0], new float[KC * NR], new float[MR * NR]});

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb,
      float beta, float[] c, int ldc) {
    scale(m, n, beta, c, ldc);
    if (m == 0 || n == 0 || k == 0) {
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
        float[] bb;
        int bo;
        int sp;
        int sj;
        if (nr == NR) {
          bb = b;
          bo = transB ? p0 * ldb + j0 : j0 * ldb + p0;
          sp = transB ? ldb : 1;
          sj = transB ? 1 : ldb;
        } else {
          packB(transB, b, ldb, j0, nr, p0, kc, bp);
          bb = bp;
          bo = 0;
          sp = NR;
          sj = 1;
        }
        for (int q = 0; q < panels; q++) {
          int i0 = q * MR;
          int mr = Math.min(MR, m - i0);
          int co = j0 * ldc + i0;
          if (mr == MR && nr == NR) {
            kernel(ap, q * MR * kc, bb, bo, sp, sj, kc, c, co, ldc);
          } else {
            java.util.Arrays.fill(tmp, 0f);
            kernel(ap, q * MR * kc, bb, bo, sp, sj, kc, tmp, 0, MR);
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
        System.arraycopy(b, (p0 + p) * ldb + j0, bp, p * NR, nr);
      }
    }
  }

  /** C[co + j * ldc + r] += sum_p ap[ao + p * MR + r] * b[bo + p * sp + j * sj] for r < MR, j < NR. */
  private static void kernel(float[] ap, int ao, float[] b, int bo, int sp, int sj, int kc, float[] c, int co, int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c02 = FloatVector.zero(S);
    FloatVector c12 = FloatVector.zero(S);
    FloatVector c03 = FloatVector.zero(S);
    FloatVector c13 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      int a0 = ao + p * MR;
      int b0 = bo + p * sp;
      FloatVector x0 = FloatVector.fromArray(S, ap, a0);
      FloatVector x1 = FloatVector.fromArray(S, ap, a0 + L);
      FloatVector y = FloatVector.broadcast(S, b[b0]);
      c00 = x0.fma(y, c00);
      c10 = x1.fma(y, c10);
      y = FloatVector.broadcast(S, b[b0 + 1 * sj]);
      c01 = x0.fma(y, c01);
      c11 = x1.fma(y, c11);
      y = FloatVector.broadcast(S, b[b0 + 2 * sj]);
      c02 = x0.fma(y, c02);
      c12 = x1.fma(y, c12);
      y = FloatVector.broadcast(S, b[b0 + 3 * sj]);
      c03 = x0.fma(y, c03);
      c13 = x1.fma(y, c13);
    }
    addInto(c00, c10, c, co);
    addInto(c01, c11, c, co + ldc);
    addInto(c02, c12, c, co + 2 * ldc);
    addInto(c03, c13, c, co + 3 * ldc);
  }

  private static void addInto(FloatVector lo, FloatVector hi, float[] c, int o) {
    lo.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
    hi.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
  }
}
