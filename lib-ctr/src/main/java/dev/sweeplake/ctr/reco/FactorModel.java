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

    @Override
    public void score(int user, double[] out) {
        int n = matrix.items();
        if (!hasUser[user]) {
            Arrays.fill(out, 0, n, Double.NaN);
            return;
        }
        int ub = user * rank;
        for (int j = 0; j < n; j++) {
            if (!hasItem[j]) {
                out[j] = Double.NaN;
                continue;
            }
            int ib = j * rank;
            double s = 0;
            for (int f = 0; f < rank; f++) {
                s += userFactors[ub + f] * itemFactors[ib + f];
            }
            out[j] = s;
        }
    }
}
