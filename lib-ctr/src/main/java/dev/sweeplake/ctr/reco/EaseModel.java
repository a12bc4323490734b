package dev.sweeplake.ctr.reco;

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019), closed form on binary feedback:
 * {@code G = X'X + lambda I}, {@code P = G^-1}, {@code B_ij = -P_ij / P_jj} for {@code i != j}, {@code B_jj = 0};
 * score of item j for user u = {@code sum over i in I(u) of B_ij}. The inverse is exact in double precision
 * ({@link SpdInverse}); B is kept in float. Peak memory is about {@link #BYTES_PER_PAIR} bytes per item pair, checked
 * against the budget before anything is allocated.
 *
 * <p>Immutable after {@link #fit}; thread-safe.
 */
public final class EaseModel implements Recommender {
    /** Gram matrix and the inverse's workspace in double, B in float. */
    public static final int BYTES_PER_PAIR = 36;

    private final UserItemMatrix matrix;
    private final float[] b;

    private EaseModel(UserItemMatrix matrix, float[] b) {
        this.matrix = matrix;
        this.b = b;
    }

    /** {@code X'X + lambda I} over the items of {@code m}, row-major, in double. */
    static double[] gram(UserItemMatrix m, double lambda, int threads) {
        int n = m.items();
        float[] c = Cooccurrence.counts(m, threads);
        double[] g = new double[n * n];
        for (int k = 0; k < g.length; k++) {
            g[k] = c[k];
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += lambda;
        }
        return g;
    }

    public static EaseModel fit(UserItemMatrix m, EaseParams p, int threads) {
        Parallel.checkThreads(threads);
        int n = m.items();
        Cooccurrence.checkBudget("ease", n, BYTES_PER_PAIR, p.memoryBudgetBytes());
        double[] g = gram(m, p.lambda(), threads);
        double[] inv = SpdInverse.invert(g, n, threads);
        g = null;
        float[] b = new float[n * n];
        // Row i, column j (row-major) = B_ij = -P_ij / P_jj; P is symmetric.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i * n + j] = i == j ? 0f : (float) (-inv[i * n + j] / inv[j * n + j]);
            }
        }
        return new EaseModel(m, b);
    }

    @Override
    public String name() {
        return "ease";
    }

    @Override
    public UserItemMatrix matrix() {
        return matrix;
    }

    @Override
    public void score(int user, double[] out) {
        ItemItemScores.sumRows(matrix, b, user, out);
    }
}
