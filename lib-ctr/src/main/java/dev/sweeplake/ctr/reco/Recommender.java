package dev.sweeplake.ctr.reco;

/**
 * A fitted model that scores every catalogue item for a known user. Implementations are immutable and thread-safe: one
 * instance serves all scoring threads (each with its own output array).
 */
public interface Recommender {
    /** Short name for results (popularity, itemknn, ease, als ...). */
    String name();

    /** The matrix it was fitted on (user and item indices, seen items). */
    UserItemMatrix matrix();

    /** Writes the score of every item index of {@link #matrix()} for user index {@code user} into {@code out}. */
    void score(int user, double[] out);
}
