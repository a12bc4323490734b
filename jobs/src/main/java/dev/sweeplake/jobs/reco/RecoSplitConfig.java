package dev.sweeplake.jobs.reco;

import dev.sweeplake.ctr.reco.SplitKind;
import dev.sweeplake.ctr.reco.SplitParams;
import dev.sweeplake.jobs.config.Checks;

/**
 * The split of a reco bench ({@code split:}); see {@link SplitKind} for the rules.
 *
 * @param kind stratified, user_temporal, leave_last_one_out or global_temporal
 * @param testRatio share of rows held out for test (per user, or global), in (0, 1)
 * @param validRatio share of the training rows carved out for validation by the same rule, in [0, 1)
 * @param seed seed of the random permutations
 */
public record RecoSplitConfig(SplitKind kind, double testRatio, double validRatio, long seed) {
    public RecoSplitConfig {
        Checks.notNull("kind", kind);
        Checks.doubleIn("test_ratio", testRatio, 1e-9, 1 - 1e-9);
        Checks.doubleIn("valid_ratio", validRatio, 0, 1 - 1e-9);
    }

    /** Stratified 75/25, validation 25% of training, seed 42. */
    public static RecoSplitConfig defaults() {
        return new RecoSplitConfig(SplitKind.STRATIFIED, 0.25, 0.25, 42L);
    }

    public SplitParams params() {
        return new SplitParams(kind, testRatio, validRatio, seed);
    }
}
