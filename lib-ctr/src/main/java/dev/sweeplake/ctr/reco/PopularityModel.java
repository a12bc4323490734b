package dev.sweeplake.ctr.reco;

/**
 * Recommends the items with the most training users, the same list for everyone (seen items removed at retrieval).
 * Immutable, thread-safe.
 */
public final class PopularityModel implements Recommender {
    private final UserItemMatrix matrix;
    private final double[] counts;

    private PopularityModel(UserItemMatrix matrix) {
        this.matrix = matrix;
        int[] c = matrix.itemCounts();
        this.counts = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            counts[i] = c[i];
        }
    }

    public static PopularityModel fit(UserItemMatrix m) {
        return new PopularityModel(m);
    }

    @Override
    public String name() {
        return "popularity";
    }

    @Override
    public UserItemMatrix matrix() {
        return matrix;
    }

    @Override
    public void score(int user, double[] out) {
        System.arraycopy(counts, 0, out, 0, counts.length);
    }
}
