package dev.sweeplake.ann.internal.vec;

/**
 * Distance kernels over row-major float arrays. Implementations are stateless and thread-safe.
 * Obtain the chosen one from {@link VectorKernels#get()}.
 */
public interface VectorKernel {
    /** Short name for logs and benchmark output, e.g. {@code "panama-256"} or {@code "scalar"}. */
    String name();

    float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** Squared Euclidean distance. */
    float l2(float[] a, int aOffset, float[] b, int bOffset, int length);

    /**
     * Register-blocked dot products of 4 rows of {@code q} (at {@code qOffset + i * qStride}) with 2 rows of {@code b}
     * (at {@code bOffset + j * bStride}): {@code out[i * 2 + j] = dot(q_i, b_j)}. The core of exact search and k-means.
     */
    void dot4x2(float[] q, int qOffset, int qStride, float[] b, int bOffset, int bStride, int length, float[] out);
}
