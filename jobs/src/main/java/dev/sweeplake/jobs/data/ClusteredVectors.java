package dev.sweeplake.jobs.data;

import java.io.Serializable;

/**
 * Seeded clustered vectors with a chosen ambient and intrinsic dimension: a Gaussian mixture in a random
 * {@code intrinsic}-dimensional subspace of R^{dimension}, plus isotropic noise in all dimensions. Vector {@code i} of a
 * set depends only on (seed, set, i), so any partition can generate its own rows and the result does not depend on the
 * partitioning.
 *
 * <p>Model: an orthonormal basis B (dimension x intrinsic, Gram-Schmidt on Gaussian columns) and {@code clusters}
 * centres c_j ~ N(0, center_scale^2 I) in R^intrinsic, fixed by the seed; a row picks j uniformly, draws
 * z = c_j + N(0, cluster_std^2 I) and returns x = B z + N(0, noise^2 I).
 *
 * <p>Immutable; thread-safe (serialisable, shipped to Spark tasks).
 */
public final class ClusteredVectors implements Serializable {
    private static final long serialVersionUID = 1L;
    static final long BASE_SET = 0x62617365L;
    static final long QUERY_SET = 0x71756572L;

    private final DataGenConfig.VectorGen p;
    private final long seed;
    private final float[] basis; // row-major dimension x intrinsic
    private final float[] centres; // clusters x intrinsic

    public ClusteredVectors(DataGenConfig.VectorGen params, long seed) {
        this.p = params;
        this.seed = seed;
        int d = params.dimension();
        int k = params.intrinsicDimension();
        SeededMath.Normals g = new SeededMath.Normals(SeededMath.hash(seed, 0x6261736973L));
        double[][] cols = new double[k][d];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
                cols[c][i] = g.next();
            }
            for (int prev = 0; prev < c; prev++) { // Gram-Schmidt, twice is enough for float output
                for (int pass = 0; pass < 2; pass++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += cols[c][i] * cols[prev][i];
                    }
                    for (int i = 0; i < d; i++) {
                        cols[c][i] -= dot * cols[prev][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += cols[c][i] * cols[c][i];
            }
            norm = StrictMath.sqrt(norm);
            for (int i = 0; i < d; i++) {
                cols[c][i] /= norm;
            }
        }
        basis = new float[d * k];
        for (int i = 0; i < d; i++) {
            for (int c = 0; c < k; c++) {
                basis[i * k + c] = (float) cols[c][i];
            }
        }
        SeededMath.Normals cg = new SeededMath.Normals(SeededMath.hash(seed, 0x63656e747265L));
        centres = new float[params.clusters() * k];
        for (int j = 0; j < centres.length; j++) {
            centres[j] = (float) (params.centerScale() * cg.next());
        }
    }

    public int dimension() {
        return p.dimension();
    }

    /** Writes base vector {@code row} into {@code out} (length dimension); returns its cluster. */
    public int base(long row, float[] out) {
        return generate(BASE_SET, row, out);
    }

    /** Writes query vector {@code row} into {@code out}; queries come from the same mixture, drawn independently. */
    public int query(long row, float[] out) {
        return generate(QUERY_SET, row, out);
    }

    private int generate(long set, long row, float[] out) {
        int d = p.dimension();
        int k = p.intrinsicDimension();
        SeededMath.Normals g = new SeededMath.Normals(SeededMath.hash(seed, set, row));
        int cluster = (int) ((g.nextLong() >>> 1) % p.clusters());
        double[] z = new double[k];
        for (int c = 0; c < k; c++) {
            z[c] = centres[cluster * k + c] + p.clusterStd() * g.next();
        }
        for (int i = 0; i < d; i++) {
            double s = 0;
            int off = i * k;
            for (int c = 0; c < k; c++) {
                s += basis[off + c] * z[c];
            }
            out[i] = (float) (s + p.noise() * g.next());
        }
        return cluster;
    }
}
