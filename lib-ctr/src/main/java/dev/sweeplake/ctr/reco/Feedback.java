package dev.sweeplake.ctr.reco;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Applies {@link FeedbackParams} to raw interactions: duplicates of a (user, item) pair are an error (a MovieLens file
 * has none; a generic source must be deduplicated upstream, because which copy wins changes the split), then the rating
 * threshold, then k-core filtering to a fixed point.
 *
 * <p>Thread-safety: stateless.
 */
public final class Feedback {
    private Feedback() {}

    /**
     * The kept rows and what was removed.
     *
     * @param data kept rows, original order
     * @param belowThreshold rows removed by the rating threshold
     * @param kcoreRemoved rows removed by k-core filtering
     */
    public record Result(Interactions data, int belowThreshold, int kcoreRemoved) {}

    public static Result apply(Interactions in, FeedbackParams p) {
        checkNoDuplicates(in);
        int n = in.size();
        boolean[] keep = new boolean[n];
        int below = 0;
        boolean threshold = !Double.isNaN(p.ratingThreshold());
        if (threshold && n > 0 && !in.hasRatings()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: rating_threshold %s needs a rating on every row; the source has rows without one",
                    in.source(),
                    p.ratingThreshold()));
        }
        for (int i = 0; i < n; i++) {
            keep[i] = !threshold || in.ratings()[i] >= p.ratingThreshold();
            below += keep[i] ? 0 : 1;
        }
        int removed = 0;
        if (p.minUserInteractions() > 1 || p.minItemInteractions() > 1) {
            boolean changed = true;
            while (changed) {
                changed = false;
                Map<Long, Integer> uc = new HashMap<>();
                Map<Long, Integer> ic = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    if (keep[i]) {
                        uc.merge(in.users()[i], 1, Integer::sum);
                        ic.merge(in.items()[i], 1, Integer::sum);
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (keep[i]
                            && (uc.get(in.users()[i]) < p.minUserInteractions()
                                    || ic.get(in.items()[i]) < p.minItemInteractions())) {
                        keep[i] = false;
                        removed++;
                        changed = true;
                    }
                }
            }
        }
        int[] rows = new int[n - below - removed];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                rows[k++] = i;
            }
        }
        return new Result(in.select(rows, in.source()), below, removed);
    }

    static void checkNoDuplicates(Interactions in) {
        int n = in.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] u = in.users();
        long[] it = in.items();
        Arrays.sort(order, (a, b) -> u[a] != u[b] ? Long.compare(u[a], u[b]) : Long.compare(it[a], it[b]));
        for (int i = 1; i < n; i++) {
            int a = order[i - 1];
            int b = order[i];
            if (u[a] == u[b] && it[a] == it[b]) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "%s: user %d and item %d appear twice (rows %d and %d, 1-based data rows); deduplicate the source first",
                        in.source(),
                        u[a],
                        it[a],
                        Math.min(a, b) + 1,
                        Math.max(a, b) + 1));
            }
        }
    }
}
