package dev.sweeplake.ann.internal.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded sampling of rows without replacement. Stateless. */
public final class Sampling {
    private Sampling() {}

    /** Sorted row numbers: all rows when n <= max, else a seeded sample of max rows. */
    public static int[] rows(int n, int max, long seed) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = Arrays.copyOf(idx, max);
        Arrays.sort(out);
        return out;
    }

    /** Gathers the given rows (of dim floats each) into a new row-major array. */
    public static float[] gather(float[] data, int dim, int[] rows) {
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(data, rows[i] * dim, out, i * dim, dim);
        }
        return out;
    }
}
