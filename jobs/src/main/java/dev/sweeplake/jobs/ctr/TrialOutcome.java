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
 * @param trialHeapBytes the trial's own live heap at its training's steady state ({@link TrialHeapProbe}), or -1 when
 *     not measured (another trial shared the JVM meanwhile)
 * @param encodedBytes heap bytes of the encoded train, validation and test splits ({@code EncodedData.heapBytes})
 * @param modelBytes heap bytes of the model's parameters ({@code CtrModel.parameterBytes})
 * @param optimizerBytes heap bytes of Adam's moments as allocated
 * @param gradientBytes heap bytes of the per-thread gradient buffers as allocated
 * @param denseKernel the executor's sgemm for dense layers ({@code GemmProvider}: vector, netlib:JNIBLAS, ...), empty
 *     for a failed trial
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
        long peakHeapBytes,
        long trialHeapBytes,
        long encodedBytes,
        long modelBytes,
        long optimizerBytes,
        long gradientBytes,
        String denseKernel)
        implements Serializable {
    private static final long serialVersionUID = 3L;

    /** The task's heap figures for {@link #of}: see the record components of the same names. */
    record TrialHeap(long trialHeapBytes, long encodedBytes, long optimizerBytes, long gradientBytes) {}

    static TrialOutcome of(
            String trialId,
            String executor,
            long started,
            long ended,
            TrainResult r,
            double readSeconds,
            TrialHeap heap) {
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
                dev.sweeplake.jobs.util.HeapWatermark.peakAfterGcBytes(),
                heap.trialHeapBytes(),
                heap.encodedBytes(),
                r.model().parameterBytes(),
                heap.optimizerBytes(),
                heap.gradientBytes(),
                dev.sweeplake.ctr.model.CtrModel.denseKernel());
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
                0,
                -1,
                0,
                0,
                0,
                0,
                "");
    }

    /** The trial's live heap against (encoded data + parameters), NaN when it was not measured. */
    public double trialHeapRatio() {
        return trialHeapBytes < 0 || encodedBytes + modelBytes <= 0
                ? Double.NaN
                : (double) trialHeapBytes / (encodedBytes + modelBytes);
    }

    public boolean ok() {
        return error == null;
    }
}
