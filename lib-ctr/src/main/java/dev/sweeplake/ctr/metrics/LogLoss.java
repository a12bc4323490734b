package dev.sweeplake.ctr.metrics;

import java.util.Locale;

/**
 * Mean binary cross-entropy with predictions clipped to [eps, 1 - eps] (eps = 1e-7 by default, as FuxiCTR/BARS report it).
 *
 * <p>Thread-safety: stateless.
 */
public final class LogLoss {
    /** Default clipping, the value BARS/FuxiCTR use. */
    public static final double DEFAULT_EPS = 1e-7;

    private LogLoss() {}

    /** Clipped log loss of probabilities {@code p} against 0/1 labels. */
    public static double compute(float[] p, float[] labels) {
        return compute(p, labels, DEFAULT_EPS);
    }

    /** Clipped log loss with an explicit {@code eps} in (0, 0.5). */
    public static double compute(float[] p, float[] labels, double eps) {
        Auc.checkLengths(p.length, labels.length);
        if (!(eps > 0 && eps < 0.5)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "eps must be in (0, 0.5), got %s", eps));
        }
        if (p.length == 0) {
            throw new IllegalArgumentException("log loss of an empty set is undefined: got 0 predictions");
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double q = p[i];
            if (Double.isNaN(q)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "prediction at index %d is NaN", i));
            }
            q = Math.min(Math.max(q, eps), 1 - eps);
            float y = labels[i];
            if (y == 1f) {
                sum -= Math.log(q);
            } else if (y == 0f) {
                sum -= Math.log(1 - q);
            } else {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "label at index %d must be 0 or 1, got %s", i, y));
            }
        }
        return sum / p.length;
    }
}
