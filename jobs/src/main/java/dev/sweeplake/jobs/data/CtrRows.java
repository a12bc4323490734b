package dev.sweeplake.jobs.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark side of the Criteo-shaped generator: the rows of one split, and the best achievable AUC of a written test
 * split. Stateless; thread-safe.
 */
final class CtrRows {
    /** Bins of the planted probability for the AUC sums (ties inside a bin count half). */
    static final int AUC_BINS = 1 << 16;

    private CtrRows() {}

    static StructType schema(int numeric, int categorical) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("label", DataTypes.IntegerType, false));
        for (int j = 1; j <= numeric; j++) {
            f.add(DataTypes.createStructField("I" + j, DataTypes.DoubleType, false));
        }
        for (int j = 1; j <= categorical; j++) {
            f.add(DataTypes.createStructField("C" + j, DataTypes.StringType, false));
        }
        f.add(DataTypes.createStructField("planted_p", DataTypes.DoubleType, false));
        return DataTypes.createStructType(f);
    }

    static Dataset<Row> rows(SparkSession spark, CriteoShaped gen, int split, long n, int parts) {
        int nn = gen.numericFields();
        int nc = gen.categoricalFields();
        MapPartitionsFunction<Long, Row> f = (Iterator<Long> ids) -> new Iterator<>() {
            private final CriteoShaped.Row r = gen.newRow();

            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                gen.row(split, ids.next(), r);
                Object[] v = new Object[2 + nn + nc];
                v[0] = r.label;
                for (int j = 0; j < nn; j++) {
                    v[1 + j] = r.numerics[j];
                }
                System.arraycopy(r.tokens, 0, v, 1 + nn, nc);
                v[v.length - 1] = r.p;
                return RowFactory.create(v);
            }
        };
        return spark.range(0, n, 1, parts).as(Encoders.LONG()).mapPartitions(f, Encoders.row(schema(nn, nc)));
    }

    /**
     * The AUC of the planted probability on {@code test} (columns {@code planted_p}, {@code label}): against the drawn
     * labels ({@code bayes_auc_test}, the best any model can score on this split up to binning) and its expectation over
     * the labels ({@code bayes_auc_expected}: each row counts p as positive and 1 - p as negative), plus the positive
     * rate. Only the per-bin sums reach the driver.
     */
    static Map<String, Double> bayesAuc(Dataset<Row> test) {
        List<Row> bins = test.groupBy(floor(col("planted_p").multiply(AUC_BINS)).as("bin"))
                .agg(
                        count(lit(1)).as("n"),
                        sum(col("label")).as("pos"),
                        sum(col("planted_p")).as("psum"))
                .orderBy("bin")
                .collectAsList();
        double[] pos = new double[bins.size()];
        double[] neg = new double[bins.size()];
        double[] epos = new double[bins.size()];
        double[] eneg = new double[bins.size()];
        long rows = 0;
        long positives = 0;
        for (int i = 0; i < bins.size(); i++) {
            Row b = bins.get(i);
            long n = b.getLong(1);
            long p = b.getLong(2);
            double ps = b.getDouble(3);
            pos[i] = p;
            neg[i] = n - p;
            epos[i] = ps;
            eneg[i] = n - ps;
            rows += n;
            positives += p;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("bayes_auc_test", auc(pos, neg));
        out.put("bayes_auc_expected", auc(epos, eneg));
        out.put("positive_rate", rows == 0 ? Double.NaN : (double) positives / rows);
        return out;
    }

    /** AUC from per-bin positive and negative weights, bins in ascending score order, ties counting half. */
    static double auc(double[] pos, double[] neg) {
        double below = 0;
        double area = 0;
        double tp = 0;
        for (int i = 0; i < pos.length; i++) {
            area += pos[i] * (below + 0.5 * neg[i]);
            below += neg[i];
            tp += pos[i];
        }
        return tp == 0 || below == 0 ? Double.NaN : area / (tp * below);
    }
}
