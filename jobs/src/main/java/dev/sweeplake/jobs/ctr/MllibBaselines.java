package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.features.ColumnarEncoder;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.metrics.Auc;
import dev.sweeplake.ctr.metrics.LogLoss;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.util.Errors;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.FMClassificationModel;
import org.apache.spark.ml.classification.FMClassifier;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark MLlib baselines ({@code LogisticRegression}, {@code FMClassifier}, {@code GBTClassifier}) on a bench's
 * splits. Features are built the same way as for lib-ctr: each row becomes a sparse vector over the feature processor's
 * global id space, with the encoder's weights as values (1 for a categorical value, 1/n for each of n genres under mean
 * pooling, the normalised value for a numeric field), so both sides see exactly the same one-hot/hashed features. Each
 * (GBT gets a compact per-field layout of the same encoder instead, see {@link #treeRows}). Each
 * baseline and seed is one {@code fit} (Spark jobs on the cached training DataFrame) followed by scoring the validation
 * and test splits; AUC and log loss are computed with lib-ctr's exact metrics on the collected probabilities.
 *
 * <p>Thread-safety: runs on one driver thread.
 */
public final class MllibBaselines {
    static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType, false)
            .add("features", SQLDataTypes.VectorType(), false);

    private MllibBaselines() {}

    /**
     * One baseline fit and its figures.
     *
     * @param baseline which estimator
     * @param params every parameter with its value
     * @param seed seed given to the estimator
     * @param validAuc validation AUC
     * @param validLogLoss validation log loss
     * @param testAuc test AUC
     * @param testLogLoss test log loss
     * @param iterations optimizer iterations (LR, FM) or trees (GBT)
     * @param samplesPerSecond training rows x iterations / fit seconds
     * @param fitSeconds seconds in {@code fit}
     * @param trainSeconds fit and scoring of validation and test
     * @param objectiveHistory LR/FM training objective per iteration (empty for GBT)
     * @param startedMillis epoch millis at start
     * @param error null, or why it failed
     */
    public record Outcome(
            Baseline baseline,
            Map<String, Object> params,
            long seed,
            double validAuc,
            double validLogLoss,
            double testAuc,
            double testLogLoss,
            int iterations,
            double samplesPerSecond,
            double fitSeconds,
            double trainSeconds,
            double[] objectiveHistory,
            long startedMillis,
            String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** The three splits as DataFrames of (label, features), cached. */
    public record Frames(Dataset<Row> train, Dataset<Row> valid, Dataset<Row> test, long trainRows) {
        void unpersist() {
            train.unpersist();
            valid.unpersist();
            test.unpersist();
        }
    }

    /**
     * Frames of a distributed dataset, encoded by Spark tasks from the prepared split files in {@code folder} (see
     * {@link SplitStore}) with the broadcast processor: no row reaches the driver. {@code trees}: {@link #treeRows}
     * layout, else sparse one-hot vectors ({@link #rows}).
     */
    static Frames distributedFrames(
            SparkSession spark, CtrData.Prepared d, String folder, boolean trees, Broadcast<byte[]> processor) {
        FieldType[] types = ParquetSource.types(d.schema());
        String[] cols = d.schema().fields().stream().map(FieldSpec::name).toArray(String[]::new);
        List<Dataset<Row>> out = new ArrayList<>();
        for (String split : SplitStore.SPLITS) {
            JavaRDD<Row> rows = spark.read()
                    .parquet(new org.apache.hadoop.fs.Path(folder, split).toString())
                    .select("label", cols)
                    .javaRDD()
                    .mapPartitions(it -> encodePartition(it, processor.value(), types, trees));
            out.add(spark.createDataFrame(rows, SCHEMA).cache());
        }
        return new Frames(out.get(0), out.get(1), out.get(2), d.rows()[0]);
    }

    private static Iterator<Row> encodePartition(
            Iterator<Row> it, byte[] processorBytes, FieldType[] types, boolean trees) {
        List<Object[]> vals = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        while (it.hasNext()) {
            Row r = it.next();
            labels.add(r.getFloat(0));
            vals.add(ParquetSource.values(r, types));
        }
        FeatureProcessor fp = processor(processorBytes);
        ColumnarEncoder enc = fp.columnarEncoder(vals.size());
        for (int i = 0; i < vals.size(); i++) {
            enc.set(i, labels.get(i), vals.get(i));
        }
        EncodedData e = enc.build();
        return (trees ? treeRows(e, fieldStarts(fp), fp) : rows(e)).iterator();
    }

    private static String cachedId;
    private static FeatureProcessor cached;

    /** The processor of {@code bytes}, loaded once per JVM (vocabularies can be large). */
    private static synchronized FeatureProcessor processor(byte[] bytes) {
        String id = CtrData.processorId(bytes);
        if (!id.equals(cachedId)) {
            cached = FeatureProcessor.load(new ByteArrayInputStream(bytes));
            cachedId = id;
        }
        return cached;
    }

    /** Sparse one-hot frames (LR, FM). */
    static Frames frames(SparkSession spark, EncodedData train, EncodedData valid, EncodedData test) {
        return frames(spark, rows(train), rows(valid), rows(test), train.rows());
    }

    /** Compact per-field frames for trees (GBT); see {@link #treeRows}. */
    static Frames treeFrames(SparkSession spark, CtrData.Prepared d) {
        int[] start = fieldStarts(d.processor());
        return frames(
                spark,
                treeRows(d.train(), start, d.processor()),
                treeRows(d.valid(), start, d.processor()),
                treeRows(d.test(), start, d.processor()),
                d.train().rows());
    }

    private static Frames frames(SparkSession spark, List<Row> train, List<Row> valid, List<Row> test, long trainRows) {
        // About 20k rows per partition: more tasks than that only add scheduling overhead to every iteration.
        int parts = (int) Math.max(1, Math.min(spark.sparkContext().defaultParallelism(), trainRows / 20_000 + 1));
        Dataset<Row> tr =
                spark.createDataFrame(train, SCHEMA).repartition(parts).cache();
        Dataset<Row> va =
                spark.createDataFrame(valid, SCHEMA).repartition(parts).cache();
        Dataset<Row> te = spark.createDataFrame(test, SCHEMA).repartition(parts).cache();
        return new Frames(tr, va, te, trainRows);
    }

    /** First global id of each field (fields own contiguous id ranges in schema order). */
    static int[] fieldStarts(FeatureProcessor fp) {
        int n = fp.schema().size();
        int[] start = new int[n];
        for (int f = 1; f < n; f++) {
            start[f] = start[f - 1] + fp.fieldSize(f - 1);
        }
        return start;
    }

    /** Multi-valued fields up to this many ids are one-hot columns for trees; larger ones become their mean rank. */
    static final int TREE_ONE_HOT_MAX = 1024;

    /**
     * Rows for tree models over the same encoder: MLlib's trees bin every feature of every row densely, so the 10k-wide
     * one-hot vectors of LR/FM would cost rows x width ints (3 GB on MovieLens). Instead each single-valued categorical
     * field is one column holding its in-field id, which lib-ctr assigns by descending training frequency (0 = OOV), so a
     * split separates frequent from rare values; a normalised numeric field is its value; a multi-valued field of at most
     * {@link #TREE_ONE_HOT_MAX} ids is one-hot with its pooling weights (genres), a larger one its mean in-field id.
     */
    static List<Row> treeRows(EncodedData e, int[] start, FeatureProcessor fp) {
        int fields = e.numFields();
        int[] col = new int[fields + 1];
        boolean[] oneHot = new boolean[fields];
        for (int f = 0; f < fields; f++) {
            oneHot[f] = e.offsets(f) != null && fp.fieldSize(f) <= TREE_ONE_HOT_MAX;
            col[f + 1] = col[f] + (oneHot[f] ? fp.fieldSize(f) : 1);
        }
        List<Row> out = new ArrayList<>(e.rows());
        for (int r = 0; r < e.rows(); r++) {
            double[] x = new double[col[fields]];
            for (int f = 0; f < fields; f++) {
                int[] ids = e.ids(f);
                int[] off = e.offsets(f);
                float[] w = e.weights(f);
                if (off == null) {
                    x[col[f]] = w != null ? w[r] : ids[r] - start[f];
                } else if (oneHot[f]) {
                    for (int j = off[r]; j < off[r + 1]; j++) {
                        x[col[f] + ids[j] - start[f]] += w == null ? 1.0 : w[j];
                    }
                } else {
                    double sum = 0;
                    for (int j = off[r]; j < off[r + 1]; j++) {
                        sum += ids[j] - start[f];
                    }
                    x[col[f]] = off[r + 1] > off[r] ? sum / (off[r + 1] - off[r]) : 0;
                }
            }
            out.add(RowFactory.create((double) e.labels()[r], Vectors.dense(x).compressed()));
        }
        return out;
    }

    /** Runs every baseline x seed in order; {@code onDone} is called after each. */
    public static List<Outcome> run(
            JobContext ctx, CtrData.Prepared data, String folder, List<BaselineSpec> specs, Consumer<Outcome> onDone) {
        if (specs.isEmpty()) {
            return List.of();
        }
        ctx.phase("sweeplake-ctr-mllib", "MLlib baselines: building feature vectors");
        boolean linear = specs.stream().anyMatch(s -> s.model() != Baseline.MLLIB_GBT);
        boolean trees = specs.stream().anyMatch(s -> s.model() == Baseline.MLLIB_GBT);
        Broadcast<byte[]> processor = data.distributed()
                ? JavaSparkContext.fromSparkContext(ctx.spark().sparkContext()).broadcast(data.processorBytes())
                : null;
        Frames f = !linear
                ? null
                : data.distributed()
                        ? distributedFrames(ctx.spark(), data, folder, false, processor)
                        : frames(ctx.spark(), data.train(), data.valid(), data.test());
        Frames t = !trees
                ? null
                : data.distributed()
                        ? distributedFrames(ctx.spark(), data, folder, true, processor)
                        : treeFrames(ctx.spark(), data);
        try {
            List<Outcome> out = new ArrayList<>();
            for (BaselineSpec s : specs) {
                for (long seed : s.seedList()) {
                    ctx.phase(
                            "sweeplake-ctr-mllib",
                            String.format(Locale.ROOT, "%s seed %d", s.model().id(), seed));
                    Outcome o = fitOne(s.model(), s.resolvedParams(), seed, s.model() == Baseline.MLLIB_GBT ? t : f);
                    onDone.accept(o);
                    out.add(o);
                }
            }
            return out;
        } finally {
            if (f != null) {
                f.unpersist();
            }
            if (t != null) {
                t.unpersist();
            }
            if (processor != null) {
                processor.destroy();
            }
        }
    }

    /** Fits one baseline on {@code f.train} and scores validation and test. */
    public static Outcome fitOne(Baseline b, Map<String, Object> p, long seed, Frames f) {
        long started = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try {
            ProbabilisticClassificationModel<Vector, ?> model;
            int iterations;
            double[] history = new double[0];
            switch (b) {
                case MLLIB_LR -> {
                    LogisticRegressionModel m = new LogisticRegression()
                            .setMaxIter(i(p, "max_iter"))
                            .setRegParam(d(p, "reg_param"))
                            .setElasticNetParam(d(p, "elastic_net_param"))
                            .setTol(d(p, "tol"))
                            .setStandardization(false)
                            .fit(f.train());
                    iterations = m.summary().totalIterations();
                    history = m.summary().objectiveHistory();
                    model = m;
                }
                case MLLIB_FM -> {
                    FMClassificationModel m = new FMClassifier()
                            .setFactorSize(i(p, "factor_size"))
                            .setMaxIter(i(p, "max_iter"))
                            .setStepSize(d(p, "step_size"))
                            .setRegParam(d(p, "reg_param"))
                            .setMiniBatchFraction(d(p, "mini_batch_fraction"))
                            .setSolver((String) p.get("solver"))
                            .setTol(d(p, "tol"))
                            .setSeed(seed)
                            .fit(f.train());
                    iterations = m.summary().totalIterations();
                    history = m.summary().objectiveHistory();
                    model = m;
                }
                case MLLIB_GBT -> {
                    GBTClassificationModel m = new GBTClassifier()
                            .setMaxIter(i(p, "max_iter"))
                            .setMaxDepth(i(p, "max_depth"))
                            .setStepSize(d(p, "step_size"))
                            .setSubsamplingRate(d(p, "subsampling_rate"))
                            .setMaxBins(i(p, "max_bins"))
                            .setSeed(seed)
                            .fit(f.train());
                    iterations = m.getNumTrees();
                    model = m;
                }
                default -> throw new AssertionError(b);
            }
            double fitSeconds = (System.nanoTime() - t0) / 1e9;
            double[] valid = score(model, f.valid());
            double[] test = score(model, f.test());
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            return new Outcome(
                    b,
                    p,
                    seed,
                    valid[0],
                    valid[1],
                    test[0],
                    test[1],
                    iterations,
                    f.trainRows() * (double) Math.max(1, iterations) / fitSeconds,
                    fitSeconds,
                    trainSeconds,
                    history,
                    started,
                    null);
        } catch (RuntimeException e) {
            return new Outcome(
                    b,
                    p,
                    seed,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0,
                    Double.NaN,
                    Double.NaN,
                    (System.nanoTime() - t0) / 1e9,
                    new double[0],
                    started,
                    Errors.oneLine(e));
        }
    }

    /** AUC and log loss of a model's class-1 probability on {@code df}. */
    static double[] score(ProbabilisticClassificationModel<Vector, ?> model, Dataset<Row> df) {
        List<Row> rows = model.transform(df).select("label", "probability").collectAsList();
        float[] y = new float[rows.size()];
        float[] p = new float[rows.size()];
        for (int i = 0; i < y.length; i++) {
            Row r = rows.get(i);
            y[i] = (float) r.getDouble(0);
            p[i] = (float) ((Vector) r.get(1)).apply(1);
        }
        return new double[] {Auc.compute(p, y), LogLoss.compute(p, y)};
    }

    private static int i(Map<String, Object> p, String k) {
        return ((Number) p.get(k)).intValue();
    }

    private static double d(Map<String, Object> p, String k) {
        return ((Number) p.get(k)).doubleValue();
    }

    /** Rows of (label, sparse vector of the encoded ids with their weights; repeated ids summed). */
    static List<Row> rows(EncodedData e) {
        int n = e.rows();
        int fields = e.numFields();
        List<Row> out = new ArrayList<>(n);
        int[] idx = new int[64];
        double[] val = new double[64];
        for (int r = 0; r < n; r++) {
            int k = 0;
            for (int f = 0; f < fields; f++) {
                int[] ids = e.ids(f);
                int[] off = e.offsets(f);
                float[] w = e.weights(f);
                int from = off == null ? r : off[r];
                int to = off == null ? r + 1 : off[r + 1];
                for (int j = from; j < to; j++) {
                    if (k == idx.length) {
                        idx = Arrays.copyOf(idx, k * 2);
                        val = Arrays.copyOf(val, k * 2);
                    }
                    idx[k] = ids[j];
                    val[k] = w == null ? 1.0 : w[j];
                    k++;
                }
            }
            out.add(RowFactory.create((double) e.labels()[r], sparse(e.numFeatures(), idx, val, k)));
        }
        return out;
    }

    static Vector sparse(int size, int[] idx, double[] val, int k) {
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        int[] ix = idx;
        Arrays.sort(order, (a, b2) -> Integer.compare(ix[a], ix[b2]));
        int[] outI = new int[k];
        double[] outV = new double[k];
        int m = 0;
        for (int i = 0; i < k; i++) {
            int id = idx[order[i]];
            if (m > 0 && outI[m - 1] == id) {
                outV[m - 1] += val[order[i]];
            } else {
                outI[m] = id;
                outV[m] = val[order[i]];
                m++;
            }
        }
        return Vectors.sparse(size, Arrays.copyOf(outI, m), Arrays.copyOf(outV, m));
    }
}
