package dev.sweeplake.jobs.ctr;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One leaderboard row: a completed or failed trial of a lib-ctr model or an MLlib baseline. Immutable.
 *
 * @param model lr, fm, deepfm, dcnv2, wide_deep, mllib-lr, mllib-fm or mllib-gbt
 * @param params the model's hyperparameters (JSON object)
 * @param seed training seed
 * @param testAuc test AUC (best epoch restored for lib-ctr)
 * @param testLogLoss test log loss
 * @param validAuc best validation AUC
 * @param samplesPerSecond training rows per second (lib-ctr: of training-step time; MLlib: rows x iterations / fit time)
 * @param trainSeconds wall time of the trial (training, validation, test)
 * @param epochs epochs run (lib-ctr) or iterations/trees (MLlib)
 * @param bestEpoch best epoch (lib-ctr), 0 for MLlib
 * @param trialId id in the trials table
 * @param executor where it ran
 * @param error null, or why it failed
 * @param extra further figures for {@code --json} (lib-ctr: peak_heap_bytes, read_s, num_features, lazy_adam, dense_kernel, the
 *     per-trial heap figures of {@link CtrBenchJob#libCtrExtra}), may be
 *     empty
 */
public record CtrBenchRow(
        String model,
        ObjectNode params,
        long seed,
        double testAuc,
        double testLogLoss,
        double validAuc,
        double samplesPerSecond,
        double trainSeconds,
        int epochs,
        int bestEpoch,
        String trialId,
        String executor,
        String error,
        ObjectNode extra) {

    public CtrBenchRow {
        extra = extra == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : extra;
    }

    public boolean ok() {
        return error == null;
    }

    public boolean isBaseline() {
        return model.startsWith("mllib-");
    }
}
