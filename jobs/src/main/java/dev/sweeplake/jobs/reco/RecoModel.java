package dev.sweeplake.jobs.reco;

import java.util.Locale;

/**
 * The models of a reco bench. {@link #POPULARITY}, {@link #ITEMKNN} and {@link #EASE} are lib-ctr's in-memory models
 * (one Spark task per trial); {@link #ALS} and {@link #ALS_IMPLICIT} are Spark MLlib ALS (explicit ratings, or
 * implicit preferences with confidence {@code 1 + alpha}), fitted as Spark jobs on the driver. Immutable.
 */
public enum RecoModel {
    POPULARITY,
    ITEMKNN,
    EASE,
    ALS,
    ALS_IMPLICIT;

    /** Name in configs and results: popularity, itemknn, ease, als, als-implicit. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isSpark() {
        return this == ALS || this == ALS_IMPLICIT;
    }
}
