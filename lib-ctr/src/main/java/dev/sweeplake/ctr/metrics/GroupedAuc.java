package dev.sweeplake.ctr.metrics;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-group (for example per-user) AUC averaged over groups. Groups with only one class have no AUC and are skipped;
 * how many were used and skipped is part of the result.
 *
 * <p>Thread-safety: stateless.
 */
public final class GroupedAuc {
    private GroupedAuc() {}

    /** How group AUCs are averaged. */
    public enum Weighting {
        /** Every usable group counts the same (mean per-user AUC). */
        UNIFORM,
        /** Weighted by the group's row count (the "GAUC" of the CTR literature). */
        BY_ROWS
    }

    /** Averaged AUC and how many groups took part. {@code value} is NaN when no group has both classes. */
    public record Result(double value, int groupsUsed, int groupsSkipped) {}

    /** Per-group AUC of scores against 0/1 labels, grouped by {@code groups[i]} (any int ids). */
    public static Result compute(float[] scores, float[] labels, int[] groups, Weighting weighting) {
        Auc.checkLengths(scores.length, labels.length);
        Auc.checkLengths(scores.length, groups.length);
        int n = scores.length;
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = ((long) groups[i] << 32) | (i & 0xffffffffL);
        }
        Arrays.sort(order);
        double sum = 0;
        double weightSum = 0;
        int used = 0;
        int skipped = 0;
        int i = 0;
        while (i < n) {
            int g = (int) (order[i] >> 32);
            int j = i;
            while (j < n && (int) (order[j] >> 32) == g) {
                j++;
            }
            int m = j - i;
            float[] s = new float[m];
            float[] y = new float[m];
            int pos = 0;
            for (int k = 0; k < m; k++) {
                int idx = (int) order[i + k];
                s[k] = scores[idx];
                y[k] = labels[idx];
                if (y[k] != 0f && y[k] != 1f) {
                    throw new IllegalArgumentException(
                            String.format(Locale.ROOT, "label at index %d must be 0 or 1, got %s", idx, y[k]));
                }
                pos += y[k] == 1f ? 1 : 0;
            }
            if (pos == 0 || pos == m) {
                skipped++;
            } else {
                double w = weighting == Weighting.BY_ROWS ? m : 1;
                sum += w * Auc.compute(s, y);
                weightSum += w;
                used++;
            }
            i = j;
        }
        return new Result(used == 0 ? Double.NaN : sum / weightSum, used, skipped);
    }
}
