package dev.sweeplake.ctr.reco;

import java.util.Arrays;
import java.util.Locale;

/**
 * ItemKNN hyperparameters.
 *
 * @param similarity cosine or jaccard
 * @param neighbours neighbourhood size per target item (0 = every item)
 * @param shrink added to the similarity's denominator (0 = none)
 * @param memoryBudgetBytes refuse a catalogue whose dense similarity matrix (4 bytes per pair) does not fit
 */
public record ItemKnnParams(Similarity similarity, int neighbours, double shrink, long memoryBudgetBytes)
        implements java.io.Serializable {

    /** Item-item similarity of binary columns with co-occurrence {@code c_ij} and popularities {@code c_i}, {@code c_j}. */
    public enum Similarity {
        /** {@code c_ij / (sqrt(c_i c_j) + shrink)} */
        COSINE,
        /** {@code c_ij / (c_i + c_j - c_ij + shrink)} */
        JACCARD;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Similarity fromId(String id) {
            for (Similarity s : values()) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "similarity must be one of %s, got '%s'",
                    Arrays.stream(values()).map(Similarity::id).toList(),
                    id));
        }
    }

    public ItemKnnParams {
        if (similarity == null) {
            throw new IllegalArgumentException("similarity must not be null");
        }
        if (neighbours < 0) {
            throw new IllegalArgumentException("neighbours must be >= 0 (0 = all), got " + neighbours);
        }
        if (!(shrink >= 0 && shrink < 1e9)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "shrink must be in [0, 1e9), got %s", shrink));
        }
        if (memoryBudgetBytes < 1 << 20) {
            throw new IllegalArgumentException(
                    "memory budget must be at least 1 MiB, got " + memoryBudgetBytes + " bytes");
        }
    }

    /** Cosine, all neighbours, no shrinkage, 2 GiB. */
    public static ItemKnnParams defaults() {
        return new ItemKnnParams(Similarity.COSINE, 0, 0, 2048L << 20);
    }
}
