package dev.sweeplake.ctr.reco;

import java.util.Arrays;

/**
 * Item-based k-nearest-neighbours on binary feedback. Similarity of items i and j from their co-occurrence
 * ({@link ItemKnnParams.Similarity}); self-similarity is 0. The neighbourhood N(j) of a target item j is its
 * {@code neighbours} most similar items (ties: lower index first; 0 = all). Score of item j for user u:
 * {@code sum over i in I(u) and N(j) of sim(i, j)}. Dense item x item weights (4 bytes per pair, checked against the
 * memory budget before anything is allocated).
 *
 * <p>Immutable after {@link #fit}; thread-safe.
 */
public final class ItemKnnModel implements Recommender {
    private final UserItemMatrix matrix;
    /** Row-major: w[i * n + j] = sim(i, j) if i in N(j), else 0. */
    private final float[] w;

    private ItemKnnModel(UserItemMatrix matrix, float[] w) {
        this.matrix = matrix;
        this.w = w;
    }

    public static ItemKnnModel fit(UserItemMatrix m, ItemKnnParams p, int threads) {
        Parallel.checkThreads(threads);
        int n = m.items();
        Cooccurrence.checkBudget("itemknn", n, 4, p.memoryBudgetBytes());
        float[] s = Cooccurrence.counts(m, threads);
        double[] pop = new double[n];
        for (int i = 0; i < n; i++) {
            pop[i] = s[i * n + i];
        }
        boolean cosine = p.similarity() == ItemKnnParams.Similarity.COSINE;
        double shrink = p.shrink();
        int tasks = Math.max(1, threads);
        Parallel.run(threads, tasks, t -> {
            for (int i = t; i < n; i += tasks) {
                int base = i * n;
                for (int j = 0; j < n; j++) {
                    double c = s[base + j];
                    if (j == i || c == 0) {
                        s[base + j] = 0f;
                        continue;
                    }
                    double den = cosine ? Math.sqrt(pop[i] * pop[j]) + shrink : pop[i] + pop[j] - c + shrink;
                    s[base + j] = (float) (c / den);
                }
            }
        });
        // Row j of s now holds sim(j, .) (symmetric); keep each row's top neighbours, then transpose so that row i
        // holds the weights of source item i for every target j.
        if (p.neighbours() > 0 && p.neighbours() < n - 1) {
            int k = p.neighbours();
            Parallel.run(threads, tasks, t -> {
                Integer[] idx = new Integer[n];
                for (int j = t; j < n; j += tasks) {
                    int base = j * n;
                    int nz = 0;
                    for (int i = 0; i < n; i++) {
                        if (s[base + i] != 0f) {
                            idx[nz++] = i;
                        }
                    }
                    if (nz <= k) {
                        continue;
                    }
                    Arrays.sort(idx, 0, nz, (a, b) -> {
                        int c = Float.compare(s[base + b], s[base + a]);
                        return c != 0 ? c : Integer.compare(a, b);
                    });
                    for (int r = k; r < nz; r++) {
                        s[base + idx[r]] = 0f;
                    }
                }
            });
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float a = s[i * n + j];
                s[i * n + j] = s[j * n + i];
                s[j * n + i] = a;
            }
        }
        return new ItemKnnModel(m, s);
    }

    @Override
    public String name() {
        return "itemknn";
    }

    @Override
    public UserItemMatrix matrix() {
        return matrix;
    }

    @Override
    public void score(int user, double[] out) {
        ItemItemScores.sumRows(matrix, w, user, out);
    }
}
