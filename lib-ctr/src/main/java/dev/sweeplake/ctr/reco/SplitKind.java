package dev.sweeplake.ctr.reco;

import java.util.Arrays;
import java.util.Locale;

/**
 * How interactions are divided into training and test (and, with the same rule applied to training, validation).
 * For a user with {@code n} rows, "train count" is {@code rint((1 - ratio) * n)} (round half to even, as NumPy's
 * {@code round}, which the Microsoft Recommenders splitters use). Immutable, thread-safe.
 *
 * <ul>
 *   <li>{@link #STRATIFIED}: per user, a seeded random permutation of the user's rows; the first train-count rows are
 *       training, the rest test (Microsoft Recommenders {@code python_stratified_split}).</li>
 *   <li>{@link #USER_TEMPORAL}: per user, rows ordered by (timestamp, item); the last {@code n - train count} are test.</li>
 *   <li>{@link #LEAVE_LAST_ONE_OUT}: per user with at least 2 rows, the last row by (timestamp, item) is test; users
 *       with one row stay in training. {@code ratio} is ignored.</li>
 *   <li>{@link #GLOBAL_TEMPORAL}: all rows ordered by (timestamp, user, item); the last {@code N - rint((1 - ratio) N)}
 *       rows are test (test users may have no training rows: counted and excluded from evaluation).</li>
 * </ul>
 */
public enum SplitKind {
    STRATIFIED,
    USER_TEMPORAL,
    LEAVE_LAST_ONE_OUT,
    GLOBAL_TEMPORAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean needsTimestamps() {
        return this != STRATIFIED;
    }

    public static SplitKind fromId(String id) {
        for (SplitKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException(String.format(
                Locale.ROOT,
                "split kind must be one of %s, got '%s'",
                Arrays.stream(values()).map(SplitKind::id).toList(),
                id));
    }
}
