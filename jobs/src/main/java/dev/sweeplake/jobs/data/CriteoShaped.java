package dev.sweeplake.jobs.data;

import java.io.Serializable;
import java.util.List;

/**
 * A seeded Criteo-shaped CTR row generator: {@code numeric_fields} count-like numerics (I1..In) and one categorical field
 * per entry of {@code cardinalities} (C1..Cm) whose values follow a Zipf-like law (a discretised power law with exponent
 * {@code zipf_exponent}; rank 0 most frequent), written as 8-hex-digit tokens like Criteo's (a bijection of the rank, so a
 * field has exactly as many distinct tokens as distinct ranks drawn). Row {@code i} of a split depends only on (seed,
 * split, i).
 *
 * <p>Planted signal (never stored; every weight is a hash of (seed, field, rank)): logit = bias + numeric_scale *
 * sum_j w_j z_j + linear_scale * sum_f u_f(rank_f) + interaction_scale * sum_{f<g} &lt;v_f(rank_f), v_g(rank_g)&gt;,
 * where z_j is the standard normal behind numeric j (the stored value is max(0, floor(exp(1 + 1.2 z_j) - 1)), a heavy-tailed
 * count), and u, v entries are uniform with variance 1. The label is Bernoulli(sigmoid(logit)); the row's true
 * probability is stored in column {@code planted_p}, so the best achievable AUC (that of the true probability) is known.
 *
 * <p>Immutable; thread-safe (serialisable, shipped to Spark tasks).
 */
public final class CriteoShaped implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Criteo Kaggle display-advertising cardinalities of C1..C26 (the DLRM preprocessing's counts). */
    public static final List<Integer> CRITEO_CARDINALITIES = List.of(
            1460, 583, 10131227, 2202608, 305, 24, 12517, 633, 3, 93145, 5683, 8351593, 3194, 27, 14992, 5461306, 10,
            5652, 2173, 4, 7046547, 18, 15, 286181, 105, 142572);

    private final DataGenConfig.CtrGen p;
    private final long seed;
    private final int[] cards;
    private final double[] numericWeights;

    public CriteoShaped(DataGenConfig.CtrGen params, long seed) {
        this.p = params;
        this.seed = seed;
        this.cards = params.cardinalities().stream().mapToInt(Integer::intValue).toArray();
        this.numericWeights = new double[params.numericFields()];
        for (int j = 0; j < numericWeights.length; j++) {
            numericWeights[j] = SeededMath.centredUnit(SeededMath.hash(seed, 0x6e756dL, j));
        }
    }

    public int numericFields() {
        return p.numericFields();
    }

    public int categoricalFields() {
        return cards.length;
    }

    /** One generated row (mutable buffers, reused by a writer thread). Not thread-safe. */
    public static final class Row {
        public final double[] numerics;
        public final int[] ranks;
        public final String[] tokens;
        public int label;
        public double p;

        Row(int numeric, int categorical) {
            numerics = new double[numeric];
            ranks = new int[categorical];
            tokens = new String[categorical];
        }
    }

    public Row newRow() {
        return new Row(p.numericFields(), cards.length);
    }

    /** Fills {@code out} with row {@code index} of split {@code split} (0 train, 1 valid, 2 test). */
    public void row(int split, long index, Row out) {
        SeededMath.Normals g = new SeededMath.Normals(SeededMath.hash(seed, 0x73706c6974L + split, index));
        double logit = p.bias();
        double num = 0;
        for (int j = 0; j < numericWeights.length; j++) {
            double z = g.next();
            out.numerics[j] = Math.max(0, StrictMath.floor(StrictMath.exp(1.0 + 1.2 * z) - 1));
            num += numericWeights[j] * z;
        }
        logit += p.numericScale() * num;
        int r = p.interactionRank();
        double[] sum = new double[r];
        double sumSq = 0;
        double lin = 0;
        for (int f = 0; f < cards.length; f++) {
            int rank = zipfRank(cards[f], p.zipfExponent(), g.nextUnit());
            out.ranks[f] = rank;
            out.tokens[f] = token(f, rank);
            long h = SeededMath.hash(seed, f, rank);
            lin += SeededMath.centredUnit(h);
            for (int t = 0; t < r; t++) {
                double v = SeededMath.centredUnit(SeededMath.hash(h, t));
                sum[t] += v;
                sumSq += v * v;
            }
        }
        double pairs = 0;
        for (int t = 0; t < r; t++) {
            pairs += sum[t] * sum[t];
        }
        logit += p.linearScale() * lin + p.interactionScale() * 0.5 * (pairs - sumSq);
        double prob = 1.0 / (1.0 + StrictMath.exp(-logit));
        out.p = prob;
        out.label = g.nextUnit() < prob ? 1 : 0;
    }

    /**
     * Rank in [0, n) with P(rank = k) roughly proportional to (k + 1)^-s: the inverse CDF of the density x^-s on
     * [1, n + 1], floored.
     */
    static int zipfRank(int n, double s, double u) {
        double x;
        if (Math.abs(s - 1.0) < 1e-12) {
            x = StrictMath.exp(u * StrictMath.log(n + 1.0));
        } else {
            double a = 1.0 - s;
            double top = StrictMath.pow(n + 1.0, a);
            x = StrictMath.pow(1.0 + u * (top - 1.0), 1.0 / a);
        }
        long k = (long) StrictMath.floor(x) - 1;
        return (int) Math.max(0, Math.min(n - 1, k));
    }

    /** The token of a rank: 8 lower-case hex digits of a per-field bijection of the rank. */
    static String token(int field, int rank) {
        int h = SeededMath.bijective32(rank ^ SeededMath.bijective32(0x43000000 + field));
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--) {
            c[i] = Character.forDigit(h & 0xF, 16);
            h >>>= 4;
        }
        return new String(c);
    }
}
