package dev.sweeplake.ctr.reco;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The binary user x item matrix of a training split in compressed sparse rows: users and items get dense indices in
 * ascending id order (so "lower index" means "lower id", which makes tie-breaking reproducible in any language), row
 * {@code u} lists the item indices user {@code u} interacted with, ascending. The catalogue is the set of items with a
 * training row: only they can be recommended.
 *
 * <p>Immutable, thread-safe.
 */
public final class UserItemMatrix {
    private final long[] userIds;
    private final long[] itemIds;
    private final Map<Long, Integer> userIndex;
    private final Map<Long, Integer> itemIndex;
    private final int[] rowStart;
    private final int[] cols;

    private UserItemMatrix(long[] userIds, long[] itemIds, int[] rowStart, int[] cols) {
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.rowStart = rowStart;
        this.cols = cols;
        this.userIndex = index(userIds);
        this.itemIndex = index(itemIds);
    }

    private static Map<Long, Integer> index(long[] ids) {
        Map<Long, Integer> m = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            m.put(ids[i], i);
        }
        return m;
    }

    /** Builds the matrix of {@code train} (duplicate pairs count once). */
    public static UserItemMatrix of(Interactions train) {
        long[] users = Arrays.stream(train.users()).distinct().sorted().toArray();
        long[] items = Arrays.stream(train.items()).distinct().sorted().toArray();
        Map<Long, Integer> ui = index(users);
        Map<Long, Integer> ii = index(items);
        int n = train.size();
        int[] count = new int[users.length + 1];
        for (int r = 0; r < n; r++) {
            count[ui.get(train.users()[r]) + 1]++;
        }
        for (int u = 0; u < users.length; u++) {
            count[u + 1] += count[u];
        }
        int[] fill = Arrays.copyOf(count, users.length);
        int[] c = new int[n];
        for (int r = 0; r < n; r++) {
            int u = ui.get(train.users()[r]);
            c[fill[u]++] = ii.get(train.items()[r]);
        }
        int[] start = new int[users.length + 1];
        int w = 0;
        for (int u = 0; u < users.length; u++) {
            start[u] = w;
            Arrays.sort(c, count[u], count[u + 1]);
            for (int k = count[u]; k < count[u + 1]; k++) {
                if (k == count[u] || c[k] != c[k - 1]) {
                    c[w++] = c[k];
                }
            }
        }
        start[users.length] = w;
        return new UserItemMatrix(users, items, start, Arrays.copyOf(c, w));
    }

    public int users() {
        return userIds.length;
    }

    public int items() {
        return itemIds.length;
    }

    /** Stored (user, item) pairs. */
    public int nonZeros() {
        return cols.length;
    }

    public long userId(int u) {
        return userIds[u];
    }

    public long itemId(int i) {
        return itemIds[i];
    }

    /** The dense index of a user id, or -1 when the user has no training row. */
    public int userIndex(long id) {
        Integer i = userIndex.get(id);
        return i == null ? -1 : i;
    }

    /** The dense index of an item id, or -1 when the item has no training row. */
    public int itemIndex(long id) {
        Integer i = itemIndex.get(id);
        return i == null ? -1 : i;
    }

    /** First position of user {@code u}'s items in {@link #columns()}. */
    public int rowStart(int u) {
        return rowStart[u];
    }

    /** One past the last position of user {@code u}'s items. */
    public int rowEnd(int u) {
        return rowStart[u + 1];
    }

    /** The item indices of all rows, concatenated (do not modify). */
    public int[] columns() {
        return cols;
    }

    /** Number of users per item (the item's popularity). */
    public int[] itemCounts() {
        int[] c = new int[itemIds.length];
        for (int i : cols) {
            c[i]++;
        }
        return c;
    }
}
