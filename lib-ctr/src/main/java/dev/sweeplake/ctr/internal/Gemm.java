package dev.sweeplake.ctr.internal;

/**
 * Single-precision matrix product on column-major arrays starting at offset 0, alpha = 1:
 * {@code C = op(A) op(B) + beta C}, op = transpose when the flag is set. Implementations must be thread-safe
 * (stateless or per-call scratch); {@link GemmProvider} picks one per JVM.
 */
public interface Gemm {
    void sgemm(
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
            int ldc);

    /** Short name for logs and benchmark output. */
    String name();
}
