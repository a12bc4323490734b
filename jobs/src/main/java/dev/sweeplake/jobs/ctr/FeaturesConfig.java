package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FieldEncoding;
import dev.sweeplake.jobs.config.Checks;

/**
 * How raw fields become feature ids ({@code features:}); fitted on the training split only, then shared by every lib-ctr
 * trial and, as one-hot/hashed sparse vectors over the same ids, by the MLlib baselines.
 *
 * @param minCount categorical values seen fewer times in the training split map to the field's OOV id
 * @param hashBuckets 0: a vocabulary per categorical field; > 0: feature hashing into this many buckets per field
 * @param pooling multi-categorical bags: mean or sum of the members' embeddings (one-hot weights 1/n or 1 for MLlib)
 * @param numeric numeric fields: normalize (one scaled id) or bucketize (quantile buckets)
 * @param numBuckets bucketize: buckets per numeric field
 * @param nanPolicy NaN numerics: fail (default; the bench stops before training, naming field, split and row) or impute
 *     (training mean / a missing bucket)
 */
public record FeaturesConfig(
        int minCount,
        int hashBuckets,
        FieldEncoding.Pooling pooling,
        Numeric numeric,
        int numBuckets,
        FieldEncoding.NanPolicy nanPolicy) {

    /** Numeric field encodings. */
    public enum Numeric {
        NORMALIZE,
        BUCKETIZE
    }

    public FeaturesConfig {
        Checks.intIn("min_count", minCount, 1, 1_000_000);
        Checks.intIn("hash_buckets", hashBuckets, 0, 1 << 30);
        Checks.notNull("pooling", pooling);
        Checks.notNull("numeric", numeric);
        Checks.intIn("num_buckets", numBuckets, 2, 1 << 20);
        Checks.notNull("nan_policy", nanPolicy);
    }

    public static FeaturesConfig defaults() {
        return new FeaturesConfig(
                1, 0, FieldEncoding.Pooling.MEAN, Numeric.NORMALIZE, 10, FieldEncoding.NanPolicy.FAIL);
    }

    /** The lib-ctr feature configuration. */
    public FeatureConfig toFeatureConfig() {
        FieldEncoding cat = (hashBuckets > 0 ? FieldEncoding.hashing(hashBuckets) : FieldEncoding.vocabulary(minCount))
                .withPooling(pooling)
                .withNanPolicy(nanPolicy);
        FieldEncoding num = (numeric == Numeric.NORMALIZE
                        ? FieldEncoding.normalize()
                        : FieldEncoding.bucketize(numBuckets))
                .withNanPolicy(nanPolicy);
        return FeatureConfig.defaults().withCategoricalDefault(cat).withNumericDefault(num);
    }
}
