package dev.sweeplake.ctr.train;

import java.util.Locale;

/**
 * What a {@link BarsTrainer} run holds on the heap besides the data, counted from the arrays it actually allocated
 * (array headers included, see {@link dev.sweeplake.ctr.internal.HeapBytes}). Immutable.
 *
 * @param parameterBytes the model's trainable parameters
 * @param optimizerBytes Adam's moments
 * @param gradientBytes the per-thread gradient buffers
 * @param snapshotBytes the best-epoch parameter copy held at this point (0 when none is held)
 */
public record TrainingFootprint(long parameterBytes, long optimizerBytes, long gradientBytes, long snapshotBytes) {
    public TrainingFootprint {
        if (parameterBytes < 0 || optimizerBytes < 0 || gradientBytes < 0 || snapshotBytes < 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "footprint bytes must be >= 0, got parameters %d, optimizer %d, gradients %d, snapshot %d",
                    parameterBytes,
                    optimizerBytes,
                    gradientBytes,
                    snapshotBytes));
        }
    }

    /** The sum of the parts. */
    public long totalBytes() {
        return parameterBytes + optimizerBytes + gradientBytes + snapshotBytes;
    }
}
