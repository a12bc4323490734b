package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;

/** Recall metrics against exact ground truth. Stateless. */
public final class Recall {
    private Recall() {}

    /**
     * Recall@k: the mean over queries of |approx top-k ∩ truth top-k| / k, using ids. Padding ids never count.
     * Both results must cover the same queries and have at least k ranks.
     */
    public static double recallAtK(SearchResults truth, SearchResults approx, int k) {
        Checks.notNull("truth", truth);
        Checks.notNull("approx", approx);
        if (truth.queryCount() != approx.queryCount()) {
            throw new IllegalArgumentException(
                    Checks.fmt("approx queryCount must be %d, actual %d", truth.queryCount(), approx.queryCount()));
        }
        Checks.inRange("k", k, 1, Math.min(truth.k(), approx.k()));
        if (truth.queryCount() == 0) {
            return 1.0;
        }
        long hits = 0;
        for (int q = 0; q < truth.queryCount(); q++) {
            for (int i = 0; i < k; i++) {
                long id = approx.id(q, i);
                if (id == SearchResults.NO_ID) {
                    continue;
                }
                for (int j = 0; j < k; j++) {
                    if (truth.id(q, j) == id) {
                        hits++;
                        break;
                    }
                }
            }
        }
        return hits / ((double) truth.queryCount() * k);
    }
}
