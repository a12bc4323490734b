package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.store.TrialRecord.SeedRole;
import java.util.Map;

/**
 * One trial to run: a configuration on one seed at one fidelity in one study. Immutable.
 *
 * @param unit the evaluation (configuration x rung) of the sweep loop it belongs to
 */
record TrialSpec(
        String trialId,
        String studyId,
        Map<String, Object> params,
        String paramsJson,
        long seed,
        SeedRole seedRole,
        String fidelityName,
        double fidelity,
        String dataset,
        String datasetVersion,
        int attempt,
        int unit) {

    /** The same trial as attempt {@code n}. */
    TrialSpec withAttempt(int n) {
        return new TrialSpec(
                trialId,
                studyId,
                params,
                paramsJson,
                seed,
                seedRole,
                fidelityName,
                fidelity,
                dataset,
                datasetVersion,
                n,
                unit);
    }
}
