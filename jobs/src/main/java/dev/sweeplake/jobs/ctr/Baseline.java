package dev.sweeplake.jobs.ctr;

import java.util.List;
import java.util.Locale;

/** The Spark MLlib baselines a CTR bench can run, with the parameter keys each one takes. */
public enum Baseline {
    /** {@code org.apache.spark.ml.classification.LogisticRegression}. */
    MLLIB_LR(List.of("max_iter", "reg_param", "elastic_net_param", "tol")),
    /** {@code org.apache.spark.ml.classification.FMClassifier}. */
    MLLIB_FM(List.of("factor_size", "max_iter", "step_size", "reg_param", "mini_batch_fraction", "solver", "tol")),
    /** {@code org.apache.spark.ml.classification.GBTClassifier}. */
    MLLIB_GBT(List.of("max_iter", "max_depth", "step_size", "subsampling_rate", "max_bins"));

    private final List<String> keys;

    Baseline(List<String> keys) {
        this.keys = keys;
    }

    /** The parameter keys this baseline takes. */
    public List<String> keys() {
        return keys;
    }

    /** Name in results: mllib-lr, mllib-fm, mllib-gbt. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
