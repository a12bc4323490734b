package dev.sweeplake.ctr.internal;

/**
 * Plain-Java blocked sgemm for the three shapes the dense layers use (NN forward, TN input gradient, NT weight
 * gradient). Inner loops are unit-stride multiply-adds over a column so that C2 auto-vectorises them; TN is done by
 * transposing A into per-call scratch (A is a weight matrix, small next to the batch) so that it becomes NN.
 *
 * <p>Thread-safety: stateless; safe from any number of threads.
 */
public final class JavaGemm implements Gemm {
    private static final int KB = 128;
    private static final int NB = 64;

    @Override
    public String name() {
        return "java";
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
        if (transA && transB) {
            throw new UnsupportedOperationException("TT not needed");
        }
        if (transA) {
            // A is stored k x m; make it m x k column-major.
            float[] at = new float[m * k];
            for (int i = 0; i < m; i++) {
                int src = i * lda;
                for (int p = 0; p < k; p++) {
                    at[p * m + i] = a[src + p];
                }
            }
            nn(m, n, k, at, m, b, ldb, c, ldc);
        } else if (transB) {
            nt(m, n, k, a, lda, b, ldb, c, ldc);
        } else {
            nn(m, n, k, a, lda, b, ldb, c, ldc);
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int j = 0; j < n; j++) {
            int cj = j * ldc;
            for (int i = 0; i < m; i++) {
                c[cj + i] = beta == 0f ? 0f : beta * c[cj + i];
            }
        }
    }

    /** C(m x n) += A(m x k) B(k x n); blocks of k keep a panel of A in cache while all columns of B pass. */
    private static void nn(int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        for (int p0 = 0; p0 < k; p0 += KB) {
            int p1 = Math.min(k, p0 + KB);
            for (int j = 0; j < n; j++) {
                int cj = j * ldc;
                int bj = j * ldb;
                int p = p0;
                for (; p + 3 < p1; p += 4) {
                    float b0 = b[bj + p];
                    float b1 = b[bj + p + 1];
                    float b2 = b[bj + p + 2];
                    float b3 = b[bj + p + 3];
                    int a0 = p * lda;
                    int a1 = a0 + lda;
                    int a2 = a1 + lda;
                    int a3 = a2 + lda;
                    for (int i = 0; i < m; i++) {
                        c[cj + i] += b0 * a[a0 + i] + b1 * a[a1 + i] + b2 * a[a2 + i] + b3 * a[a3 + i];
                    }
                }
                for (; p < p1; p++) {
                    float bv = b[bj + p];
                    if (bv == 0f) {
                        continue; // ReLU zeros
                    }
                    int ap = p * lda;
                    for (int i = 0; i < m; i++) {
                        c[cj + i] += bv * a[ap + i];
                    }
                }
            }
        }
    }

    /** C(m x n) += A(m x k) B^T, B stored n x k; blocks of k keep a panel of A (the batch) in cache. */
    private static void nt(int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        for (int p0 = 0; p0 < k; p0 += NB) {
            int p1 = Math.min(k, p0 + NB);
            for (int j = 0; j < n; j++) {
                int cj = j * ldc;
                int p = p0;
                for (; p + 3 < p1; p += 4) {
                    float b0 = b[p * ldb + j];
                    float b1 = b[(p + 1) * ldb + j];
                    float b2 = b[(p + 2) * ldb + j];
                    float b3 = b[(p + 3) * ldb + j];
                    int a0 = p * lda;
                    int a1 = a0 + lda;
                    int a2 = a1 + lda;
                    int a3 = a2 + lda;
                    for (int i = 0; i < m; i++) {
                        c[cj + i] += b0 * a[a0 + i] + b1 * a[a1 + i] + b2 * a[a2 + i] + b3 * a[a3 + i];
                    }
                }
                for (; p < p1; p++) {
                    float bv = b[p * ldb + j];
                    if (bv == 0f) {
                        continue;
                    }
                    int ap = p * lda;
                    for (int i = 0; i < m; i++) {
                        c[cj + i] += bv * a[ap + i];
                    }
                }
            }
        }
    }
}
