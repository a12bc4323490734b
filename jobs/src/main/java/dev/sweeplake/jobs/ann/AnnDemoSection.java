package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.Recall;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.data.BundledData;
import dev.sweeplake.jobs.demo.DemoConfig;
import dev.sweeplake.jobs.demo.DemoSection;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.util.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Demo section {@code ann}: a small sharded build (4 balanced k-means shards of HNSW) of the bundled digits and a
 * benchmark of three search settings (1, 2 and 4 of the 4 shards per query) against exact ground truth; the result rows
 * show the middle one. Takes seconds.
 */
public final class AnnDemoSection implements DemoSection {
    /** The search settings the demo benchmarks: nprobe 1, 2 and 4 of the 4 shards, ef growing with it. */
    static final List<SearchSetting> SETTINGS =
            List.of(new SearchSetting(1, 16, 8, 0), new SearchSetting(2, 32, 8, 0), new SearchSetting(4, 64, 8, 0));

    @Override
    public String name() {
        return "ann";
    }

    @Override
    public List<DemoRow> run(JobContext ctx, RunHandle run, DemoConfig config) {
        Instant start = Instant.now();
        float[][] v = BundledData.digits().vectors();
        int nq = (v.length + config.queryEvery() - 1) / config.queryEvery();
        float[] bd = new float[(v.length - nq) * 64];
        long[] bid = new long[v.length - nq];
        float[] qd = new float[nq * 64];
        long[] qid = new long[nq];
        int b = 0;
        int q = 0;
        for (int i = 0; i < v.length; i++) {
            if (i % config.queryEvery() == 0) {
                System.arraycopy(v[i], 0, qd, q * 64, 64);
                qid[q++] = i;
            } else {
                System.arraycopy(v[i], 0, bd, b * 64, 64);
                bid[b++] = i;
            }
        }
        VectorMatrix base = VectorMatrix.of(bd, 64, bid);
        VectorMatrix queries = VectorMatrix.of(qd, 64, qid);
        String root = ctx.store()
                .warehouse()
                .root(ctx.spark().sparkContext().hadoopConfiguration())
                .toString();
        String index = new Path(root, "ann_demo_index").toString();
        AnnBuildConfig cfg = AnnBuildConfig.defaults()
                .withOutput(index)
                .withSharding(Sharding.KMEANS, 4)
                .withInput(VectorSourceConfig.defaults().withPath("bundled:digits"));
        ctx.phase("sweeplake-demo-ann", "build 4 k-means shards of HNSW over " + base.size() + " digits");
        VectorInput.Source src = new VectorInput.Source(
                VectorInput.distribute(ctx.spark(), base, 0, base.size(), config.partitions()),
                64,
                "bundled digits (every " + config.queryEvery() + "th row a query)");
        IndexManifest m = AnnBuildJob.build(ctx, cfg, src);
        SearchResults truth = ExactKnn.search(base, queries, config.k(), Metric.L2, 2, ProgressListener.NONE);
        Dataset<Row> qrows = VectorInput.distribute(ctx.spark(), queries, 0, queries.size(), 2)
                .persist(StorageLevel.MEMORY_ONLY());
        qrows.count();
        // Three settings (1, 2 and 4 of the 4 shards per query) so that the report draws a recall/throughput front; the
        // demo's rows show the middle one.
        double recall = 0;
        double qps = 0;
        List<TrialRecord> trials = new ArrayList<>();
        for (SearchSetting setting : SETTINGS) {
            ctx.phase("sweeplake-demo-ann", "search " + queries.size() + " queries, " + setting.describe());
            AnnSearchJob.batches(ctx.spark(), index, m, qrows, config.k(), setting, GpuTasks.Plan.cpu())
                    .count();
            long t0 = System.nanoTime();
            List<ShardedSearch.Batch> batches = AnnSearchJob.batches(
                            ctx.spark(), index, m, qrows, config.k(), setting, GpuTasks.Plan.cpu())
                    .collect();
            double secs = (System.nanoTime() - t0) / 1e9;
            Map<Long, Integer> pos = new HashMap<>();
            for (int i = 0; i < queries.size(); i++) {
                pos.put(queries.id(i), i);
            }
            int k = config.k();
            long[] ids = new long[queries.size() * k];
            Histogram h = ShardedSearch.newHistogram();
            for (ShardedSearch.Batch bt : batches) {
                h.add(bt.latencies());
                for (int i = 0; i < bt.queryIds().length; i++) {
                    System.arraycopy(bt.ids(), i * k, ids, pos.get(bt.queryIds()[i]) * k, k);
                }
            }
            double r = Recall.recallAtK(truth, new SearchResults(queries.size(), k, ids, new float[ids.length]), k);
            double rate = queries.size() / secs;
            if (setting.nprobe() == 2) {
                recall = r;
                qps = rate;
            }
            List<MetricValue> metrics = new ArrayList<>(AnnBuildJob.buildMetrics(m));
            metrics.add(MetricValue.of("recall_at_" + k, r));
            metrics.add(MetricValue.of("qps", rate));
            metrics.add(MetricValue.of("p50_ms", h.getValueAtPercentile(50) / 1e6));
            metrics.add(MetricValue.of("p95_ms", h.getValueAtPercentile(95) / 1e6));
            metrics.add(MetricValue.of("p99_ms", h.getValueAtPercentile(99) / 1e6));
            String params = ConfigLoader.toJson(Map.of(
                    "engine",
                    "hnsw",
                    "shards",
                    4,
                    "sharding",
                    "kmeans",
                    "nprobe",
                    setting.nprobe(),
                    "ef",
                    setting.ef(),
                    "k",
                    k));
            trials.add(TrialRecord.builder(
                            "demo-" + run.runId(), Ids.sha256Hex(run.runId() + "|ann|" + params, 16), "ann-bench")
                    .paramsJson(params)
                    .seed(config.seed())
                    .datasetVersion("digits-uci-1797")
                    .startedAt(start)
                    .endedAt(Instant.now())
                    .executor("spark")
                    .metrics(metrics)
                    .build());
        }
        qrows.unpersist();
        ctx.store().recordTrials(run, trials);
        int k = config.k();
        String what = "4 kmeans shards HNSW, nprobe 2, " + queries.size() + " queries";
        return List.of(
                new DemoRow(name(), what, "recall_at_" + k, recall),
                new DemoRow(name(), what, "queries_per_s", qps),
                new DemoRow(name(), "sharded build of " + base.size() + " digits", "build_s", m.buildSeconds()));
    }
}
