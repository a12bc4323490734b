package dev.sweeplake.ctr.reco;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded interactions with planted structure, for demos and tests that must not depend on downloaded data. Users and
 * items get Gaussian factors {@code p_u, q_i} (rank r, scale 1/sqrt(r)) and items a Zipf-like popularity
 * {@code b_i = -log(1 + i) / 2}; user u draws {@code n_u} (uniform in [min, max]) distinct items with probability
 * proportional to {@code exp(3 dot(p_u, q_i) + b_i)} (Gumbel top-n); rating = clamp(round(3 + 2 dot(p_u, q_i) * 3),
 * 1, 5); timestamps increase with the draw order. Thread-safety: stateless.
 */
public final class SyntheticInteractions {
    private SyntheticInteractions() {}

    public static Interactions generate(int users, int items, int rank, int minPerUser, int maxPerUser, long seed) {
        if (users < 1 || items < 2 || rank < 1 || minPerUser < 1 || maxPerUser < minPerUser || maxPerUser > items) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "synthetic interactions: need users >= 1, items >= 2, rank >= 1, 1 <= min_per_user <= max_per_user <= items,"
                            + " got users %d, items %d, rank %d, min %d, max %d",
                    users,
                    items,
                    rank,
                    minPerUser,
                    maxPerUser));
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double scale = 1 / Math.sqrt(rank);
        double[] q = new double[items * rank];
        for (int i = 0; i < q.length; i++) {
            q[i] = gaussian(rnd) * scale;
        }
        Interactions.Builder b = new Interactions.Builder();
        double[] p = new double[rank];
        double[] key = new double[items];
        Integer[] order = new Integer[items];
        long t = 1_500_000_000L;
        for (int u = 0; u < users; u++) {
            for (int f = 0; f < rank; f++) {
                p[f] = gaussian(rnd) * scale;
            }
            int n = minPerUser + rnd.nextInt(maxPerUser - minPerUser + 1);
            double[] dot = new double[items];
            for (int i = 0; i < items; i++) {
                double s = 0;
                for (int f = 0; f < rank; f++) {
                    s += p[f] * q[i * rank + f];
                }
                dot[i] = s;
                double g = -Math.log(-Math.log(Math.max(1e-300, rnd.nextDouble())));
                key[i] = 3 * s - Math.log(1 + i) / 2 + g;
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, c) -> Double.compare(key[c], key[a]));
            for (int j = 0; j < n; j++) {
                int i = order[j];
                float rating = (float) Math.max(1, Math.min(5, Math.rint(3 + 6 * dot[i])));
                b.add(u + 1, i + 1, rating, t++);
            }
        }
        return b.build(String.format(
                Locale.ROOT, "synthetic(users=%d, items=%d, rank=%d, seed=%d)", users, items, rank, seed));
    }

    private static double gaussian(SplittableRandom r) {
        return r.nextGaussian();
    }
}
