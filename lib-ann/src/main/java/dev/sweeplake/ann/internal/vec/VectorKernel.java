package dev.sweeplake.ann.internal.vec;

/**
 * Distance kernels over row-major float arrays. Implementations are stateless and thread-safe.
 * Obtain the chosen one from {@link VectorKernels#get()}.
 */
public interface VectorKernel {
    /** Short name for logs and benchmark output, e.g. {@code "panama-256"} or {@code "scalar"}. */
    String name();

    float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** Floats per SIMD register (1 for a scalar kernel): the unit in which the kernels' main loops step. */
    default int lanes() {
        return 1;
    }

    /** Squared Euclidean distance. */
    float l2(float[] a, int aOffset, float[] b, int bOffset, int length);

    /**
     * Squared Euclidean distances of {@code q} (at {@code qOffset}) to four rows of {@code b} (at {@code o0..o3}):
     * {@code out[i] = l2(q, qOffset, b, o_i, length)}, bit for bit. A SIMD kernel interleaves the four, so their
     * memory loads overlap (a graph search's neighbours are scattered rows, each a cache miss).
     */
    default void l2x4(float[] q, int qOffset, float[] b, int o0, int o1, int o2, int o3, int length, float[] out) {
        out[0] = l2(q, qOffset, b, o0, length);
        out[1] = l2(q, qOffset, b, o1, length);
        out[2] = l2(q, qOffset, b, o2, length);
        out[3] = l2(q, qOffset, b, o3, length);
    }

    /**
     * Register-blocked dot products of 4 rows of {@code q} (at {@code qOffset + i * qStride}) with 2 rows of {@code b}
     * (at {@code bOffset + j * bStride}): {@code out[i * 2 + j] = dot(q_i, b_j)}. The core of exact search and k-means.
     */
    void dot4x2(float[] q, int qOffset, int qStride, float[] b, int bOffset, int bStride, int length, float[] out);
}
