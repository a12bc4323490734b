package dev.sweeplake.jobs.ann;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.ann.DistributedExactKnn.Neighbours;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.data.BundledData.LabelledVectors;
import dev.sweeplake.jobs.demo.DemoConfig;
import dev.sweeplake.jobs.demo.DemoJob;
import dev.sweeplake.jobs.demo.DemoSection;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.util.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Exact k-NN on the bundled digits, computed with the distributed brute force: the ground truth every recall figure rests
 * on, and a k-NN classifier's accuracy (majority vote of the k neighbours' labels) as a sanity figure.
 */
public final class DigitsKnnSection implements DemoSection {
    static final StructType VECTORS = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("label", DataTypes.IntegerType, false);

    @Override
    public String name() {
        return "digits-knn";
    }

    @Override
    public List<DemoRow> run(JobContext ctx, RunHandle run, DemoConfig config) {
        Instant start = Instant.now();
        LabelledVectors digits = DemoJob.vectors(config);
        List<Row> baseRows = new ArrayList<>();
        List<float[]> queries = new ArrayList<>();
        List<Integer> queryLabels = new ArrayList<>();
        for (int i = 0; i < digits.vectors().length; i++) {
            if (i % config.queryEvery() == 0) {
                queries.add(digits.vectors()[i]);
                queryLabels.add(digits.labels()[i]);
            } else {
                baseRows.add(RowFactory.create((long) i, toList(digits.vectors()[i]), digits.labels()[i]));
            }
        }
        ctx.phase("sweeplake-demo-digits-knn", "exact k-NN of " + queries.size() + " digits queries");
        Dataset<Row> base = ctx.spark().createDataFrame(baseRows, VECTORS).repartition(config.partitions());
        long t0 = System.nanoTime();
        Neighbours[] nn = DistributedExactKnn.compute(
                ctx.spark(), base, "id", "vector", queries.toArray(new float[0][]), config.k());
        double seconds = (System.nanoTime() - t0) / 1e9;
        int correct = 0;
        for (int q = 0; q < nn.length; q++) {
            if (vote(nn[q].ids(), digits.labels()) == queryLabels.get(q)) {
                correct++;
            }
        }
        double accuracy = correct / (double) nn.length;
        String params =
                ConfigLoader.toJson(Map.of("k", config.k(), "query_every", config.queryEvery(), "metric", "l2"));
        String trialId = Ids.sha256Hex(run.runId() + "|digits-knn|" + params, 16);
        ctx.store()
                .recordTrials(
                        run,
                        List.of(TrialRecord.builder("demo-" + run.runId(), trialId, "ann-exact")
                                .paramsJson(params)
                                .seed(config.seed())
                                .datasetVersion(digits.name() + "-" + digits.vectors().length)
                                .startedAt(start)
                                .endedAt(Instant.now())
                                .executor("driver")
                                .metrics(List.of(
                                        MetricValue.of("knn_accuracy", accuracy),
                                        MetricValue.of("queries", nn.length),
                                        MetricValue.of("base_rows", baseRows.size()),
                                        MetricValue.of("seconds", seconds),
                                        MetricValue.of("qps", nn.length / seconds)))
                                .build()));
        return List.of(
                new DemoRow(
                        name(),
                        String.format(
                                java.util.Locale.ROOT,
                                "exact %d-NN on %s, %d queries x %d base",
                                config.k(),
                                digits.name(),
                                nn.length,
                                baseRows.size()),
                        "knn_accuracy",
                        accuracy),
                new DemoRow(name(), "distributed brute force", "queries_per_s", nn.length / seconds));
    }

    /** Majority label of the neighbours; a tie goes to the label of the nearer neighbour. */
    static int vote(long[] ids, int[] labels) {
        int[] counts = new int[10];
        int best = labels[(int) ids[0]];
        for (long id : ids) {
            int l = labels[(int) id];
            counts[l]++;
            if (counts[l] > counts[best]) {
                best = l;
            }
        }
        return best;
    }

    static List<Float> toList(float[] v) {
        List<Float> l = new ArrayList<>(v.length);
        for (float f : v) {
            l.add(f);
        }
        return l;
    }
}
