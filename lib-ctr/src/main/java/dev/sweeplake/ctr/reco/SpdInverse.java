package dev.sweeplake.ctr.reco;

import dev.sweeplake.ctr.internal.Dgemm;
import dev.sweeplake.ctr.internal.DgemmProvider;
import java.util.Locale;

/**
 * Inverse of a symmetric positive definite matrix by recursive 2x2 blocking on the Schur complement: with
 * {@code G = [A B; B' D]}, {@code X = A^-1 B}, {@code S = D - B' X} (SPD again, so no pivoting is needed),
 * {@code G^-1 = [A^-1 + X S^-1 X', -X S^-1; ., S^-1]}. The two symmetric updates ({@code S} and
 * {@code A^-1 + X S^-1 X'}) compute only their lower block triangle and mirror it, so about {@code n^3} flops (as a
 * Cholesky-based inverse), all but the small base cases in dgemm ({@link DgemmProvider}: an optimised native BLAS
 * when netlib loaded one, else lib-ctr's Vector API kernel), columns split over threads. Storage is column-major (for
 * a symmetric matrix, the same as row-major).
 *
 * <p>Thread-safety: stateless.
 */
final class SpdInverse {
    private static final int BASE = 96;

    private SpdInverse() {}

    /** Returns the inverse of the n x n SPD matrix {@code g} (not modified). Not SPD: IllegalArgumentException. */
    static double[] invert(double[] g, int n, int threads) {
        return invert(g, n, threads, DgemmProvider.get());
    }

    /** {@link #invert(double[], int, int)} with the given dgemm. */
    static double[] invert(double[] g, int n, int threads, Dgemm blas) {
        if (g.length != (long) n * n) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "matrix must have %d values, got %d", (long) n * n, g.length));
        }
        return inv(g, n, threads, blas);
    }

    private static double[] inv(double[] g, int n, int threads, Dgemm blas) {
        if (n <= BASE) {
            return gaussJordan(g, n);
        }
        int h = n / 2;
        int m = n - h;
        double[] a = block(g, n, 0, 0, h, h);
        double[] b = block(g, n, 0, h, h, m);
        double[] d = block(g, n, h, h, m, m);
        double[] ai = inv(a, h, threads, blas);
        a = null;
        double[] x = new double[h * m];
        gemm(blas, false, false, h, m, h, 1, ai, b, 0, x, threads, false);
        gemm(blas, true, false, m, m, h, -1, b, x, 1, d, threads, true); // d := D - B' X
        b = null;
        double[] si = inv(d, m, threads, blas);
        d = null;
        double[] y = new double[h * m];
        gemm(blas, false, false, h, m, m, 1, x, si, 0, y, threads, false); // Y = X S^-1
        gemm(blas, false, true, h, h, m, 1, y, x, 1, ai, threads, true); // A^-1 + Y X'
        double[] out = new double[n * n];
        for (int c = 0; c < h; c++) {
            System.arraycopy(ai, c * h, out, c * n, h);
        }
        for (int c = 0; c < m; c++) {
            for (int r = 0; r < h; r++) {
                double v = -y[c * h + r];
                out[(h + c) * n + r] = v;
                out[r * n + h + c] = v;
            }
            System.arraycopy(si, c * m, out, (h + c) * n + h, m);
        }
        return out;
    }

    private static double[] block(double[] g, int n, int r0, int c0, int rows, int cols) {
        double[] o = new double[rows * cols];
        for (int c = 0; c < cols; c++) {
            System.arraycopy(g, (c0 + c) * n + r0, o, c * rows, rows);
        }
        return o;
    }

    /**
     * C (m x n) = alpha op(A) op(B) + beta C, column-major, leading dimensions from the shapes; columns over threads.
     * {@code symmetric}: C is square and the result symmetric (given a symmetric C on entry): each column block
     * computes the rows from its first column down, and the strict upper triangle is then mirrored from the lower.
     */
    private static void gemm(
            Dgemm blas,
            boolean ta,
            boolean tb,
            int m,
            int n,
            int k,
            double alpha,
            double[] a,
            double[] b,
            double beta,
            double[] c,
            int threads,
            boolean symmetric) {
        if (tb) {
            // netlib's bounds check assumes a whole transposed B from the offset on, so column slices of op(B) = B'
            // would be refused: transpose B (n x k) into k x n once instead.
            double[] bt = new double[k * n];
            for (int col = 0; col < k; col++) {
                for (int r = 0; r < n; r++) {
                    bt[r * k + col] = b[col * n + r];
                }
            }
            gemm(blas, ta, false, m, n, k, alpha, a, bt, beta, c, threads, symmetric);
            return;
        }
        int lda = ta ? k : m;
        int ldb = k;
        int chunks = Math.max(1, Math.min(threads * (symmetric ? 8 : 4), n / 32));
        Parallel.run(threads, chunks, t -> {
            int j0 = (int) ((long) n * t / chunks);
            int j1 = (int) ((long) n * (t + 1) / chunks);
            int i0 = symmetric ? j0 : 0;
            if (j1 > j0) {
                // rows i0.. of op(A): columns i0.. of A when transposed, rows i0.. otherwise
                int offA = ta ? i0 * lda : i0;
                blas.dgemm(
                        ta, false, m - i0, j1 - j0, k, alpha, a, offA, lda, b, j0 * ldb, ldb, beta, c, j0 * m + i0, m);
            }
        });
        if (symmetric) {
            for (int j = 1; j < n; j++) {
                for (int i = 0; i < j; i++) {
                    c[j * m + i] = c[i * m + j];
                }
            }
        }
    }

    /** Gauss-Jordan without pivoting (fine for SPD matrices). */
    static double[] gaussJordan(double[] g, int n) {
        double[] a = g.clone();
        for (int p = 0; p < n; p++) {
            double piv = a[p * n + p];
            if (!(piv > 0) || !Double.isFinite(piv)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "matrix is not positive definite: pivot %d is %s (raise the regularisation)",
                        p,
                        piv));
            }
            double inv = 1.0 / piv;
            for (int c = 0; c < n; c++) {
                a[c * n + p] *= inv;
            }
            a[p * n + p] = inv;
            for (int r = 0; r < n; r++) {
                if (r == p) {
                    continue;
                }
                double f = a[p * n + r];
                if (f == 0) {
                    continue;
                }
                for (int c = 0; c < n; c++) {
                    if (c != p) {
                        a[c * n + r] -= f * a[c * n + p];
                    }
                }
                a[p * n + r] = -f * inv;
            }
        }
        return a;
    }
}
