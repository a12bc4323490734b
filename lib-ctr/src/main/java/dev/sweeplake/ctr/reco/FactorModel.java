package dev.sweeplake.ctr.reco;

import java.util.Arrays;
import java.util.Locale;

/**
 * A matrix-factorisation model given by its factors (e.g. from Spark MLlib ALS): score of item j for user u is
 * {@code dot(userFactor(u), itemFactor(j))}. Users or items of the matrix without a factor score NaN (never
 * recommended). Immutable, thread-safe.
 */
public final class FactorModel implements Recommender {
    private final String name;
    private final UserItemMatrix matrix;
    private final int rank;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final boolean[] hasUser;
    private final boolean[] hasItem;

    /**
     * @param userIds ids of the rows of {@code userFactors} (row-major, {@code rank} values each)
     * @param itemIds ids of the rows of {@code itemFactors}
     */
    public FactorModel(
            String name,
            UserItemMatrix matrix,
            int rank,
            long[] userIds,
            float[] userFactors,
            long[] itemIds,
            float[] itemFactors) {
        if (rank < 1
                || userFactors.length != (long) userIds.length * rank
                || itemFactors.length != (long) itemIds.length * rank) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "factors: rank %d with %d user ids / %d values and %d item ids / %d values",
                    rank,
                    userIds.length,
                    userFactors.length,
                    itemIds.length,
                    itemFactors.length));
        }
        this.name = name;
        this.matrix = matrix;
        this.rank = rank;
        this.userFactors = new float[matrix.users() * rank];
        this.itemFactors = new float[matrix.items() * rank];
        this.hasUser = new boolean[matrix.users()];
        this.hasItem = new boolean[matrix.items()];
        for (int r = 0; r < userIds.length; r++) {
            int u = matrix.userIndex(userIds[r]);
            if (u >= 0) {
                System.arraycopy(userFactors, r * rank, this.userFactors, u * rank, rank);
                hasUser[u] = true;
            }
        }
        for (int r = 0; r < itemIds.length; r++) {
            int i = matrix.itemIndex(itemIds[r]);
            if (i >= 0) {
                System.arraycopy(itemFactors, r * rank, this.itemFactors, i * rank, rank);
                hasItem[i] = true;
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public UserItemMatrix matrix() {
        return matrix;
    }

    public int rank() {
        return rank;
    }

    /** Whether user index {@code user} of the matrix has a factor (users without one are never scored). */
    public boolean hasUser(int user) {
        return hasUser[user];
    }

    /** Whether item index {@code item} of the matrix has a factor (items without one are never recommended). */
    public boolean hasItem(int item) {
        return hasItem[item];
    }

    /** A copy of the factor of user index {@code user} (zeros without one). */
    public float[] userFactor(int user) {
        return Arrays.copyOfRange(userFactors, user * rank, (user + 1) * rank);
    }

    /** A copy of the factor of item index {@code item} (zeros without one). */
    public float[] itemFactor(int item) {
        return Arrays.copyOfRange(itemFactors, item * rank, (item + 1) * rank);
    }

    /**
     * The score of one (user index, item index) pair: the same arithmetic as {@link #score(int, double[])}, so that a
     * retrieval path scoring only candidates ranks them exactly as the full scan does. NaN without both factors.
     */
    public double score(int user, int item) {
        if (!hasUser[user] || !hasItem[item]) {
            return Double.NaN;
        }
        int ub = user * rank;
        int ib = item * rank;
        double s = 0;
        for (int f = 0; f < rank; f++) {
            s += userFactors[ub + f] * itemFactors[ib + f];
        }
        return s;
    }

    @Override
    public void score(int user, double[] out) {
        int n = matrix.items();
        if (!hasUser[user]) {
            Arrays.fill(out, 0, n, Double.NaN);
            return;
        }
        for (int j = 0; j < n; j++) {
            out[j] = score(user, j);
        }
    }
}
