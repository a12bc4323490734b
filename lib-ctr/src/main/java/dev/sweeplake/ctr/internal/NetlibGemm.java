package dev.sweeplake.ctr.internal;

import dev.ludovic.netlib.blas.BLAS;

/**
 * sgemm through dev.ludovic.netlib (Spark's BLAS): native (JNI) when a system BLAS is installed, else its Java or
 * Vector API implementation. Thread-safety: the netlib instances are stateless.
 */
public final class NetlibGemm implements Gemm {
    private final BLAS blas;

    /** @param nativeFirst true: netlib's default order (native JNI, then Java); false: its Java/Vector API code only */
    public NetlibGemm(boolean nativeFirst) {
        this.blas = nativeFirst ? BLAS.getInstance() : dev.ludovic.netlib.blas.JavaBLAS.getInstance();
    }

    @Override
    public String name() {
        return "netlib:" + blas.getClass().getSimpleName();
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
        blas.sgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
    }
}
