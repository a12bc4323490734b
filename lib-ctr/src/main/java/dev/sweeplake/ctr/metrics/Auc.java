package dev.sweeplake.ctr.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * Exact, tie-aware area under the ROC curve.
 *
 * <p>Scores are sorted once (O(n log n)); tied scores count one half per positive/negative pair, which is the
 * Mann-Whitney U statistic with mid-ranks and what scikit-learn's {@code roc_auc_score} returns. No binning.
 *
 * <p>Thread-safety: stateless; all methods are safe to call from any thread.
 */
public final class Auc {
    private Auc() {}

    /**
     * AUC of {@code scores} against 0/1 {@code labels}.
     *
     * @throws IllegalArgumentException if lengths differ, a label is not 0 or 1, a score is NaN, or one class is absent
     */
    public static double compute(float[] scores, float[] labels) {
        checkLengths(scores.length, labels.length);
        IntToDoubleFunction positive = idx -> {
            float y = labels[idx];
            if (y != 1f && y != 0f) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "label at index %d must be 0 or 1, got %s", idx, y));
            }
            return y;
        };
        double[] r = sweep(sortedKeys(scores), positive, idx -> 1 - labels[idx]);
        if (r[1] == 0 || r[2] == 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "AUC needs both classes: positives=%d, negatives=%d", (long) r[1], (long) r[2]));
        }
        return r[0] / (r[1] * r[2]);
    }

    /**
     * AUC where row {@code i} counts as {@code posWeight[i]} of a positive and {@code negWeight[i]} of a negative.
     * With the true click probabilities p as scores and weights (p, 1-p) this is the expected AUC of the Bayes-optimal
     * scorer, the best any model can reach on that population.
     */
    public static double weighted(float[] scores, double[] posWeight, double[] negWeight) {
        checkLengths(scores.length, posWeight.length);
        checkLengths(scores.length, negWeight.length);
        double[] r = sweep(sortedKeys(scores), idx -> posWeight[idx], idx -> negWeight[idx]);
        if (r[1] <= 0 || r[2] <= 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "AUC needs positive weight on both classes: positive=%s, negative=%s", r[1], r[2]));
        }
        return r[0] / (r[1] * r[2]);
    }

    /**
     * One pass over the rows in ascending score order, a group of tied scores at a time: returns {@code {area, positive
     * weight, negative weight}}, where each positive counts the negatives below it plus half of those tied with it.
     * {@code positive} is evaluated (once) before {@code negative} for each row, in score order.
     */
    private static double[] sweep(long[] keys, IntToDoubleFunction positive, IntToDoubleFunction negative) {
        double pos = 0;
        double neg = 0;
        double area = 0;
        int i = 0;
        while (i < keys.length) {
            int j = i;
            double groupPos = 0;
            double groupNeg = 0;
            float s = scoreOf(keys[i]);
            while (j < keys.length && scoreOf(keys[j]) == s) {
                int idx = (int) keys[j];
                groupPos += positive.applyAsDouble(idx);
                groupNeg += negative.applyAsDouble(idx);
                j++;
            }
            area += groupPos * (neg + 0.5 * groupNeg);
            pos += groupPos;
            neg += groupNeg;
            i = j;
        }
        return new double[] {area, pos, neg};
    }

    static void checkLengths(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "scores and labels must have the same length, got %d and %d", a, b));
        }
    }

    /** Keys sorting by score ascending: high 32 bits are an order-preserving int image of the float, low bits the index. */
    static long[] sortedKeys(float[] scores) {
        long[] keys = new long[scores.length];
        for (int i = 0; i < scores.length; i++) {
            float s = scores[i];
            if (Float.isNaN(s)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "score at index %d is NaN", i));
            }
            if (s == 0f) {
                s = 0f; // -0.0 and 0.0 are one tie group
            }
            int bits = Float.floatToIntBits(s);
            bits = bits < 0 ? bits ^ 0x7fffffff : bits;
            keys[i] = ((long) bits << 32) | (i & 0xffffffffL);
        }
        Arrays.sort(keys);
        return keys;
    }

    static float scoreOf(long key) {
        int bits = (int) (key >> 32);
        bits = bits < 0 ? bits ^ 0x7fffffff : bits;
        return Float.intBitsToFloat(bits);
    }
}
