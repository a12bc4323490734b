package dev.sweeplake.jobs.reco;

import dev.sweeplake.ctr.reco.FactorModel;
import dev.sweeplake.ctr.reco.Interactions;
import dev.sweeplake.ctr.reco.RankingMetrics;
import dev.sweeplake.ctr.reco.RecoEvaluation;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The ANN retrieval of a factor model beside its exact retrieval, on the same held-out rows: recall of the ANN top k
 * against the exact top k (mean over evaluated users of |ann ∩ exact| / |exact|), the ANN path's metrics (their change
 * against exact is the end-to-end effect of the approximation), users/s of both paths and the index build time.
 * Immutable, serializable.
 *
 * @param setting the ANN setting, described
 * @param recallVsExact mean |ann top k ∩ exact top k| / |exact top k| over evaluated users
 * @param test the metrics of the ANN top k
 * @param exactUsersPerSecond users ranked per second by the exact path
 * @param usersPerSecond users ranked per second by the ANN path (index search + candidate scoring + selection)
 * @param buildSeconds seconds building the index
 */
public record RecoAnnComparison(
        String setting,
        double recallVsExact,
        RankingMetrics test,
        double exactUsersPerSecond,
        double usersPerSecond,
        double buildSeconds)
        implements Serializable {

    /** Builds the index over {@code model}'s items and evaluates it against {@code exact} (with its kept lists). */
    static RecoAnnComparison of(
            FactorModel model,
            RecoAnnSetting setting,
            Interactions truth,
            int k,
            int threads,
            RecoEvaluation.Result exact) {
        AnnFactorRecommender ann = new AnnFactorRecommender(model, setting, k);
        RecoEvaluation.Result a = RecoEvaluation.evaluate(ann, truth, k, threads, true);
        return new RecoAnnComparison(
                setting.describe(),
                recall(a.topK(), exact.topK()),
                a.metrics(),
                exact.metrics().users() / Math.max(1e-9, exact.seconds()),
                a.metrics().users() / Math.max(1e-9, a.seconds()),
                ann.buildSeconds());
    }

    /** Mean over the users of {@code exact} with a non-empty list of |approx ∩ exact| / |exact| (NaN without any). */
    static double recall(Map<Long, long[]> approx, Map<Long, long[]> exact) {
        double sum = 0;
        int n = 0;
        for (var e : exact.entrySet()) {
            long[] ex = e.getValue();
            if (ex.length == 0) {
                continue;
            }
            Set<Long> want = new HashSet<>();
            for (long id : ex) {
                want.add(id);
            }
            int hit = 0;
            for (long id : approx.getOrDefault(e.getKey(), new long[0])) {
                hit += want.contains(id) ? 1 : 0;
            }
            sum += (double) hit / ex.length;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Test nDCG@k of the ANN path minus that of the exact path. */
    public double ndcgChange(RankingMetrics exactTest) {
        return test.ndcg() - exactTest.ndcg();
    }
}
