package dev.sweeplake.ctr.reco;

import java.util.Locale;

/**
 * EASE hyperparameters.
 *
 * @param lambda L2 regularisation added to the Gram matrix's diagonal, &gt; 0
 * @param memoryBudgetBytes refuse a catalogue whose dense matrices do not fit ({@link EaseModel#BYTES_PER_PAIR})
 */
public record EaseParams(double lambda, long memoryBudgetBytes) implements java.io.Serializable {
    public EaseParams {
        if (!(lambda > 0 && lambda < 1e12)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "lambda must be in (0, 1e12), got %s", lambda));
        }
        if (memoryBudgetBytes < 1 << 20) {
            throw new IllegalArgumentException(
                    "memory budget must be at least 1 MiB, got " + memoryBudgetBytes + " bytes");
        }
    }

    /** Lambda 500, 2 GiB. */
    public static EaseParams defaults() {
        return new EaseParams(500, 2048L << 20);
    }
}
