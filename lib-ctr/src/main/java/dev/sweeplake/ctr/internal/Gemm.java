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

    /**
     * ReLU backward fused with the bias gradient, for {@code n} rows of width {@code out} (row-contiguous): each
     * {@code dy} element is zeroed where the unit was inactive ({@code y <= 0}) and then added into {@code gb[i]},
     * rows in order (so every implementation gives the same sums). Lives here so that a vector implementation of the
     * dense layers can supply a vector version of this pass too.
     */
    default void reluBiasBackward(int n, int out, float[] dy, float[] y, float[] gb) {
        for (int k = 0; k < n; k++) {
            int o = k * out;
            for (int i = 0; i < out; i++) {
                float v = y[o + i] > 0 ? dy[o + i] : 0f;
                dy[o + i] = v;
                gb[i] += v;
            }
        }
    }

    /** Short name for logs and benchmark output. */
    String name();
}
