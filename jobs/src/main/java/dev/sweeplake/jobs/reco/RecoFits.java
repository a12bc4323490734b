package dev.sweeplake.jobs.reco;

import dev.sweeplake.ctr.reco.EaseModel;
import dev.sweeplake.ctr.reco.FactorModel;
import dev.sweeplake.ctr.reco.Interactions;
import dev.sweeplake.ctr.reco.ItemKnnModel;
import dev.sweeplake.ctr.reco.PopularityModel;
import dev.sweeplake.ctr.reco.RankingMetrics;
import dev.sweeplake.ctr.reco.RecoEvaluation;
import dev.sweeplake.ctr.reco.Recommender;
import dev.sweeplake.ctr.reco.UserItemMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fits one model point on a training split and evaluates it: lib-ctr models in this JVM (a trial's task), MLlib ALS
 * as Spark jobs from the driver with its factors then scored exactly on the driver ({@link FactorModel}: all catalogue
 * items, seen items removed, unlike {@code recommendForAllUsers}).
 *
 * <p>ALS input: user and item ids must fit an int (MLlib's requirement; checked with the offending id); explicit ALS
 * fits the ratings (a source without ratings is refused), implicit ALS gets preference 1 for every kept interaction,
 * confidence {@code 1 + alpha}.
 *
 * <p>Thread-safety: stateless.
 */
public final class RecoFits {
    static final StructType ALS_SCHEMA = new StructType()
            .add("user", DataTypes.IntegerType, false)
            .add("item", DataTypes.IntegerType, false)
            .add("rating", DataTypes.FloatType, false);

    /**
     * ALS iterations between checkpoints of its factor RDDs. Without checkpoints each iteration deepens the lineage,
     * and at about 20 iterations deserialising a task overflowed the executor thread's stack (a StackOverflowError in
     * a local executor ends the whole JVM); MLlib checkpoints only when the context has a checkpoint directory.
     */
    static final int CHECKPOINT_INTERVAL = 5;

    private RecoFits() {}

    /**
     * Sets a checkpoint directory when the context has none (ALS needs one to cut its lineage): a temporary folder,
     * deleted when the JVM exits, on a local master; {@code /tmp/sweeplake-checkpoints/<application id>} on the cluster's
     * default file system otherwise. A directory the user set ({@code SparkContext.setCheckpointDir}) is kept.
     */
    static synchronized void ensureCheckpointDir(SparkSession spark) {
        org.apache.spark.SparkContext sc = spark.sparkContext();
        if (sc.getCheckpointDir().isDefined()) {
            return;
        }
        if (sc.isLocal()) {
            try {
                java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sweeplake-als-checkpoints");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir.toFile())));
                sc.setCheckpointDir(dir.toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create a checkpoint directory for ALS: " + e, e);
            }
        } else {
            sc.setCheckpointDir("/tmp/sweeplake-checkpoints/" + sc.applicationId());
        }
    }

    private static void deleteTree(java.io.File f) {
        java.io.File[] children = f.listFiles();
        if (children != null) {
            for (java.io.File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }

    /** Fits a lib-ctr model (not ALS). */
    public static Recommender fitLib(RecoParams.Point p, UserItemMatrix m, int threads) {
        return switch (p.model()) {
            case POPULARITY -> PopularityModel.fit(m);
            case ITEMKNN -> ItemKnnModel.fit(m, p.itemKnn(), threads);
            case EASE -> EaseModel.fit(m, p.ease(), threads);
            case ALS, ALS_IMPLICIT ->
                throw new IllegalArgumentException(p.model().id() + " is fitted by Spark, not here");
        };
    }

    /** Fits MLlib ALS on {@code train} and returns its factors as a model over the training matrix. */
    public static FactorModel fitAls(
            SparkSession spark, RecoParams.Point p, Interactions train, UserItemMatrix m, long seed) {
        ensureCheckpointDir(spark);
        ALSModel model = alsEstimator(p, seed).fit(alsFrame(spark, train, p.model() == RecoModel.ALS_IMPLICIT));
        return factors(p.model().id(), model, m);
    }

    static ALS alsEstimator(RecoParams.Point p, long seed) {
        RecoParams.Als a = p.als();
        return new ALS()
                .setRank(a.rank())
                .setRegParam(a.reg())
                .setAlpha(a.alpha())
                .setMaxIter(a.iterations())
                .setNonnegative(a.nonnegative())
                .setImplicitPrefs(p.model() == RecoModel.ALS_IMPLICIT)
                .setSeed(seed)
                .setCheckpointInterval(CHECKPOINT_INTERVAL)
                .setUserCol("user")
                .setItemCol("item")
                .setRatingCol("rating")
                .setColdStartStrategy("drop");
    }

    static Dataset<Row> alsFrame(SparkSession spark, Interactions train, boolean implicit) {
        List<Row> rows = new ArrayList<>(train.size());
        for (int i = 0; i < train.size(); i++) {
            float r = implicit ? 1f : train.ratings()[i];
            if (Float.isNaN(r)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "explicit ALS needs ratings; %s row %d (user %d, item %d) has none (use als-implicit)",
                        train.source(),
                        i + 1,
                        train.users()[i],
                        train.items()[i]));
            }
            rows.add(RowFactory.create(intId("user", train.users()[i]), intId("item", train.items()[i]), r));
        }
        return spark.createDataFrame(rows, ALS_SCHEMA);
    }

    private static int intId(String what, long id) {
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "MLlib ALS needs %s ids that fit an int, got %d", what, id));
        }
        return (int) id;
    }

    static FactorModel factors(String name, ALSModel model, UserItemMatrix m) {
        int rank = model.rank();
        List<Row> us = model.userFactors().collectAsList();
        List<Row> is = model.itemFactors().collectAsList();
        long[] uid = new long[us.size()];
        float[] uf = new float[us.size() * rank];
        fill(us, uid, uf, rank);
        long[] iid = new long[is.size()];
        float[] itf = new float[is.size() * rank];
        fill(is, iid, itf, rank);
        return new FactorModel(name, m, rank, uid, uf, iid, itf);
    }

    private static void fill(List<Row> rows, long[] ids, float[] f, int rank) {
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            ids[r] = row.getInt(0);
            List<Float> v = row.getList(1);
            for (int k = 0; k < rank; k++) {
                f[r * rank + k] = v.get(k);
            }
        }
    }

    /** Validation and test metrics of one point: fit on train -> valid, fit on train + valid -> test. */
    public record Evaluated(
            RankingMetrics valid,
            RankingMetrics test,
            double fitSeconds,
            double usersPerSecond,
            RecoAnnComparison ann) {}

    /** Runs the protocol for one point with exact retrieval; {@code spark} is needed for ALS only. */
    public static Evaluated protocol(
            SparkSession spark,
            RecoParams.Point p,
            long seed,
            Interactions train,
            Interactions valid,
            Interactions test,
            int k,
            int threads) {
        return protocol(spark, p, seed, train, valid, test, k, threads, null);
    }

    /**
     * Runs the protocol for one point; {@code spark} is needed for ALS only. With {@code retrieval} in mode
     * {@code both}, a factor model's test evaluation is repeated through a lib-ann index over its item factors
     * ({@link RecoAnnComparison}; null otherwise).
     */
    public static Evaluated protocol(
            SparkSession spark,
            RecoParams.Point p,
            long seed,
            Interactions train,
            Interactions valid,
            Interactions test,
            int k,
            int threads,
            RecoAnnSetting retrieval) {
        RankingMetrics v = null;
        if (valid.size() > 0) {
            UserItemMatrix m = UserItemMatrix.of(train);
            Recommender r = p.model().isSpark() ? fitAls(spark, p, train, m, seed) : fitLib(p, m, threads);
            v = RecoEvaluation.evaluate(r, valid, k, threads, false).metrics();
        }
        Interactions full = train.concat(valid, "train+valid");
        long t0 = System.nanoTime();
        UserItemMatrix m = UserItemMatrix.of(full);
        Recommender r = p.model().isSpark() ? fitAls(spark, p, full, m, seed) : fitLib(p, m, threads);
        double fit = (System.nanoTime() - t0) / 1e9;
        boolean ann = retrieval != null && retrieval.ann() && r instanceof FactorModel;
        RecoEvaluation.Result t = RecoEvaluation.evaluate(r, test, k, threads, ann);
        RecoAnnComparison c = ann ? RecoAnnComparison.of((FactorModel) r, retrieval, test, k, threads, t) : null;
        return new Evaluated(v, t.metrics(), fit, t.metrics().users() / Math.max(1e-9, t.seconds()), c);
    }
}
