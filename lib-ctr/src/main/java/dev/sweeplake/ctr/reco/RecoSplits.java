package dev.sweeplake.ctr.reco;

/**
 * The three splits of a recommendation benchmark and what the protocol did to cold users and items. {@code train}
 * excludes the validation rows: tuning fits on {@code train} and scores {@code valid}; reporting fits on
 * {@link #fullTrain()} (train + valid) and scores {@code test}. Immutable.
 *
 * @param train training rows without the validation rows
 * @param valid validation rows (empty when the validation ratio is 0)
 * @param test test rows
 * @param version 16 hex digits of SHA-256 over the split parameters and the three splits' rows (content address)
 * @param stats counts of cold users and items
 */
public record RecoSplits(Interactions train, Interactions valid, Interactions test, String version, Stats stats) {

    /**
     * Counts reported with every split. A test user without training rows cannot be scored: excluded from evaluation
     * and counted. A test row whose item has no training row stays relevant (no model can retrieve it: it lowers recall
     * for every model alike) and is counted.
     *
     * @param testColdUsers test users with no row in full training
     * @param testColdItemRows test rows whose item has no row in full training
     * @param validColdUsers validation users with no row in training
     * @param validColdItemRows validation rows whose item has no row in training
     */
    public record Stats(int testColdUsers, int testColdItemRows, int validColdUsers, int validColdItemRows) {}

    public Interactions fullTrain() {
        return train.concat(valid, train.source() + "+valid");
    }
}
