package dev.sweeplake.jobs.reco;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded matrix-factorisation factors shaped like trained ones, for the retrieval benchmark. In latent coordinates
 * {@code z} (d components), component j (1-based) has scale {@code lambda_j = j^-decay} (normalised to
 * {@code sum lambda_j^2 = 1}): a decaying spectrum, like trained factors whose singular values fall off fast.
 * With {@code clusters} C &gt; 0 there are C centres {@code c ~ N(0, diag(lambda^2))}; every user and item picks a
 * centre uniformly and is {@code z = (c + spread * g) / sqrt(1 + spread^2)}, g ~ N(0, diag(lambda^2)) (genres /
 * tastes); with C = 0, {@code z = g}. Every vector is then rotated onto a random orthonormal basis Q (Gram-Schmidt of
 * a Gaussian matrix), {@code x = Q z}, so the decay is not axis-aligned; items are finally multiplied by a log-normal
 * factor {@code exp(sigma * n - sigma^2 / 2)}, n ~ N(0, 1) (popularity: popular items have large norms).
 *
 * <p>{@code decay = 0, clusters = 0, item_norm_sigma = 0} is the isotropic worst case: users and items i.i.d.
 * {@code N(0, I/d)} (full intrinsic dimension). Draw order (one {@link SplittableRandom} stream): Q, centres, items,
 * users, so a seed fixes every vector. Stateless; thread-safe.
 */
public final class SyntheticFactors {
    private SyntheticFactors() {}

    /**
     * Row-major factors: {@code users x rank} and {@code items x rank}.
     *
     * @param users user factors, {@code userCount * rank}
     * @param items item factors, {@code itemCount * rank}
     */
    public record Factors(int userCount, int itemCount, int rank, float[] users, float[] items) {
        public Factors {
            if (users.length != (long) userCount * rank || items.length != (long) itemCount * rank) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "factors: expected %d x %d users and %d x %d items, got %d and %d values",
                        userCount,
                        rank,
                        itemCount,
                        rank,
                        users.length,
                        items.length));
            }
        }
    }

    /** Generator parameters (see the class comment); checked by {@link #check}. */
    public record Shape(double spectrumDecay, int clusters, double clusterSpread, double itemNormSigma) {
        public Shape {
            check("spectrum_decay", spectrumDecay, 0, 4);
            if (clusters < 0 || clusters > 1_000_000) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "clusters: expected an integer in [0, 1000000], got %d", clusters));
            }
            check("cluster_spread", clusterSpread, 1e-6, 100);
            check("item_norm_sigma", itemNormSigma, 0, 3);
        }

        /** The isotropic worst case: flat spectrum, no clusters, equal item norms in expectation. */
        public static Shape isotropic() {
            return new Shape(0, 0, 1, 0);
        }
    }

    private static void check(String key, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s: expected a number in [%s, %s], got %s", key, min, max, v));
        }
    }

    /** Generates {@code users x rank} and {@code items x rank} factors; bad sizes are refused with their values. */
    public static Factors generate(int users, int items, int rank, Shape shape, long seed) {
        if (users < 1 || items < 1 || rank < 1) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "synthetic factors: users, items and rank must be >= 1, got %d, %d, %d",
                    users,
                    items,
                    rank));
        }
        if ((long) users * rank > Integer.MAX_VALUE - 8 || (long) items * rank > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "synthetic factors: %d users / %d items x rank %d do not fit one Java array",
                    users,
                    items,
                    rank));
        }
        SplittableRandom r = new SplittableRandom(seed);
        int d = rank;
        double[] lambda = scales(d, shape.spectrumDecay());
        double[] q = orthonormal(d, r);
        int c = shape.clusters();
        double[] centres = new double[c * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = r.nextGaussian() * lambda[i % d];
        }
        double spread = shape.clusterSpread();
        double shrink = c == 0 ? 1 : 1 / Math.sqrt(1 + spread * spread);
        double noise = c == 0 ? 1 : spread;
        double sigma = shape.itemNormSigma();
        float[] it = new float[items * d];
        double[] z = new double[d];
        for (int i = 0; i < items; i++) {
            latent(r, lambda, centres, c, noise, shrink, z);
            double norm = sigma == 0 ? 1 : Math.exp(sigma * r.nextGaussian() - sigma * sigma / 2);
            rotate(q, z, norm, it, i * d);
        }
        float[] us = new float[users * d];
        for (int u = 0; u < users; u++) {
            latent(r, lambda, centres, c, noise, shrink, z);
            rotate(q, z, 1, us, u * d);
        }
        return new Factors(users, items, d, us, it);
    }

    /** {@code lambda_j = j^-decay}, j = 1..d, scaled so that the squares sum to 1. */
    static double[] scales(int d, double decay) {
        double[] l = new double[d];
        double s = 0;
        for (int j = 0; j < d; j++) {
            l[j] = Math.pow(j + 1, -decay);
            s += l[j] * l[j];
        }
        double n = Math.sqrt(s);
        for (int j = 0; j < d; j++) {
            l[j] /= n;
        }
        return l;
    }

    private static void latent(
            SplittableRandom r, double[] lambda, double[] centres, int c, double noise, double shrink, double[] z) {
        int d = lambda.length;
        int at = c == 0 ? -1 : r.nextInt(c) * d;
        for (int j = 0; j < d; j++) {
            double base = at < 0 ? 0 : centres[at + j];
            z[j] = (base + noise * r.nextGaussian() * lambda[j]) * shrink;
        }
    }

    /** {@code out[o..o+d) = scale * Q z} (Q row-major d x d). */
    private static void rotate(double[] q, double[] z, double scale, float[] out, int o) {
        int d = z.length;
        for (int i = 0; i < d; i++) {
            double s = 0;
            int row = i * d;
            for (int j = 0; j < d; j++) {
                s += q[row + j] * z[j];
            }
            out[o + i] = (float) (s * scale);
        }
    }

    /** A random orthonormal d x d matrix (row-major): modified Gram-Schmidt on the columns of a Gaussian matrix. */
    static double[] orthonormal(int d, SplittableRandom r) {
        double[][] cols = new double[d][d];
        for (int j = 0; j < d; j++) {
            while (true) {
                double[] v = cols[j];
                for (int i = 0; i < d; i++) {
                    v[i] = r.nextGaussian();
                }
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += v[i] * cols[p][i];
                    }
                    for (int i = 0; i < d; i++) {
                        v[i] -= dot * cols[p][i];
                    }
                }
                double n = 0;
                for (int i = 0; i < d; i++) {
                    n += v[i] * v[i];
                }
                if (n > 1e-12) {
                    n = Math.sqrt(n);
                    for (int i = 0; i < d; i++) {
                        v[i] /= n;
                    }
                    break;
                }
            }
        }
        double[] q = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q[i * d + j] = cols[j][i];
            }
        }
        return q;
    }
}
