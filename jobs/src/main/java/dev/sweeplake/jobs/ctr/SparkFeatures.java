package dev.sweeplake.jobs.ctr;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.features.FeatureStatistics;
import dev.sweeplake.ctr.features.FieldEncoding;
import dev.sweeplake.ctr.features.FieldEncoding.NanPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * Fits a {@link FeatureProcessor} on a training split held by Spark, with only statistics reaching the driver: value
 * counts of each vocabulary field (values seen at least {@code min_count} times), count / sum / sum of squared deviations
 * of each normalised numeric field, and the order statistics that become bucket boundaries. The processor equals
 * {@link FeatureProcessor#fit} on the same rows: vocabularies and boundaries exactly, means and standard deviations up
 * to floating-point summation order (a relative 1e-12 on test data).
 *
 * <p>Input: a split as {@link ParquetSource#select} returns it (column {@code __label}, then the schema's fields in order:
 * string, double, array&lt;string&gt;; nulls allowed, treated as the driver path treats them: missing categorical ""
 * , missing numeric NaN, missing bag empty, missing bag element "").
 *
 * <p>Known difference: Spark groups -0.0 with 0.0, so a bucket boundary that would be -0.0 on the driver is 0.0 here.
 *
 * <p>Thread-safety: stateless.
 */
final class SparkFeatures {
    private SparkFeatures() {}

    /** Row count, positive labels and, per schema field, NaN-or-null count (0 for non-numeric fields) of a split. */
    record SplitCounts(long rows, long positives, long[] nanCounts) {}

    static SplitCounts counts(Dataset<Row> split, Schema schema) {
        List<Column> aggs = new ArrayList<>();
        aggs.add(org.apache.spark.sql.functions.count(lit(1)));
        aggs.add(org.apache.spark.sql.functions.sum(
                when(col("__label").equalTo(1.0), 1L).otherwise(0L)));
        for (FieldSpec f : schema.fields()) {
            aggs.add(
                    f.type() == FieldType.NUMERIC
                            ? org.apache.spark.sql.functions.sum(when(
                                            col(f.name()).isNull().or(isnan(col(f.name()))), 1L)
                                    .otherwise(0L))
                            : lit(0L));
        }
        Row r = split.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
                .first();
        long[] nan = new long[schema.size()];
        for (int f = 0; f < nan.length; f++) {
            nan[f] = r.isNullAt(f + 2) ? 0 : ((Number) r.get(f + 2)).longValue();
        }
        return new SplitCounts(r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1), nan);
    }

    /**
     * Fits the processor on {@code train} ({@code counts} from {@link #counts}).
     *
     * @throws IllegalArgumentException for an encoding that does not suit its field or a NaN numeric under nanPolicy
     *     FAIL (naming the field and the number of NaN rows)
     */
    static FeatureProcessor fit(Dataset<Row> train, SplitCounts counts, Schema schema, FeatureConfig config) {
        if (counts.rows() == 0) {
            throw new IllegalArgumentException("cannot fit a feature processor on an empty training split (0 rows)");
        }
        FieldEncoding[] enc = FeatureProcessor.encodings(schema, config);
        int n = schema.size();
        checkNan(schema, enc, counts, "training");
        List<String[]> vocab = new ArrayList<>();
        double[] mean = new double[n];
        double[] std = new double[n];
        double[][] bounds = new double[n][];
        List<Integer> normalized = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            FieldSpec spec = schema.field(f);
            bounds[f] = new double[0];
            String[] v = new String[0];
            switch (enc[f].kind()) {
                case VOCABULARY -> v = vocabulary(train, spec, enc[f].minCount());
                case BUCKETIZE -> bounds[f] = boundaries(train, spec.name(), enc[f].numBuckets());
                case NORMALIZE -> normalized.add(f);
                case HASHING -> {}
                default -> throw new AssertionError();
            }
            vocab.add(v);
        }
        if (!normalized.isEmpty()) {
            normalize(train, schema, normalized, mean, std);
        }
        return FeatureProcessor.fromStatistics(schema, enc, vocab, mean, std, bounds);
    }

    /** Under nanPolicy FAIL a NaN (or null) numeric is an error, in any split (the driver path fails when encoding). */
    static void checkNan(Schema schema, FieldEncoding[] enc, SplitCounts counts, String split) {
        for (int f = 0; f < schema.size(); f++) {
            if (counts.nanCounts()[f] > 0 && enc[f].nanPolicy() == NanPolicy.FAIL) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "numeric field '%s' is NaN or null in %d rows of the %s split (nanPolicy FAIL; use "
                                + "NanPolicy.IMPUTE to impute)",
                        schema.field(f).name(),
                        counts.nanCounts()[f],
                        split));
            }
        }
    }

    private static String[] vocabulary(Dataset<Row> train, FieldSpec spec, int minCount) {
        Column c = col(spec.name());
        Dataset<Row> values = spec.type() == FieldType.MULTI_CATEGORICAL
                ? train.select(explode(coalesce(c, org.apache.spark.sql.functions.array()))
                                .as("v"))
                        .select(coalesce(col("v").cast(DataTypes.StringType), lit(""))
                                .as("v"))
                : train.select(coalesce(c, lit("")).as("v"));
        Map<String, Long> counts = new HashMap<>();
        for (Iterator<Row> it = values.groupBy("v")
                        .count()
                        .filter(col("count").geq(minCount))
                        .toLocalIterator();
                it.hasNext(); ) {
            Row r = it.next();
            counts.put(r.getString(0), r.getLong(1));
        }
        return FeatureStatistics.vocabulary(counts, minCount);
    }

    /** Means first (one aggregation), then the sums of squared deviations from them (a second one). */
    private static void normalize(
            Dataset<Row> train, Schema schema, List<Integer> fields, double[] mean, double[] std) {
        List<Column> first = new ArrayList<>();
        for (int f : fields) {
            Column x = clean(schema.field(f).name());
            first.add(org.apache.spark.sql.functions.count(x));
            first.add(org.apache.spark.sql.functions.sum(x));
        }
        Row r = train.agg(first.get(0), first.subList(1, first.size()).toArray(Column[]::new))
                .first();
        long[] n = new long[fields.size()];
        List<Column> second = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            int f = fields.get(i);
            n[i] = r.getLong(2 * i);
            mean[f] = n[i] == 0 ? 0 : r.getDouble(2 * i + 1) / n[i];
            Column d = clean(schema.field(f).name()).minus(lit(mean[f]));
            second.add(org.apache.spark.sql.functions.sum(d.multiply(d)));
        }
        Row s = train.agg(second.get(0), second.subList(1, second.size()).toArray(Column[]::new))
                .first();
        for (int i = 0; i < fields.size(); i++) {
            int f = fields.get(i);
            std[f] = FeatureStatistics.standardDeviation(s.isNullAt(i) ? 0 : s.getDouble(i), n[i]);
        }
    }

    /** The field as a double, null where it is null or NaN (so count/sum skip it). */
    private static Column clean(String name) {
        Column c = col(name);
        return when(c.isNull().or(isnan(c)), lit(null).cast(DataTypes.DoubleType))
                .otherwise(c);
    }

    /**
     * Bucket boundaries from the sorted distinct values and their counts (a range-partitioned Spark sort): one pass
     * sums each partition's counts, a second picks the values at {@link FeatureStatistics#bucketCutIndices}.
     */
    private static double[] boundaries(Dataset<Row> train, String name, int numBuckets) {
        JavaRDD<Row> sorted = train.select(clean(name).as("x"))
                .filter(col("x").isNotNull())
                .groupBy("x")
                .count()
                .orderBy("x")
                .javaRDD();
        List<Tuple2<Integer, Long>> sizes = sorted.mapPartitionsWithIndex(
                        (Integer p, Iterator<Row> it) -> {
                            long s = 0;
                            while (it.hasNext()) {
                                s += it.next().getLong(1);
                            }
                            return List.of(new Tuple2<>(p, s)).iterator();
                        },
                        false)
                .collect();
        long[] start = new long[sizes.size() + 1];
        for (Tuple2<Integer, Long> t : sizes) {
            start[t._1() + 1] = t._2();
        }
        for (int p = 1; p < start.length; p++) {
            start[p] += start[p - 1];
        }
        long[] at = FeatureStatistics.bucketCutIndices(start[start.length - 1], numBuckets);
        if (at.length == 0) {
            return new double[0];
        }
        long[] from = start;
        List<Tuple2<Long, Double>> picked = sorted.mapPartitionsWithIndex(
                        (Integer p, Iterator<Row> it) -> {
                            List<Tuple2<Long, Double>> out = new ArrayList<>();
                            long pos = from[p];
                            int k = 0;
                            while (k < at.length && at[k] < pos) {
                                k++;
                            }
                            while (it.hasNext() && k < at.length) {
                                Row row = it.next();
                                long end = pos + row.getLong(1);
                                while (k < at.length && at[k] < end) {
                                    out.add(new Tuple2<>(at[k], row.getDouble(0)));
                                    k++;
                                }
                                pos = end;
                            }
                            return out.iterator();
                        },
                        false)
                .collect();
        double[] cuts = new double[at.length];
        boolean[] seen = new boolean[at.length];
        for (Tuple2<Long, Double> t : picked) {
            for (int k = 0; k < at.length; k++) {
                if (at[k] == t._1()) {
                    cuts[k] = t._2();
                    seen[k] = true;
                }
            }
        }
        for (int k = 0; k < at.length; k++) {
            if (!seen[k]) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "field '%s': order statistic %d of %d not found (partition sizes %s)",
                        name,
                        at[k],
                        start[start.length - 1],
                        Arrays.toString(start)));
            }
        }
        return FeatureStatistics.bucketBoundaries(cuts);
    }
}
