package dev.sweeplake.ctr.reco;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Exact top-k ranking metrics. For one user with recommended list {@code r_1..r_n} (the first {@code min(n, k)} are
 * used), relevant set {@code R} with grades {@code g(i)}, and {@code hit_i = [r_i in R]}:
 *
 * <pre>
 * P@k       = sum_{i<=k} hit_i / k                      (divides by k even when fewer items were recommended)
 * R@k       = sum_{i<=k} hit_i / |R|
 * DCG@k     = sum_{i<=k} gain(r_i) / log2(i + 1)        binary: gain = hit_i; graded: gain = 2^g(r_i) - 1 for hits
 * nDCG@k    = DCG@k / IDCG@k, IDCG@k = DCG of the ideal list (R sorted by gain, cut at k)
 * AP        = sum_{i<=k} hit_i * (sum_{j<=i} hit_j) / i
 * MAP       = AP / |R|                                  (Spark meanAveragePrecision on top-k lists)
 * MAP@k     = AP / min(|R|, k)                          (Spark meanAveragePrecisionAt(k))
 * HR@k      = [sum_{i<=k} hit_i > 0]
 * MRR       = 1 / (first i with hit_i), 0 when none in the top k
 * coverage  = |union of all users' top-k lists| / catalogue size
 * </pre>
 *
 * Each metric is the mean over the users added with at least one relevant item; users with none are counted in
 * {@link RankingMetrics#usersWithoutRelevant()} and excluded (Spark's RankingMetrics counts them as 0 instead).
 * A recommended id that repeats within a list is an error.
 *
 * <p>Not thread-safe: one evaluator per thread, then {@link #merge}.
 */
public final class RankingEvaluator {
    private final int k;
    private final double[] discount;
    private int users;
    private int withoutRelevant;
    private int cold;
    private double precision;
    private double recall;
    private double ndcg;
    private double ndcgGraded;
    private double ap;
    private double apAtK;
    private double hits;
    private double rr;
    private final Set<Long> recommended = new HashSet<>();

    public RankingEvaluator(int k) {
        if (k < 1 || k > 100_000) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "k must be in [1, 100000], got %d", k));
        }
        this.k = k;
        this.discount = new double[k];
        for (int i = 0; i < k; i++) {
            discount[i] = 1.0 / (Math.log(i + 2) / Math.log(2));
        }
    }

    public int k() {
        return k;
    }

    /** Counts a user with relevant items but no training history (excluded from the means). */
    public void addColdUser() {
        cold++;
    }

    /**
     * Adds one user.
     *
     * @param recommended ranked item ids, best first (only the first k are used)
     * @param relevant relevant item ids (no repeats)
     * @param grades grade per relevant item for graded nDCG (null = all 1)
     */
    public void add(long[] recommended, long[] relevant, double[] grades) {
        if (grades != null && grades.length != relevant.length) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "grades must have one value per relevant item: %d relevant, %d grades",
                    relevant.length,
                    grades.length));
        }
        int n = Math.min(k, recommended.length);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (!seen.add(recommended[i])) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "recommended list repeats item %d (positions %d and %d are both in the top %d)",
                        recommended[i],
                        indexOf(recommended, recommended[i]) + 1,
                        i + 1,
                        k));
            }
        }
        if (relevant.length == 0) {
            withoutRelevant++;
            return;
        }
        Map<Long, Double> rel = new HashMap<>();
        for (int j = 0; j < relevant.length; j++) {
            double g = grades == null ? 1.0 : grades[j];
            if (!Double.isFinite(g)) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "grade of relevant item %d must be finite, got %s", relevant[j], g));
            }
            if (rel.put(relevant[j], g) != null) {
                throw new IllegalArgumentException("relevant items repeat item " + relevant[j]);
            }
        }
        int h = 0;
        double dcg = 0;
        double dcgG = 0;
        double sumPrec = 0;
        double firstHit = 0;
        for (int i = 0; i < n; i++) {
            this.recommended.add(recommended[i]);
            Double g = rel.get(recommended[i]);
            if (g != null) {
                h++;
                dcg += discount[i];
                dcgG += (Math.pow(2, g) - 1) * discount[i];
                sumPrec += (double) h / (i + 1);
                if (firstHit == 0) {
                    firstHit = 1.0 / (i + 1);
                }
            }
        }
        int r = relevant.length;
        double idcg = 0;
        for (int i = 0; i < Math.min(r, k); i++) {
            idcg += discount[i];
        }
        double[] gs = new double[r];
        int q = 0;
        for (double g : rel.values()) {
            gs[q++] = Math.pow(2, g) - 1;
        }
        Arrays.sort(gs);
        double idcgG = 0;
        for (int i = 0; i < Math.min(r, k); i++) {
            idcgG += gs[r - 1 - i] * discount[i];
        }
        users++;
        precision += (double) h / k;
        recall += (double) h / r;
        ndcg += dcg / idcg;
        ndcgGraded += idcgG > 0 ? dcgG / idcgG : 0;
        ap += sumPrec / r;
        apAtK += sumPrec / Math.min(r, k);
        hits += h > 0 ? 1 : 0;
        rr += firstHit;
    }

    private static int indexOf(long[] a, long v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** Adds another evaluator's users (same k). */
    public void merge(RankingEvaluator o) {
        if (o.k != k) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "cannot merge evaluators with k %d and %d", k, o.k));
        }
        users += o.users;
        withoutRelevant += o.withoutRelevant;
        cold += o.cold;
        precision += o.precision;
        recall += o.recall;
        ndcg += o.ndcg;
        ndcgGraded += o.ndcgGraded;
        ap += o.ap;
        apAtK += o.apAtK;
        hits += o.hits;
        rr += o.rr;
        recommended.addAll(o.recommended);
    }

    /** The means so far; {@code catalogueSize} is the denominator of coverage. No user evaluated: NaN means. */
    public RankingMetrics result(int catalogueSize) {
        double d = users;
        return new RankingMetrics(
                k,
                users,
                withoutRelevant,
                cold,
                precision / d,
                recall / d,
                ndcg / d,
                ndcgGraded / d,
                ap / d,
                apAtK / d,
                hits / d,
                rr / d,
                catalogueSize > 0 ? (double) recommended.size() / catalogueSize : 0);
    }
}
