package dev.sweeplake.ann;

/**
 * Similarity metric of an index. Every engine reports a <em>distance</em>: smaller is closer.
 *
 * <ul>
 *   <li>{@link #L2}: squared Euclidean distance (no square root: same order, cheaper).</li>
 *   <li>{@link #INNER_PRODUCT}: {@code -dot(q, x)} (maximum inner product search).</li>
 *   <li>{@link #COSINE}: {@code 1 - cos(q, x)}; base vectors are normalised once at build time, queries once per search.</li>
 * </ul>
 * Immutable, thread-safe.
 */
public enum Metric {
    L2(1),
    INNER_PRODUCT(2),
    COSINE(3);

    private final int code;

    Metric(int code) {
        this.code = code;
    }

    /** Stable code stored in index files (never the ordinal). */
    public int code() {
        return code;
    }

    public static Metric fromCode(int code) {
        for (Metric m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                String.format(java.util.Locale.ROOT, "metric code must be one of 1, 2, 3, actual %d", code));
    }
}
