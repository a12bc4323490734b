package dev.sweeplake.ann.internal.vec;

import dev.sweeplake.ann.Metric;

/** Metric-aware single distances and row normalisation on top of a {@link VectorKernel}. Stateless; thread-safe. */
public final class Distances {
    private Distances() {}

    /** Distance (smaller is closer) between a[ao..] and b[bo..]; for COSINE both must already be normalised. */
    public static float distance(VectorKernel k, Metric metric, float[] a, int ao, float[] b, int bo, int len) {
        switch (metric) {
            case L2:
                return k.l2(a, ao, b, bo, len);
            case INNER_PRODUCT:
                return -k.dot(a, ao, b, bo, len);
            case COSINE:
                return 1f - k.dot(a, ao, b, bo, len);
            default:
                throw new IllegalStateException("unknown metric " + metric);
        }
    }

    /** A copy with every row scaled to unit length (zero rows stay zero). */
    public static float[] normalizedCopy(float[] data, int rows, int dim) {
        float[] out = data.clone();
        normalizeInPlace(out, rows, dim);
        return out;
    }

    public static void normalizeInPlace(float[] data, int rows, int dim) {
        for (int r = 0; r < rows; r++) {
            int o = r * dim;
            double s = 0;
            for (int c = 0; c < dim; c++) {
                s += (double) data[o + c] * data[o + c];
            }
            if (s > 0) {
                float inv = (float) (1.0 / Math.sqrt(s));
                for (int c = 0; c < dim; c++) {
                    data[o + c] *= inv;
                }
            }
        }
    }
}
