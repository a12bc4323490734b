package dev.sweeplake.ctr.internal;

import dev.ludovic.netlib.blas.BLAS;

/**
 * dgemm through dev.ludovic.netlib (Spark's BLAS): its default order (JNI to the system libblas.so.3, then Java) or its
 * Java / Vector API code only. Thread-safety: the netlib instances are stateless.
 */
public final class NetlibDgemm implements Dgemm {
    private final BLAS blas;

    /** @param nativeFirst true: netlib's default order (native JNI, then Java); false: its Java/Vector API code only */
    public NetlibDgemm(boolean nativeFirst) {
        this.blas = nativeFirst ? BLAS.getInstance() : dev.ludovic.netlib.blas.JavaBLAS.getInstance();
    }

    @Override
    public String name() {
        return "netlib:" + blas.getClass().getSimpleName();
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
        if (m == 0 || n == 0) {
            return;
        }
        // netlib 3.0.3 bounds-checks whole columns (A: ao + cols * lda, B likewise, C: co + m * n), which refuses valid
        // sub-blocks near the end of an array: such an operand goes through a compact copy instead.
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        if (ao + (long) aCols * lda > a.length) {
            a = compact(a, ao, lda, aRows, aCols);
            ao = 0;
            lda = Math.max(1, aRows);
        }
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        if (bo + (long) bCols * ldb > b.length) {
            b = compact(b, bo, ldb, bRows, bCols);
            bo = 0;
            ldb = Math.max(1, bRows);
        }
        if (co + (long) m * n > c.length) {
            double[] t = compact(c, co, ldc, m, n);
            blas.dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, t, 0, m);
            for (int j = 0; j < n; j++) {
                System.arraycopy(t, j * m, c, co + j * ldc, m);
            }
            return;
        }
        blas.dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
    }

    private static double[] compact(double[] x, int off, int ld, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            System.arraycopy(x, off + j * ld, t, j * rows, rows);
        }
        return t;
    }
}
