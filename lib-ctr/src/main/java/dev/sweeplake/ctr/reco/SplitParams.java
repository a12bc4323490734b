package dev.sweeplake.ctr.reco;

import java.util.Locale;

/**
 * Parameters of a split.
 *
 * @param kind the rule
 * @param testRatio fraction of rows (per user or global, by kind) that go to test, in (0, 1)
 * @param validRatio fraction of the training rows carved out for validation by the same rule, in [0, 1); 0 = no
 *     validation split (leave-last-one-out: any value &gt; 0 carves the last training row of each user)
 * @param seed seed of the random permutations (stratified)
 */
public record SplitParams(SplitKind kind, double testRatio, double validRatio, long seed) {
    public SplitParams {
        if (kind == null) {
            throw new IllegalArgumentException("split kind must not be null");
        }
        if (!(testRatio > 0 && testRatio < 1)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "test_ratio must be in (0, 1), got %s", testRatio));
        }
        if (!(validRatio >= 0 && validRatio < 1)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "valid_ratio must be in [0, 1), got %s", validRatio));
        }
    }

    /** Stratified 75/25 with a 25% validation carve, seed 42. */
    public static SplitParams defaults() {
        return new SplitParams(SplitKind.STRATIFIED, 0.25, 0.25, 42L);
    }

    /** A stable text form, part of the splits' content address. */
    public String canonical() {
        return String.format(
                Locale.ROOT, "%s|%s|%s|%d", kind.id(), Double.toString(testRatio), Double.toString(validRatio), seed);
    }
}
