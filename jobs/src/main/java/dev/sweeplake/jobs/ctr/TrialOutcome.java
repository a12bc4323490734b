package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.train.EpochMetrics;
import dev.sweeplake.ctr.train.TrainResult;
import java.io.Serializable;
import java.util.List;

/**
 * What a trial's task sends back to the driver: its curves and final figures, or its error. Immutable (the arrays are not
 * copied: do not modify).
 *
 * @param trialId the trial
 * @param executor executor id and host that ran it
 * @param startedMillis epoch millis when training began in the task
 * @param endedMillis epoch millis when it ended
 * @param error null, or the one-line error of a failed trial
 * @param validAuc per epoch
 * @param validLogLoss per epoch
 * @param trainLogLoss per epoch
 * @param learningRate per epoch
 * @param epochSeconds per epoch, training-step seconds
 * @param bestEpoch 1-based best epoch (restored)
 * @param bestValidAuc validation AUC of the best epoch
 * @param bestValidLogLoss validation log loss of the best epoch
 * @param testAuc test AUC of the restored model
 * @param testLogLoss test log loss of the restored model
 * @param samplesPerSecond training rows per second of training-step time
 * @param trainSeconds wall time of the whole BARS run (training, validation, test)
 * @param readSeconds time to read and encode the splits in the task
 * @param numParameters trainable scalars
 * @param peakHeapBytes the executor JVM's largest heap in use after a GC, up to the trial's end (JVM-wide)
 */
public record TrialOutcome(
        String trialId,
        String executor,
        long startedMillis,
        long endedMillis,
        String error,
        double[] validAuc,
        double[] validLogLoss,
        double[] trainLogLoss,
        double[] learningRate,
        double[] epochSeconds,
        int bestEpoch,
        double bestValidAuc,
        double bestValidLogLoss,
        double testAuc,
        double testLogLoss,
        double samplesPerSecond,
        double trainSeconds,
        double readSeconds,
        long numParameters,
        long peakHeapBytes)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    static TrialOutcome of(
            String trialId, String executor, long started, long ended, TrainResult r, double readSeconds) {
        List<EpochMetrics> e = r.epochs();
        return new TrialOutcome(
                trialId,
                executor,
                started,
                ended,
                null,
                e.stream().mapToDouble(EpochMetrics::validAuc).toArray(),
                e.stream().mapToDouble(EpochMetrics::validLogLoss).toArray(),
                e.stream().mapToDouble(EpochMetrics::trainLogLoss).toArray(),
                e.stream().mapToDouble(EpochMetrics::learningRate).toArray(),
                e.stream().mapToDouble(EpochMetrics::trainSeconds).toArray(),
                r.bestEpoch(),
                r.bestValidAuc(),
                r.bestValidLogLoss(),
                r.testAuc(),
                r.testLogLoss(),
                r.samplesPerSecond(),
                r.trainSeconds(),
                readSeconds,
                r.model().numParameters(),
                dev.sweeplake.jobs.util.HeapWatermark.peakAfterGcBytes());
    }

    static TrialOutcome failed(String trialId, String executor, long started, long ended, String error) {
        double[] none = new double[0];
        return new TrialOutcome(
                trialId,
                executor,
                started,
                ended,
                error,
                none,
                none,
                none,
                none,
                none,
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                0,
                0);
    }

    public boolean ok() {
        return error == null;
    }
}
