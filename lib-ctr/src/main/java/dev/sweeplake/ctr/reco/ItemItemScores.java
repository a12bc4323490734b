package dev.sweeplake.ctr.reco;

import java.util.Arrays;

/** Scores of an item-item model: a user's score for item j is the sum of row i, column j over the user's items i. */
final class ItemItemScores {
    private ItemItemScores() {}

    /** Writes the scores of {@code user} into {@code out[0..items)}; {@code w} is items x items, row-major. */
    static void sumRows(UserItemMatrix matrix, float[] w, int user, double[] out) {
        int n = matrix.items();
        Arrays.fill(out, 0, n, 0.0);
        int[] cols = matrix.columns();
        for (int a = matrix.rowStart(user); a < matrix.rowEnd(user); a++) {
            int base = cols[a] * n;
            for (int j = 0; j < n; j++) {
                out[j] += w[base + j];
            }
        }
    }
}
