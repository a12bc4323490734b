package dev.sweeplake.ctr.reco;

/**
 * Mean top-k ranking metrics over the evaluated users (formulas in {@link RankingEvaluator}). Immutable.
 *
 * @param k cut-off
 * @param users users evaluated (with at least one relevant item and a training history)
 * @param usersWithoutRelevant users given to the evaluator with no relevant item: excluded from every mean, counted
 * @param coldUsers users with relevant items but no training row (no model can score them): excluded, counted
 * @param precision P@k
 * @param recall R@k
 * @param ndcg nDCG@k with binary gains
 * @param ndcgGraded nDCG@k with gains {@code 2^grade - 1}
 * @param map mean average precision over the top-k list, normalised by the number of relevant items (Spark's
 *     {@code meanAveragePrecision} on top-k lists; the Microsoft Recommenders MAP)
 * @param mapAtK the same sum normalised by {@code min(|relevant|, k)} (Spark's {@code meanAveragePrecisionAt(k)})
 * @param hitRate HR@k: share of users with at least one relevant item in the top k
 * @param mrr mean reciprocal rank of the first relevant item within the top k (0 when none)
 * @param coverage distinct recommended items over the catalogue size
 */
public record RankingMetrics(
        int k,
        int users,
        int usersWithoutRelevant,
        int coldUsers,
        double precision,
        double recall,
        double ndcg,
        double ndcgGraded,
        double map,
        double mapAtK,
        double hitRate,
        double mrr,
        double coverage)
        implements java.io.Serializable {}
