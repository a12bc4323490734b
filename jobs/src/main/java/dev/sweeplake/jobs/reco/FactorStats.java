package dev.sweeplake.jobs.reco;

import java.util.Arrays;
import java.util.Locale;

/**
 * Shape statistics of a factor matrix X (n x d, row-major), used to compare synthetic factors with trained ones. With
 * {@code e_1 >= ... >= e_d} the eigenvalues of {@code X'X} (the squared singular values of X, uncentred: inner-product
 * retrieval sees the raw vectors): {@code top_r = (e_1 + .. + e_r) / (e_1 + .. + e_d)} (the fraction of the energy in
 * the top r directions), {@code effective_dim = (sum e)^2 / sum e^2} (participation ratio: d for an isotropic set, 1
 * for a rank-one set), and {@code norm_cv} = standard deviation / mean of the row norms (popularity spread).
 *
 * @param top1 energy fraction of the top direction
 * @param top8 energy fraction of the top 8 directions (1 when d &lt;= 8)
 * @param top16 energy fraction of the top 16 directions (1 when d &lt;= 16)
 * @param effectiveDim participation ratio of the spectrum
 * @param normCv coefficient of variation of the row norms
 */
public record FactorStats(double top1, double top8, double top16, double effectiveDim, double normCv) {

    /** The statistics of {@code n x d} row-major {@code x}. Stateless; thread-safe. */
    public static FactorStats of(float[] x, int n, int d) {
        if (n < 1 || d < 1 || x.length != (long) n * d) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "factor stats: expected %d x %d values, got %d", n, d, x.length));
        }
        double[] g = new double[d * d];
        double[] norms = new double[n];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int a = 0; a < d; a++) {
                row[a] = x[i * d + a];
                s += row[a] * row[a];
            }
            norms[i] = Math.sqrt(s);
            for (int a = 0; a < d; a++) {
                double ra = row[a];
                for (int b = a; b < d; b++) {
                    g[a * d + b] += ra * row[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                g[a * d + b] = g[b * d + a];
            }
        }
        double[] e = eigenvalues(g, d);
        Arrays.sort(e);
        double total = 0;
        double sq = 0;
        for (double v : e) {
            total += Math.max(0, v);
            sq += v * v;
        }
        double mean = Arrays.stream(norms).average().orElse(0);
        double var = 0;
        for (double v : norms) {
            var += (v - mean) * (v - mean);
        }
        double cv = mean > 0 ? Math.sqrt(var / n) / mean : 0;
        return new FactorStats(
                top(e, 1, total), top(e, 8, total), top(e, 16, total), sq > 0 ? total * total / sq : 0, cv);
    }

    private static double top(double[] ascending, int r, double total) {
        double s = 0;
        for (int i = 0; i < r && i < ascending.length; i++) {
            s += Math.max(0, ascending[ascending.length - 1 - i]);
        }
        return total > 0 ? Math.min(1, s / total) : 0;
    }

    /** Eigenvalues of a symmetric d x d matrix (row-major, overwritten) by cyclic Jacobi rotations. */
    static double[] eigenvalues(double[] a, int d) {
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int p = 0; p < d; p++) {
                diag += a[p * d + p] * a[p * d + p];
                for (int q = p + 1; q < d; q++) {
                    off += a[p * d + q] * a[p * d + q];
                }
            }
            if (off <= 1e-30 * Math.max(diag, 1e-300)) {
                break;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    double apq = a[p * d + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < d; k++) {
                        double akp = a[k * d + p];
                        double akq = a[k * d + q];
                        a[k * d + p] = c * akp - s * akq;
                        a[k * d + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++) {
                        double apk = a[p * d + k];
                        double aqk = a[q * d + k];
                        a[p * d + k] = c * apk - s * aqk;
                        a[q * d + k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] e = new double[d];
        for (int i = 0; i < d; i++) {
            e[i] = a[i * d + i];
        }
        return e;
    }

    /** One line: {@code top1 0.123 top8 0.456 top16 0.789 eff_dim 12.3 norm_cv 0.45}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "top1 %.3f, top8 %.3f, top16 %.3f, effective dim %.1f, norm CV %.3f",
                top1,
                top8,
                top16,
                effectiveDim,
                normCv);
    }
}
