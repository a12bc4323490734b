package dev.sweeplake.ctr.reco;

import java.util.Locale;

/**
 * A column store of user-item interactions as read from a file: user id, item id, rating ({@code NaN} when the source
 * has none) and timestamp in seconds ({@link #NO_TIME} when the source has none), one entry per row, in file order.
 *
 * <p>Immutable by contract (the arrays are not copied and must not be modified after construction), so thread-safe.
 *
 * @param source where the rows came from (a file name, used in messages)
 * @param users user id per row
 * @param items item id per row
 * @param ratings rating per row, {@code NaN} = none
 * @param timestamps seconds since the epoch per row, {@link #NO_TIME} = none
 */
public record Interactions(String source, long[] users, long[] items, float[] ratings, long[] timestamps) {
    /** Marks a row without a timestamp. */
    public static final long NO_TIME = Long.MIN_VALUE;

    public Interactions {
        if (source == null || users == null || items == null || ratings == null || timestamps == null) {
            throw new IllegalArgumentException("interactions: source and the four columns must not be null");
        }
        int n = users.length;
        if (items.length != n || ratings.length != n || timestamps.length != n) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "interactions '%s': columns must have equal lengths, got users %d, items %d, ratings %d, timestamps %d",
                    source,
                    n,
                    items.length,
                    ratings.length,
                    timestamps.length));
        }
    }

    /** An empty table. */
    public static Interactions empty(String source) {
        return new Interactions(source, new long[0], new long[0], new float[0], new long[0]);
    }

    public int size() {
        return users.length;
    }

    /** True when every row has a rating. */
    public boolean hasRatings() {
        for (float r : ratings) {
            if (Float.isNaN(r)) {
                return false;
            }
        }
        return users.length > 0;
    }

    /** True when every row has a timestamp. */
    public boolean hasTimestamps() {
        for (long t : timestamps) {
            if (t == NO_TIME) {
                return false;
            }
        }
        return users.length > 0;
    }

    /** The given rows, in the given order, under a new source name. */
    public Interactions select(int[] rows, String newSource) {
        int n = rows.length;
        long[] u = new long[n];
        long[] i = new long[n];
        float[] r = new float[n];
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            int row = rows[k];
            u[k] = users[row];
            i[k] = items[row];
            r[k] = ratings[row];
            t[k] = timestamps[row];
        }
        return new Interactions(newSource, u, i, r, t);
    }

    /** Rows of this table followed by rows of {@code other}. */
    public Interactions concat(Interactions other, String newSource) {
        int a = size();
        int n = a + other.size();
        long[] u = java.util.Arrays.copyOf(users, n);
        long[] i = java.util.Arrays.copyOf(items, n);
        float[] r = java.util.Arrays.copyOf(ratings, n);
        long[] t = java.util.Arrays.copyOf(timestamps, n);
        System.arraycopy(other.users, 0, u, a, other.size());
        System.arraycopy(other.items, 0, i, a, other.size());
        System.arraycopy(other.ratings, 0, r, a, other.size());
        System.arraycopy(other.timestamps, 0, t, a, other.size());
        return new Interactions(newSource, u, i, r, t);
    }

    /** Number of distinct users. */
    public int distinctUsers() {
        return (int) java.util.Arrays.stream(users).distinct().count();
    }

    /** Number of distinct items. */
    public int distinctItems() {
        return (int) java.util.Arrays.stream(items).distinct().count();
    }

    /** Appends rows one at a time; not thread-safe. */
    public static final class Builder {
        private long[] u = new long[1024];
        private long[] i = new long[1024];
        private float[] r = new float[1024];
        private long[] t = new long[1024];
        private int n;

        public Builder add(long user, long item, float rating, long timestamp) {
            if (n == u.length) {
                int c = n * 2;
                u = java.util.Arrays.copyOf(u, c);
                i = java.util.Arrays.copyOf(i, c);
                r = java.util.Arrays.copyOf(r, c);
                t = java.util.Arrays.copyOf(t, c);
            }
            u[n] = user;
            i[n] = item;
            r[n] = rating;
            t[n] = timestamp;
            n++;
            return this;
        }

        public int size() {
            return n;
        }

        public Interactions build(String source) {
            return new Interactions(
                    source,
                    java.util.Arrays.copyOf(u, n),
                    java.util.Arrays.copyOf(i, n),
                    java.util.Arrays.copyOf(r, n),
                    java.util.Arrays.copyOf(t, n));
        }
    }
}
