package dev.sweeplake.jobs.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.sweep.spi.Objective;
import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import dev.sweeplake.jobs.sweep.spi.TrialContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark MLlib {@code LogisticRegression} as a distributed objective (driver placement: each trial is Spark jobs in its
 * own job group). The split is exactly what {@code TrainValidationSplit} does ({@code randomSplit([train_ratio,
 * 1 - train_ratio], seed)} with the trial seed, both parts cached), and the metric is {@code BinaryClassificationEvaluator}'s
 * areaUnderROC on the validation part, so a grid sweep with tune seed S and TrainValidationSplit with seed S compute the
 * same numbers. Parameters: {@code reg_param}, {@code elastic_net_param}; fidelity: {@code max_iter}.
 *
 * <p>Datasets {@code a} and {@code b}: generated (seeded) binary classification data of the same shape, {@code rows} x
 * {@code features}, with a sparse true weight vector; cached once per Spark application. Thread-safe.
 */
public final class LogisticRegressionObjective implements Objective {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Dataset<Row>> CACHE = new ConcurrentHashMap<>();
    private static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType, false)
            .add("features", SQLDataTypes.VectorType(), false);

    private final int rows;
    private final int features;
    private final long dataSeed;
    private final double trainRatio;
    private final int partitions;

    /**
     * @param rows rows of the generated dataset
     * @param features features per row
     * @param dataSeed seed of the generated data (dataset b adds 1000)
     * @param trainRatio TrainValidationSplit's trainRatio
     * @param partitions partitions of the dataset
     */
    public record Options(int rows, int features, long dataSeed, double trainRatio, int partitions) {
        public Options {
            Checks.intIn("rows", rows, 10, 50_000_000);
            Checks.intIn("features", features, 1, 100_000);
            Checks.doubleIn("train_ratio", trainRatio, 0.01, 0.99);
            Checks.intIn("partitions", partitions, 1, 100_000);
        }

        public static Options defaults() {
            return new Options(20_000, 20, 1L, 0.75, 4);
        }
    }

    public LogisticRegressionObjective(JsonNode options) {
        Options o = options == null || options.isNull()
                ? Options.defaults()
                : ConfigBinder.bind(options, Options.class, "benchmark.options");
        this.rows = o.rows();
        this.features = o.features();
        this.dataSeed = o.dataSeed();
        this.trainRatio = o.trainRatio();
        this.partitions = o.partitions();
    }

    public double trainRatio() {
        return trainRatio;
    }

    @Override
    public Placement placement() {
        return Placement.DRIVER;
    }

    @Override
    public Set<String> metrics() {
        return Set.of("auc", "train_seconds");
    }

    @Override
    public Map<String, Fidelity> fidelities() {
        return Map.of("max_iter", new Fidelity(1, 10_000, 100));
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reg_param", 0.0);
        d.put("elastic_net_param", 0.0);
        return d;
    }

    @Override
    public void checkSpace(SearchSpace space) {
        for (SearchSpace.Param p : space.params()) {
            if (!defaults().containsKey(p.name())) {
                throw new ConfigException("config key 'space." + p.name()
                        + "': mllib-logreg takes parameters [elastic_net_param, reg_param], got '" + p.name() + "'");
            }
            if (p.type() != SearchSpace.Type.FLOAT) {
                throw new ConfigException("config key 'space." + p.name() + "': expected type float, got "
                        + p.type().name().toLowerCase(Locale.ROOT));
            }
            if (p.low() < 0 || (p.name().equals("elastic_net_param") && p.high() > 1)) {
                throw new ConfigException("config key 'space." + p.name() + "': expected a range within "
                        + (p.name().equals("reg_param") ? "[0, inf)" : "[0, 1]"));
            }
        }
    }

    @Override
    public String defaultDataset() {
        return "a";
    }

    @Override
    public String datasetVersion(String dataset) {
        return String.format(
                Locale.ROOT,
                "logreg-gen-v1-%s-rows%d-f%d-seed%d-p%d",
                dataSeedOf(dataset),
                rows,
                features,
                dataSeed,
                partitions);
    }

    private String dataSeedOf(String dataset) {
        if (!dataset.equals("a") && !dataset.equals("b")) {
            throw new ConfigException(
                    "config key 'benchmark.dataset': mllib-logreg has generated datasets [a, b], got '" + dataset
                            + "'");
        }
        return dataset;
    }

    /** The dataset, generated once per Spark application and cached. */
    public Dataset<Row> data(SparkSession spark, String dataset) {
        String key = spark.sparkContext().applicationId() + "|" + datasetVersion(dataset);
        return CACHE.computeIfAbsent(key, k -> {
            long seed = dataSeed + (dataset.equals("b") ? 1000 : 0);
            Random r = new Random(seed);
            double[] w = new double[features];
            for (int j = 0; j < features; j++) {
                w[j] = j % 3 == 0 ? r.nextGaussian() * 1.5 : 0.0;
            }
            List<Row> out = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                double[] x = new double[features];
                double z = 0.3;
                for (int j = 0; j < features; j++) {
                    x[j] = r.nextGaussian();
                    z += w[j] * x[j];
                }
                double label = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1.0 : 0.0;
                out.add(RowFactory.create(label, Vectors.dense(x)));
            }
            Dataset<Row> df =
                    spark.createDataFrame(out, SCHEMA).repartition(partitions).cache();
            df.count();
            return df;
        });
    }

    @Override
    public Map<String, Double> evaluate(TrialContext ctx) {
        SparkSession spark = ctx.spark();
        if (spark == null) {
            throw new IllegalStateException("mllib-logreg runs on the driver; no SparkSession given");
        }
        Dataset<Row> data = data(spark, ctx.dataset());
        // Exactly TrainValidationSplit's split: randomSplit([r, 1 - r], seed), both parts cached.
        Dataset<Row>[] split = data.randomSplit(new double[] {trainRatio, 1 - trainRatio}, ctx.seed());
        Dataset<Row> train = split[0].cache();
        Dataset<Row> valid = split[1].cache();
        try {
            long t0 = System.nanoTime();
            LogisticRegression lr = new LogisticRegression()
                    .setRegParam(ctx.doubleParam("reg_param"))
                    .setElasticNetParam(ctx.doubleParam("elastic_net_param"))
                    .setMaxIter((int) Math.round(
                            ctx.fidelityOr(fidelities().get("max_iter").defaultValue())));
            LogisticRegressionModel model = lr.fit(train);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double auc = new BinaryClassificationEvaluator().evaluate(model.transform(valid));
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("auc", auc);
            m.put("train_seconds", seconds);
            return m;
        } finally {
            train.unpersist(false);
            valid.unpersist(false);
        }
    }
}
