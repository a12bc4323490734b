package dev.sweeplake.jobs.reco;

import dev.sweeplake.ctr.reco.Feedback;
import dev.sweeplake.ctr.reco.Interactions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The trained reference for {@code reco retrieval}: MLlib implicit ALS on a dataset read as {@code reco bench} reads
 * it (user sample, feedback threshold and k-core applied; the sample seeded by the run's seed), every interaction a preference of 1 with confidence 1 + alpha. Users and
 * items are numbered by ascending id. Thread-safety: one call per run.
 */
final class TrainedFactors {
    private TrainedFactors() {}

    static SyntheticFactors.Factors fit(SparkSession spark, RecoFactorsConfig c, int rank, long seed) {
        RecoDatasetConfig d = c.dataset();
        Interactions raw = RecoData.load(spark, d, Path.of(c.dataDir()));
        Interactions data = Feedback.apply(RecoData.sample(raw, d.maxUsers(), seed), d.feedback())
                .data();
        if (data.size() == 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "factors.dataset '%s': no interactions left after the feedback rules (%d rows read)",
                    d.displayName(),
                    raw.size()));
        }
        ALSModel m = new ALS()
                .setRank(rank)
                .setRegParam(c.alsReg())
                .setAlpha(c.alsAlpha())
                .setMaxIter(c.alsIterations())
                .setImplicitPrefs(true)
                .setSeed(seed)
                // One user/item block per core (MLlib's default 10 is meant for clusters; on small data it is mostly
                // shuffle overhead).
                .setNumBlocks(Math.max(1, Math.min(10, spark.sparkContext().defaultParallelism())))
                .setUserCol("user")
                .setItemCol("item")
                .setRatingCol("rating")
                .fit(RecoFits.alsFrame(spark, data, true));
        float[] users = dense(m.userFactors().collectAsList(), rank);
        float[] items = dense(m.itemFactors().collectAsList(), rank);
        return new SyntheticFactors.Factors(users.length / rank, items.length / rank, rank, users, items);
    }

    private static float[] dense(List<Row> rows, int rank) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(r -> r.getInt(0)));
        float[] f = new float[sorted.size() * rank];
        for (int i = 0; i < sorted.size(); i++) {
            List<Float> v = sorted.get(i).getList(1);
            for (int j = 0; j < rank; j++) {
                f[i * rank + j] = v.get(j);
            }
        }
        return f;
    }
}
