package dev.sweeplake.jobs.ann;

import java.util.SplittableRandom;

/**
 * Puts a build task's rows into insertion order without a second copy of the vectors: a permutation sorted by id
 * (stable), an optional seeded shuffle of it, and its application in place (cycle by cycle, one row of scratch).
 * Stateless and thread-safe.
 */
final class ShardOrder {
    private ShardOrder() {}

    /** The permutation {@code p} with {@code ids[p[0]] <= ids[p[1]] <= ...}; equal ids keep their input order. */
    static int[] byId(long[] ids) {
        int n = ids.length;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        if (n < 2) {
            return p;
        }
        int[] tmp = new int[n];
        // Bottom-up merge sort on primitives (stable).
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int o = lo;
                while (i < mid && j < hi) {
                    tmp[o++] = ids[p[j]] < ids[p[i]] ? p[j++] : p[i++];
                }
                while (i < mid) {
                    tmp[o++] = p[i++];
                }
                while (j < hi) {
                    tmp[o++] = p[j++];
                }
            }
            int[] t = p;
            p = tmp;
            tmp = t;
        }
        return p;
    }

    /** Fisher-Yates shuffle of the permutation with {@code seed} (the same draws as the builds before this class). */
    static void shuffle(int[] p, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = p.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
    }

    /**
     * Reorders {@code ids} and the rows of {@code data} ({@code dim} floats each) so that new position i holds old row
     * {@code p[i]}. Uses {@code p} as scratch: it is left bit-flipped ({@code ~p[i]}).
     */
    static void applyInPlace(int[] p, long[] ids, float[] data, int dim) {
        float[] row = new float[dim];
        for (int start = 0; start < p.length; start++) {
            if (p[start] < 0) {
                continue;
            }
            long idTmp = ids[start];
            System.arraycopy(data, start * dim, row, 0, dim);
            int j = start;
            while (true) {
                int src = p[j];
                p[j] = ~src;
                if (src == start) {
                    ids[j] = idTmp;
                    System.arraycopy(row, 0, data, j * dim, dim);
                    break;
                }
                ids[j] = ids[src];
                System.arraycopy(data, src * dim, data, j * dim, dim);
                j = src;
            }
        }
    }
}
