package dev.sweeplake.ctr.reco;

import java.util.Arrays;

/**
 * Picks the k best item indices from a dense score array, skipping excluded items (seen in training) and non-finite
 * scores. Order: score descending, then item index ascending (= item id ascending, see {@link UserItemMatrix}), so ties
 * break the same way in every run and in the NumPy reference. Not thread-safe (holds scratch): one per thread.
 */
public final class TopKSelector {
    private final int k;
    private final int[] idx;
    private final double[] val;

    public TopKSelector(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.k = k;
        this.idx = new int[k];
        this.val = new double[k];
    }

    /**
     * @param scores score per item index
     * @param n number of items to consider
     * @param excluded sorted item indices to skip ({@code excluded[from..to)})
     * @return the selected indices, best first (fewer than k when fewer items qualify)
     */
    public int[] select(double[] scores, int n, int[] excluded, int from, int to) {
        int size = 0;
        int e = from;
        for (int i = 0; i < n; i++) {
            while (e < to && excluded[e] < i) {
                e++;
            }
            if (e < to && excluded[e] == i) {
                continue;
            }
            double s = scores[i];
            if (!Double.isFinite(s)) {
                continue;
            }
            if (size == k && s <= val[k - 1]) {
                continue; // equal score and a higher index never beats the current last
            }
            int p = size == k ? k - 1 : size++;
            while (p > 0 && val[p - 1] < s) {
                val[p] = val[p - 1];
                idx[p] = idx[p - 1];
                p--;
            }
            val[p] = s;
            idx[p] = i;
        }
        return Arrays.copyOf(idx, size);
    }
}
