package dev.sweeplake.ctr.internal;

/**
 * Column-major double-precision {@code C = alpha op(A) op(B) + beta C} (BLAS dgemm semantics, with array offsets),
 * for the dense linear algebra of the recommendation models (EASE's inverse). Implementations are stateless or keep
 * per-thread scratch only, so one instance may be called from many threads on disjoint parts of C.
 */
public interface Dgemm {
    /** Short name for logs and results, e.g. {@code vector} or {@code netlib:JNIBLAS}. */
    String name();

    /**
     * C (m x n, at {@code c[co]}, leading dimension ldc) = alpha op(A) op(B) + beta C, where op(A) is m x k (A is
     * k x m when {@code transA}) and op(B) is k x n (B is n x k when {@code transB}).
     */
    void dgemm(
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
            int ldc);
}
