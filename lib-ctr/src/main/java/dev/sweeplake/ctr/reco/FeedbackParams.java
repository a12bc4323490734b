package dev.sweeplake.ctr.reco;

import java.util.Locale;

/**
 * How raw interactions become the feedback that models learn from and that counts as relevant.
 *
 * @param ratingThreshold keep only rows with rating &gt;= this (implicit feedback from a threshold); {@code NaN} keeps
 *     every interaction (the Microsoft Recommenders protocol: every rating is relevant)
 * @param minUserInteractions k-core: users with fewer rows are removed, repeatedly with the item rule until both hold
 *     (1 = off)
 * @param minItemInteractions k-core: items with fewer rows are removed (1 = off)
 */
public record FeedbackParams(double ratingThreshold, int minUserInteractions, int minItemInteractions) {
    public FeedbackParams {
        if (!Double.isNaN(ratingThreshold) && !Double.isFinite(ratingThreshold)) {
            throw new IllegalArgumentException("rating_threshold must be finite or absent, got " + ratingThreshold);
        }
        if (minUserInteractions < 1 || minUserInteractions > 1_000_000) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "min_user_interactions must be in [1, 1000000], got %d", minUserInteractions));
        }
        if (minItemInteractions < 1 || minItemInteractions > 1_000_000) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "min_item_interactions must be in [1, 1000000], got %d", minItemInteractions));
        }
    }

    /** Every interaction, no k-core. */
    public static FeedbackParams defaults() {
        return new FeedbackParams(Double.NaN, 1, 1);
    }
}
