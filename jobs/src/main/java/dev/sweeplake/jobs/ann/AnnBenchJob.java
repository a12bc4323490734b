package dev.sweeplake.jobs.ann;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.ann.Recall;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.TrackedRun;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.util.Console;
import dev.sweeplake.jobs.util.Ids;
import dev.sweeplake.jobs.util.Progress;
import dev.sweeplake.jobs.util.TextTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sweeplake ann bench}: builds (or reuses) a sharded index, gets the exact ground truth (cached), searches once per
 * search setting and writes one trial per engine and setting, with the same figures in the JSON rows and in the
 * {@code metrics} table. Stateless.
 */
public final class AnnBenchJob {
    private static final Logger LOG = LoggerFactory.getLogger(AnnBenchJob.class);
    static final long REPEAT_STRIDE = 1L << 40;

    private AnnBenchJob() {}

    public record Result(
            String runId, List<BenchRow> rows, String indexPath, boolean reused, boolean truthCached, int cores)
            implements JobResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("run_id", runId);
            ArrayNode a = o.putArray("rows");
            for (BenchRow r : rows) {
                r.toJson(a.addObject());
            }
            return o;
        }

        @Override
        public void print(Console console) {
            TextTable t = new TextTable(
                    "engine",
                    "shards",
                    "sharding",
                    "setting",
                    "queries",
                    "recall@k",
                    "qps",
                    "qps/core",
                    "p50 ms",
                    "p95 ms",
                    "p99 ms",
                    "build s",
                    "bytes");
            for (BenchRow r : rows) {
                t.row(
                        r.engine(),
                        r.shards(),
                        r.sharding(),
                        setting(r),
                        r.queries(),
                        f3(r.recall()),
                        f0(r.qps()),
                        f0(r.qpsPerCore()),
                        f3(r.p50Ms()),
                        f3(r.p95Ms()),
                        f3(r.p99Ms()),
                        f3(r.buildS()),
                        r.bytes());
            }
            console.println("");
            console.println(t.render());
            for (BenchRow r : rows) {
                Double ratio = r.extra().get("overhead_ratio");
                if (ratio != null) {
                    console.printf(
                            "%s %s: per-core %.0f q/s vs single-thread lib-ann %.0f q/s on the driver = %.2fx%n",
                            r.engine(), setting(r), r.qpsPerCore(), r.extra().get("lib_qps_1t"), ratio);
                }
            }
            BenchRow lsh = rows.stream()
                    .filter(r -> r.engine().equals("mllib-lsh"))
                    .max((a, b) -> Double.compare(a.recall() >= 0.95 ? a.qps() : 0, b.recall() >= 0.95 ? b.qps() : 0))
                    .orElse(null);
            if (lsh != null) {
                for (BenchRow r : rows) {
                    if (!r.engine().equals("mllib-lsh")) {
                        console.printf(
                                "%s %s: %.1fx the queries/s of MLlib LSH %s (recall %.3f vs %.3f)%n",
                                r.engine(), setting(r), r.qps() / lsh.qps(), setting(lsh), r.recall(), lsh.recall());
                    }
                }
            }
            console.printf(
                    "index %s (%s), ground truth %s, %d cores; run %s%n",
                    indexPath, reused ? "reused" : "built", truthCached ? "from cache" : "computed", cores, runId);
        }
    }

    static String setting(BenchRow r) {
        StringBuilder b = new StringBuilder(r.engine().equals("mllib-lsh") ? "" : "nprobe=" + r.nprobe());
        r.params().forEach((k, v) -> {
            if (!k.equals("seed") && !k.equals("insertion_order") && !k.equals("balance_factor")) {
                b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v);
            }
        });
        return b.toString();
    }

    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    public static Result run(JobContext ctx, AnnBenchConfig cfg) {
        return TrackedRun.run(ctx, "ann bench", cfg, run -> {
            Instant start = Instant.now();
            Result r = execute(ctx, cfg, run.runId());
            List<TrialRecord> trials = new ArrayList<>();
            String study = cfg.study();
            for (BenchRow row : r.rows()) {
                String params = ConfigLoader.toJson(Map.of(
                        "engine",
                        row.engine(),
                        "shards",
                        row.shards(),
                        "sharding",
                        row.sharding(),
                        "nprobe",
                        row.nprobe(),
                        "k",
                        row.k(),
                        "params",
                        row.params()));
                trials.add(TrialRecord.builder(study, Ids.sha256Hex(run.runId() + "|" + params, 16), "ann-bench")
                        .paramsJson(params)
                        .seed(cfg.build().index().seed())
                        .datasetVersion(
                                cfg.base().describe() + " / " + cfg.queries().describe())
                        .startedAt(start)
                        .endedAt(Instant.now())
                        .executor(row.executor())
                        .metrics(row.metrics())
                        .build());
            }
            ctx.store().recordTrials(run, trials);
            return r;
        });
    }

    static Result execute(JobContext ctx, AnnBenchConfig cfg, String runId) {
        dev.sweeplake.jobs.util.HeapWatermark.install();
        SparkSession spark = ctx.spark();
        int cores = Cores.total(spark);
        int parts = cfg.partitions() > 0 ? cfg.partitions() : cores;
        var hconf = spark.sparkContext().hadoopConfiguration();
        AnnBuildConfig bc0 = cfg.buildConfig("unused");
        // The searches run on the build's gpu settings (build.gpu, build.gpus_per_task, build.device).
        GpuTasks.Plan gpu = bc0.gpuPlan(spark.sparkContext(), "ann bench");
        ctx.phase("sweeplake-ann-bench", "read and check base and queries");
        VectorInput.Source baseSrc =
                VectorInput.load(spark, cfg.base(), cfg.dataDir(), bc0.dimension(), Math.max(parts, bc0.shards()));
        InputCheck.Checked base = InputCheck.check(
                spark,
                baseSrc.rows().persist(StorageLevel.MEMORY_AND_DISK()),
                baseSrc.dimension(),
                bc0.badRows(),
                "base " + baseSrc.description());
        int dim = baseSrc.dimension();
        VectorInput.Source qSrc = VectorInput.load(spark, cfg.queries(), cfg.dataDir(), dim, parts);
        InputCheck.Checked qChecked =
                InputCheck.check(spark, qSrc.rows(), dim, bc0.badRows(), "queries " + qSrc.description());
        VectorMatrix queries = collect(qChecked.rows(), dim);
        for (long id : queries.ids()) {
            if (id < 0 || id >= REPEAT_STRIDE) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "queries: ids must be in [0, 2^40) for the benchmark, actual %d", id));
            }
        }
        String root = ctx.store().warehouse().root(hconf).toString();
        String indexPath = cfg.index().isBlank()
                ? new Path(new Path(root, "ann_indexes"), Ids.sha256Hex(ConfigLoader.toJson(bc0), 16)).toString()
                : cfg.index();
        AnnBuildConfig bc = cfg.buildConfig(indexPath);
        IndexManifest m = cfg.reuseIndex() ? reusable(indexPath, bc, base, hconf) : null;
        boolean reused = m != null;
        if (m == null) {
            m = AnnBuildJob.build(ctx, bc);
        }
        String gtDir =
                cfg.groundTruthDir().isBlank() ? new Path(root, "ann_ground_truth").toString() : cfg.groundTruthDir();
        GroundTruth.Truth truth = GroundTruth.get(
                ctx, gtDir, base.rows(), base.fingerprint(), base.count(), queries, cfg.k(), m.metric());
        List<BenchRow> rows = new ArrayList<>();
        Progress progress = new Progress(
                ctx.console(),
                "ann bench",
                cfg.searches().size()
                        + (cfg.engines().contains("mllib-lsh")
                                ? (long) cfg.lsh().bucketLengths().size()
                                        * cfg.lsh().numHashTables().size()
                                : 0),
                "settings",
                0);
        if (cfg.engines().contains("sweeplake")) {
            Dataset<Row> qrows = VectorInput.distribute(
                            spark, repeated(queries, cfg.queryRepeat()), 0, queries.size() * cfg.queryRepeat(), parts)
                    .persist(StorageLevel.MEMORY_ONLY());
            qrows.count();
            boolean warm = false;
            for (SearchSetting s : cfg.searches()) {
                ShardedSearch.checkSetting(m, cfg.k(), s, indexPath);
                if (!warm) {
                    // Opens the shards in the executors' cache and warms the JIT; not timed.
                    searchOnce(spark, indexPath, m, qrows, cfg.k(), s, gpu);
                    warm = true;
                }
                ctx.phase(
                        "sweeplake-ann-bench",
                        "search " + queries.size() * cfg.queryRepeat() + " queries, " + s.describe());
                BenchRow row =
                        measure(spark, indexPath, m, qrows, queries, truth.results(), cfg, s, cores, reused, gpu);
                rows.add(row);
                progress.note(
                        String.format(Locale.ROOT, "%s recall %.3f, %.0f q/s", s.describe(), row.recall(), row.qps()));
                progress.advance(1);
            }
            qrows.unpersist();
        }
        if (cfg.engines().contains("mllib-lsh")) {
            for (double bl : cfg.lsh().bucketLengths()) {
                for (int t : cfg.lsh().numHashTables()) {
                    BenchRow row = MllibLshBench.run(
                            ctx, base.rows(), base.count(), queries, truth.results(), cfg.k(), bl, t, cfg.lsh(), cores);
                    rows.add(row);
                    progress.note(String.format(
                            Locale.ROOT,
                            "lsh bucket %s tables %d recall %.3f, %.1f q/s",
                            bl,
                            t,
                            row.recall(),
                            row.qps()));
                    progress.advance(1);
                }
            }
        }
        base.rows().unpersist();
        baseSrc.rows().unpersist();
        LOG.info(
                "ann bench: {} rows, index {} ({}), ground truth {}",
                rows.size(),
                indexPath,
                reused ? "reused" : "built",
                truth.cached() ? "cached" : "computed");
        return new Result(runId, rows, indexPath, reused, truth.cached(), cores);
    }

    private static IndexManifest reusable(
            String indexPath, AnnBuildConfig bc, InputCheck.Checked base, org.apache.hadoop.conf.Configuration conf) {
        IndexManifest m;
        try {
            m = IndexManifest.read(indexPath, conf);
        } catch (IllegalArgumentException e) {
            LOG.info("not reusing {}: {}", indexPath, e.getMessage());
            return null;
        }
        boolean same = m.spec().equals(bc.index())
                && m.shardCount() == bc.shards()
                && m.sharding() == bc.sharding()
                && m.balanceFactor() == bc.balanceFactor()
                && m.insertionOrder() == bc.insertionOrder()
                && m.inputFingerprint() == base.fingerprint()
                && m.count() == base.count();
        if (!same) {
            LOG.info("not reusing {}: built from other settings or data", indexPath);
        }
        return same ? m : null;
    }

    private static void searchOnce(
            SparkSession spark,
            String indexPath,
            IndexManifest m,
            Dataset<Row> qrows,
            int k,
            SearchSetting s,
            GpuTasks.Plan gpu) {
        dev.sweeplake.jobs.errors.SweeplakeErrors.fromTask(() ->
                AnnSearchJob.batches(spark, indexPath, m, qrows, k, s, gpu).count());
    }

    private static BenchRow measure(
            SparkSession spark,
            String indexPath,
            IndexManifest m,
            Dataset<Row> qrows,
            VectorMatrix queries,
            SearchResults truth,
            AnnBenchConfig cfg,
            SearchSetting s,
            int cores,
            boolean reused,
            GpuTasks.Plan gpu) {
        int k = cfg.k();
        long t0 = System.nanoTime();
        List<ShardedSearch.Batch> batches = dev.sweeplake.jobs.errors.SweeplakeErrors.fromTask(() ->
                AnnSearchJob.batches(spark, indexPath, m, qrows, k, s, gpu).collect());
        double secs = (System.nanoTime() - t0) / 1e9;
        Histogram h = ShardedSearch.newHistogram();
        long visits = 0;
        long n = 0;
        List<String> devices = new ArrayList<>();
        Map<Long, Integer> pos = new HashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            pos.put(queries.id(i), i);
        }
        // Recall over every searched query (repeats included): each is compared with its original's ground truth.
        int total = queries.size() * cfg.queryRepeat();
        long[] ids = new long[total * k];
        float[] dist = new float[total * k];
        long[] truthIds = new long[total * k];
        float[] truthDist = new float[total * k];
        int row = 0;
        for (ShardedSearch.Batch b : batches) {
            h.add(b.latencies());
            visits += b.shardVisits();
            devices.add(b.device());
            for (int i = 0; i < b.queryIds().length; i++) {
                int q = pos.get(b.queryIds()[i] % REPEAT_STRIDE);
                System.arraycopy(b.ids(), i * k, ids, row * k, k);
                System.arraycopy(b.distances(), i * k, dist, row * k, k);
                System.arraycopy(truth.ids(), q * k, truthIds, row * k, k);
                System.arraycopy(truth.distances(), q * k, truthDist, row * k, k);
                row++;
                n++;
            }
        }
        double recall = Recall.recallAtK(
                new SearchResults(row, k, truthIds, truthDist), new SearchResults(row, k, ids, dist), k);
        double qps = n / secs;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("engine", m.engine().name().toLowerCase(Locale.ROOT));
        params.put("ef", s.ef());
        if (s.adaptive()) {
            params.put("route_ratio", s.routeRatio());
        }
        if (m.engine() != dev.sweeplake.ann.EngineKind.HNSW && m.engine() != dev.sweeplake.ann.EngineKind.FLAT) {
            params.put("ivf_nprobe", s.ivfNprobe());
            params.put("rerank", s.rerank());
        }
        params.put("insertion_order", m.insertionOrder().name().toLowerCase(Locale.ROOT));
        params.put("balance_factor", m.balanceFactor());
        params.put("seed", m.params().seed());
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("shards_per_query", visits / (double) Math.max(1, n));
        extra.put("index_reused", reused ? 1.0 : 0.0);
        long vectors =
                m.shards().stream().mapToLong(IndexManifest.ShardEntry::count).sum();
        extra.put("bytes_per_vector", m.bytes() / (double) Math.max(1, vectors));
        // JVM-wide (local mode: driver and tasks): the largest heap in use after a GC so far in this run
        extra.put("peak_heap_bytes", (double) dev.sweeplake.jobs.util.HeapWatermark.peakAfterGcBytes());
        // Per build task (not JVM-wide): the largest bound of the heap one task held for its shard, in bytes and as a
        // multiple of that shard's index bytes (raw vectors + ids + graph); -1 where the build did not record it.
        long taskHeap = -1;
        double taskRatio = -1;
        for (IndexManifest.ShardEntry e : m.shards()) {
            extra.put("shard_size_" + e.shard(), (double) e.count());
            if (e.taskHeapBytes() >= 0 && e.bytes() > 0) {
                taskHeap = Math.max(taskHeap, e.taskHeapBytes());
                taskRatio = Math.max(taskRatio, e.taskHeapBytes() / (double) e.bytes());
            }
        }
        extra.put("task_heap_bytes_max", (double) taskHeap);
        extra.put("task_heap_ratio_max", taskRatio);
        if (cfg.baseline()) {
            double lib = singleThread(indexPath, m, spark, queries, k, s);
            extra.put("lib_qps_1t", lib);
            extra.put("overhead_ratio", qps / cores / lib);
        }
        int nprobe = m.sharding() == Sharding.KMEANS ? Math.min(s.nprobe(), m.shardCount()) : m.shardCount();
        return new BenchRow(
                "sweeplake",
                m.shardCount(),
                m.sharding().name().toLowerCase(Locale.ROOT),
                nprobe,
                n,
                k,
                recall,
                qps,
                qps / cores,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(95) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                m.buildSeconds(),
                m.bytes(),
                params,
                extra,
                AnnBuildJob.distinct(devices),
                AnnBuildJob.distinct(m.shards().stream()
                        .map(IndexManifest.ShardEntry::builtOn)
                        .toList()));
    }

    /** The same routed search in one thread on the driver, straight on lib-ann (best of two passes). */
    private static double singleThread(
            String indexPath, IndexManifest m, SparkSession spark, VectorMatrix queries, int k, SearchSetting s) {
        float[][] q = new float[queries.size()][];
        for (int i = 0; i < q.length; i++) {
            q[i] = queries.row(i);
        }
        ShardedSearch search =
                new ShardedSearch(indexPath, m, spark.sparkContext().hadoopConfiguration(), k, s);
        double best = 0;
        for (int pass = 0; pass < 2; pass++) {
            ShardedSearch.Batch b = search.search(queries.ids(), q);
            best = Math.max(best, q.length / (b.nanos() / 1e9));
        }
        return best;
    }

    static VectorMatrix collect(Dataset<Row> rows, int dim) {
        List<Row> list = rows.orderBy("id").collectAsList();
        float[] data = new float[list.size() * dim];
        long[] ids = new long[list.size()];
        for (int i = 0; i < list.size(); i++) {
            ids[i] = list.get(i).getLong(0);
            System.arraycopy(VectorRows.vector(list.get(i)), 0, data, i * dim, dim);
        }
        return VectorMatrix.of(data, dim, ids);
    }

    static VectorMatrix repeated(VectorMatrix q, int times) {
        if (times == 1) {
            return q;
        }
        int n = q.size();
        int dim = q.dimension();
        float[] data = new float[n * times * dim];
        long[] ids = new long[n * times];
        for (int r = 0; r < times; r++) {
            System.arraycopy(q.data(), 0, data, r * n * dim, n * dim);
            for (int i = 0; i < n; i++) {
                ids[r * n + i] = q.id(i) + r * REPEAT_STRIDE;
            }
        }
        return VectorMatrix.of(data, dim, ids);
    }

    static List<MetricValue> none() {
        return List.of();
    }
}
