package dev.sweeplake.ann.gpu;

import dev.sweeplake.ann.VectorMatrix;
import java.util.SplittableRandom;

/**
 * Seeded clustered synthetic vectors for the GPU benchmark: cluster centres N(0, 1) per coordinate, points = centre +
 * N(0, 0.5^2) noise, cluster chosen uniformly. Queries come from the same centres with another random stream.
 * Stateless; thread-safe.
 */
public final class Synthetic {
    private static final double NOISE = 0.5;

    private Synthetic() {}

    private static float[] centres(int clusters, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] c = new float[clusters * dim];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) gaussian(r);
        }
        return c;
    }

    private static double gaussian(SplittableRandom r) {
        return r.nextGaussian();
    }

    private static float[] points(int n, int dim, float[] centres, int clusters, SplittableRandom r) {
        float[] data = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(clusters);
            for (int d = 0; d < dim; d++) {
                data[i * dim + d] = centres[c * dim + d] + (float) (NOISE * gaussian(r));
            }
        }
        return data;
    }

    /** n x dim base vectors with ids 0..n-1. */
    public static VectorMatrix clustered(int n, int dim, int clusters, long seed) {
        float[] c = centres(clusters, dim, seed);
        return VectorMatrix.withRowIds(points(n, dim, c, clusters, new SplittableRandom(seed + 1)), dim);
    }

    /** n queries from the centres of {@link #clustered} with the same seed. */
    public static VectorMatrix queries(int n, int dim, int clusters, long seed) {
        float[] c = centres(clusters, dim, seed);
        return VectorMatrix.withRowIds(points(n, dim, c, clusters, new SplittableRandom(seed + 2)), dim);
    }
}
