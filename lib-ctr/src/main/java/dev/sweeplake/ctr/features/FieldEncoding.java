package dev.sweeplake.ctr.features;

import java.util.Locale;
import java.util.Objects;

/**
 * How one raw field becomes feature ids.
 *
 * <ul>
 *   <li>{@link Kind#VOCABULARY} (categorical / multi-categorical): values seen at least {@code minCount} times in the
 *       training split get their own id; everything else, unseen values included, maps to the field's OOV id.</li>
 *   <li>{@link Kind#HASHING} (categorical / multi-categorical): id = hash(value) mod {@code hashBuckets}; no fitting,
 *       for huge vocabularies.</li>
 *   <li>{@link Kind#NORMALIZE} (numeric): one id whose embedding is scaled by (x - mean) / std of the training split.</li>
 *   <li>{@link Kind#BUCKETIZE} (numeric): quantile buckets of the training split ({@code numBuckets}), one id each.</li>
 * </ul>
 *
 * NaN numerics follow {@code nanPolicy}: {@link NanPolicy#FAIL} (default) throws naming field and row;
 * {@link NanPolicy#IMPUTE} uses the training mean (NORMALIZE) or a dedicated missing bucket (BUCKETIZE).
 * Multi-categorical bags are pooled by {@code pooling} (MEAN by default); an empty bag maps to the OOV id.
 */
public record FieldEncoding(
        Kind kind, int minCount, int hashBuckets, int numBuckets, Pooling pooling, NanPolicy nanPolicy) {

    public enum Kind {
        VOCABULARY,
        HASHING,
        NORMALIZE,
        BUCKETIZE
    }

    public enum Pooling {
        MEAN,
        SUM
    }

    public enum NanPolicy {
        FAIL,
        IMPUTE
    }

    public FieldEncoding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(nanPolicy, "nanPolicy");
        check("minCount", minCount, 1, Integer.MAX_VALUE);
        check("hashBuckets", hashBuckets, 1, 1 << 30);
        check("numBuckets", numBuckets, 2, 1 << 20);
    }

    private static void check(String name, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s must be in [%d, %d], got %d", name, lo, hi, v));
        }
    }

    public static FieldEncoding vocabulary(int minCount) {
        return new FieldEncoding(Kind.VOCABULARY, minCount, 1 << 20, 10, Pooling.MEAN, NanPolicy.FAIL);
    }

    public static FieldEncoding hashing(int buckets) {
        return new FieldEncoding(Kind.HASHING, 1, buckets, 10, Pooling.MEAN, NanPolicy.FAIL);
    }

    public static FieldEncoding normalize() {
        return new FieldEncoding(Kind.NORMALIZE, 1, 1 << 20, 10, Pooling.MEAN, NanPolicy.FAIL);
    }

    public static FieldEncoding bucketize(int buckets) {
        return new FieldEncoding(Kind.BUCKETIZE, 1, 1 << 20, buckets, Pooling.MEAN, NanPolicy.FAIL);
    }

    public FieldEncoding withPooling(Pooling p) {
        return new FieldEncoding(kind, minCount, hashBuckets, numBuckets, p, nanPolicy);
    }

    public FieldEncoding withNanPolicy(NanPolicy p) {
        return new FieldEncoding(kind, minCount, hashBuckets, numBuckets, pooling, p);
    }

    public FieldEncoding withMinCount(int m) {
        return new FieldEncoding(kind, m, hashBuckets, numBuckets, pooling, nanPolicy);
    }
}
