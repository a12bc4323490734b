package dev.sweeplake.jobs.ann;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * One pass over a normalised vector table that applies the bad-row policy: counts rows, finds the first bad row (null
 * id, null or wrong-dimension vector, NaN/Inf), computes an order-independent content fingerprint, then checks that ids
 * are unique. Stateless; thread-safe.
 */
public final class InputCheck {
    private InputCheck() {}

    /** The checked rows (bad ones removed under SKIP), their count, the skipped count and a content fingerprint. */
    public record Checked(Dataset<Row> rows, long count, long skipped, long fingerprint) {}

    private record Stats(long count, long bad, long fingerprint, String firstProblem) implements Serializable {
        Stats merge(Stats o) {
            return new Stats(
                    count + o.count,
                    bad + o.bad,
                    fingerprint + o.fingerprint,
                    firstProblem != null ? firstProblem : o.firstProblem);
        }
    }

    public static Checked check(
            SparkSession spark, Dataset<Row> rows, int dimension, BadRowPolicy policy, String what) {
        JavaRDD<InternalRow> rdd = VectorRows.internalRows(rows);
        // The first job over the input: a bad row of a file read on the executors surfaces here, named by file and row.
        Stats s = dev.sweeplake.jobs.errors.SweeplakeErrors.fromTask(() -> rdd.mapPartitions(
                        (Iterator<InternalRow> it) -> dev.sweeplake.jobs.errors.SweeplakeErrors.inTask(() -> {
                            long count = 0;
                            long bad = 0;
                            long fp = 0;
                            String first = null;
                            while (it.hasNext()) {
                                InternalRow r = it.next();
                                float[] v = VectorRows.vectorOrNull(r);
                                String p = VectorRows.problem(r, v, dimension);
                                if (p != null) {
                                    bad++;
                                    first = first == null ? p : first;
                                    continue;
                                }
                                count++;
                                fp += fingerprint(r.getLong(0), v);
                            }
                            return List.of(new Stats(count, bad, fp, first)).iterator();
                        }))
                .reduce(Stats::merge));
        if (s.bad() > 0 && policy == BadRowPolicy.FAIL) {
            throw new IllegalArgumentException(what + ": " + s.firstProblem() + " (" + s.bad()
                    + " bad rows; set bad_rows: skip to leave them out)");
        }
        Dataset<Row> good = s.bad() == 0
                ? rows
                : VectorRows.dataFrame(spark, rdd.flatMap(r -> {
                    float[] v = VectorRows.vectorOrNull(r);
                    return VectorRows.problem(r, v, dimension) == null
                            ? List.of(new VectorRows.Record(r.getLong(0), v)).iterator()
                            : java.util.Collections.<VectorRows.Record>emptyIterator();
                }));
        if (s.count() == 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s is empty: expected at least 1 vector, actual 0%s",
                    what,
                    s.bad() > 0 ? " (" + s.bad() + " bad rows skipped)" : ""));
        }
        List<Row> dup = good.groupBy(col("id"))
                .count()
                .where(col("count").gt(1))
                .orderBy(col("id"))
                .limit(1)
                .collectAsList();
        if (!dup.isEmpty()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: ids must be unique, actual id %d in %d rows",
                    what,
                    dup.get(0).getLong(0),
                    dup.get(0).getLong(1)));
        }
        return new Checked(good, s.count(), s.bad(), s.fingerprint());
    }

    /** A 64-bit mix of the id and the vector's bits; summed over rows it identifies the content in any order. */
    static long fingerprint(long id, float[] v) {
        long h = id * 0x9E3779B97F4A7C15L;
        for (float f : v) {
            h = (h ^ Float.floatToIntBits(f)) * 0x100000001B3L;
        }
        return h ^ (h >>> 31);
    }

    static List<String> none() {
        return new ArrayList<>();
    }
}
