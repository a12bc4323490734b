package dev.sweeplake.jobs.reco;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.ctr.reco.RankingMetrics;

/**
 * One leaderboard row: a trial of one model point and seed. Immutable.
 *
 * @param model popularity, itemknn, ease, als, als-implicit
 * @param params the model's hyperparameters
 * @param seed seed (ALS initialisation)
 * @param valid validation metrics (model fitted on train), or null
 * @param test test metrics (model fitted on train + valid), or null when failed
 * @param fitSeconds seconds fitting the reported model
 * @param trainSeconds wall seconds of the trial
 * @param usersPerSecond test users scored per second
 * @param trialId id in the trials table
 * @param executor where it ran
 * @param error null, or why it failed
 * @param ann the ANN retrieval beside the exact one, or null
 */
public record RecoBenchRow(
        String model,
        ObjectNode params,
        long seed,
        RankingMetrics valid,
        RankingMetrics test,
        double fitSeconds,
        double trainSeconds,
        double usersPerSecond,
        String trialId,
        String executor,
        String error,
        RecoAnnComparison ann) {

    public boolean ok() {
        return error == null;
    }

    /** Validation nDCG@k (NaN without a validation split). */
    public double validNdcg() {
        return valid == null ? Double.NaN : valid.ndcg();
    }
}
