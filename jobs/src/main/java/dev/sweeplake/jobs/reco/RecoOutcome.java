package dev.sweeplake.jobs.reco;

import dev.sweeplake.ctr.reco.RankingMetrics;
import java.io.Serializable;

/**
 * What one reco trial measured: validation metrics of the model fitted on train (null without a validation split),
 * test metrics of the model fitted on train + valid, and times. Immutable, serializable (built inside a Spark task).
 *
 * @param index position of the trial in the bench's plan
 * @param valid validation metrics, or null
 * @param test test metrics, or null when the trial failed
 * @param fitSeconds seconds fitting the reported (train + valid) model
 * @param trainSeconds wall seconds of the whole trial (both fits, both evaluations)
 * @param usersPerSecond test users scored (top-k over the catalogue with seen items removed) per second
 * @param executor where it ran
 * @param startedMillis start time
 * @param endedMillis end time
 * @param error null, or why it failed
 * @param ann the ANN retrieval beside the exact one (factor models with {@code retrieval.mode: both}), or null
 */
public record RecoOutcome(
        int index,
        RankingMetrics valid,
        RankingMetrics test,
        double fitSeconds,
        double trainSeconds,
        double usersPerSecond,
        String executor,
        long startedMillis,
        long endedMillis,
        String error,
        RecoAnnComparison ann)
        implements Serializable {

    public boolean ok() {
        return error == null;
    }

    static RecoOutcome failed(int index, String executor, long started, String error) {
        return new RecoOutcome(
                index,
                null,
                null,
                Double.NaN,
                (System.currentTimeMillis() - started) / 1e3,
                Double.NaN,
                executor,
                started,
                System.currentTimeMillis(),
                error,
                null);
    }
}
