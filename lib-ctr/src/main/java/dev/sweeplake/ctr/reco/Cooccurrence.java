package dev.sweeplake.ctr.reco;

import java.util.Locale;

/** Item-item co-occurrence counts {@code X'X} of a binary matrix and the memory-budget check. Stateless. */
final class Cooccurrence {
    private Cooccurrence() {}

    /** Refuses a dense item x item model that would not fit: names the model, the items, the bytes and the budget. */
    static void checkBudget(String model, int items, int bytesPerPair, long budgetBytes) {
        double need = (double) items * items * bytesPerPair;
        if (need > budgetBytes || (long) items * items > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s over %,d items needs about %,.0f MiB (%d bytes per item pair), over the memory budget of %,d MiB "
                            + "(memory_budget_mb); reduce the catalogue (min_item_interactions) or raise the budget",
                    model,
                    items,
                    need / (1 << 20),
                    bytesPerPair,
                    budgetBytes >> 20));
        }
    }

    /** Row-major n x n counts as floats (exact up to 2^24 users per pair), diagonal = item popularity. */
    static float[] counts(UserItemMatrix m, int threads) {
        int n = m.items();
        float[] c = new float[n * n];
        int[] cols = m.columns();
        int tasks = Math.max(1, threads);
        // Task t owns the rows i with i % tasks == t: no two threads write the same row.
        Parallel.run(threads, tasks, t -> {
            for (int u = 0; u < m.users(); u++) {
                int s = m.rowStart(u);
                int e = m.rowEnd(u);
                for (int a = s; a < e; a++) {
                    int i = cols[a];
                    if (i % tasks != t) {
                        continue;
                    }
                    int base = i * n;
                    for (int b = s; b < e; b++) {
                        c[base + cols[b]] += 1f;
                    }
                }
            }
        });
        return c;
    }
}
