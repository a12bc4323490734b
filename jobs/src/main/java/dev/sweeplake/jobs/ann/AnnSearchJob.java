package dev.sweeplake.jobs.ann;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.TrackedRun;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.util.Console;
import dev.sweeplake.jobs.util.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * {@code sweeplake ann search}: a query table to a result table (query_id, rank, neighbor_id, distance). Each query
 * partition is searched in one task that opens the shards it needs from the executor's {@link ShardCache}; a query's
 * shards are all searched in the same task, so no shuffle is needed. Stateless.
 */
public final class AnnSearchJob {
    /** Schema of the result table. */
    public static final StructType RESULT_SCHEMA = new StructType()
            .add("query_id", DataTypes.LongType, false)
            .add("rank", DataTypes.IntegerType, false)
            .add("neighbor_id", DataTypes.LongType, false)
            .add("distance", DataTypes.FloatType, false);

    private AnnSearchJob() {}

    /** Figures of one search pass. */
    public record Figures(
            long queries, double seconds, double qps, double p50Ms, double p95Ms, double p99Ms, long shardVisits) {
        static Figures of(long queries, double seconds, Histogram h, long visits) {
            return new Figures(
                    queries,
                    seconds,
                    queries / seconds,
                    h.getValueAtPercentile(50) / 1e6,
                    h.getValueAtPercentile(95) / 1e6,
                    h.getValueAtPercentile(99) / 1e6,
                    visits);
        }
    }

    public record Result(String runId, String output, Figures figures, long skipped, String devices)
            implements JobResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            if (runId != null) {
                o.put("run_id", runId);
            }
            o.put("output", output);
            o.put("queries", figures.queries());
            o.put("skipped_rows", skipped);
            o.put("seconds", figures.seconds());
            o.put("qps", figures.qps());
            o.put("p50_ms", figures.p50Ms());
            o.put("p95_ms", figures.p95Ms());
            o.put("p99_ms", figures.p99Ms());
            o.put("shards_per_query", figures.shardVisits() / (double) Math.max(1, figures.queries()));
            o.put("devices", devices);
            return o;
        }

        @Override
        public void print(Console console) {
            console.printf(
                    "searched %d queries in %.2f s (%.0f queries/s, latency p50 %.3f ms p95 %.3f ms p99 %.3f ms, "
                            + "%.2f shards per query, devices %s) -> %s%s%n",
                    figures.queries(),
                    figures.seconds(),
                    figures.qps(),
                    figures.p50Ms(),
                    figures.p95Ms(),
                    figures.p99Ms(),
                    figures.shardVisits() / (double) Math.max(1, figures.queries()),
                    devices,
                    output,
                    skipped > 0 ? " (" + skipped + " bad query rows skipped)" : "");
        }
    }

    /** The tracked command: one runs row and one trial with the figures. */
    public static Result run(JobContext ctx, AnnSearchConfig cfg) {
        return TrackedRun.run(ctx, "ann search", cfg, run -> {
            Instant start = Instant.now();
            Executed e = execute(ctx, cfg);
            Figures f = e.figures();
            List<MetricValue> metrics = List.of(
                    MetricValue.of("queries", f.queries()),
                    MetricValue.of("seconds", f.seconds()),
                    MetricValue.of("qps", f.qps()),
                    MetricValue.of("p50_ms", f.p50Ms()),
                    MetricValue.of("p95_ms", f.p95Ms()),
                    MetricValue.of("p99_ms", f.p99Ms()),
                    MetricValue.of("skipped_rows", e.skipped()),
                    MetricValue.of("shards_per_query", f.shardVisits() / (double) Math.max(1, f.queries())));
            ctx.store()
                    .recordTrials(
                            run,
                            List.of(TrialRecord.builder(
                                            "ann-search-" + run.runId(),
                                            Ids.sha256Hex(run.runId() + "|search", 16),
                                            "ann-search")
                                    .paramsJson(ConfigLoader.toJson(cfg))
                                    .datasetVersion(e.manifest().input() + "#"
                                            + Long.toHexString(e.manifest().inputFingerprint()))
                                    .startedAt(start)
                                    .endedAt(Instant.now())
                                    .executor("spark device=" + e.devices())
                                    .metrics(metrics)
                                    .build()));
            return new Result(run.runId(), cfg.output(), f, e.skipped(), e.devices());
        });
    }

    /** What {@link #execute} did. */
    /** What {@link #execute} did; {@code devices}: the search tasks' distinct devices, e.g. {@code gpu:0,gpu:1}. */
    public record Executed(IndexManifest manifest, Figures figures, long skipped, String devices) {}

    /** Searches and writes the result table, without touching the metrics store. */
    public static Executed execute(JobContext ctx, AnnSearchConfig cfg) {
        {
            SparkSession spark = ctx.spark();
            IndexManifest m =
                    IndexManifest.read(cfg.index(), spark.sparkContext().hadoopConfiguration());
            ShardedSearch.checkSetting(m, cfg.k(), cfg.search(), cfg.index());
            int parts = cfg.partitions() > 0 ? cfg.partitions() : Cores.total(spark);
            GpuTasks.Plan gpu =
                    GpuTasks.plan(spark.sparkContext(), cfg.gpu(), cfg.gpusPerTask(), cfg.device(), "ann search");
            ctx.phase(
                    "sweeplake-ann-search",
                    "read and check queries " + cfg.queries().describe());
            VectorInput.Source src = VectorInput.load(spark, cfg.queries(), cfg.dataDir(), m.dimension(), parts);
            InputCheck.Checked q =
                    InputCheck.check(spark, src.rows(), m.dimension(), cfg.badRows(), "queries " + src.description());
            Dataset<Row> queries = q.rows().repartition(parts).persist(StorageLevel.MEMORY_AND_DISK());
            queries.count();
            ctx.phase(
                    "sweeplake-ann-search",
                    "search " + q.count() + " queries, " + cfg.search().describe());
            long t0 = System.nanoTime();
            JavaRDD<ShardedSearch.Batch> batches = batches(spark, cfg.index(), m, queries, cfg.k(), cfg.search(), gpu)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            int k = cfg.k();
            JavaRDD<Row> rows = batches.flatMap(b -> {
                List<Row> out = new ArrayList<>(b.ids().length);
                for (int i = 0; i < b.queryIds().length; i++) {
                    for (int r = 0; r < k; r++) {
                        long id = b.ids()[i * k + r];
                        if (id != dev.sweeplake.ann.SearchResults.NO_ID) {
                            out.add(RowFactory.create(b.queryIds()[i], r + 1, id, b.distances()[i * k + r]));
                        }
                    }
                }
                return out.iterator();
            });
            writeOrClean(
                    spark,
                    cfg,
                    () -> dev.sweeplake.jobs.errors.SweeplakeErrors.fromTask(() -> {
                        if (cfg.outputFormat().equals("arrow")) {
                            ArrowOutput.writeResults(
                                    batches,
                                    k,
                                    cfg.output(),
                                    spark.sparkContext().hadoopConfiguration());
                        } else {
                            spark.createDataFrame(rows, RESULT_SCHEMA)
                                    .write()
                                    .format(cfg.outputFormat())
                                    .mode("overwrite")
                                    .save(cfg.output());
                        }
                        return null;
                    }));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Histogram h = ShardedSearch.newHistogram();
            long visits = 0;
            List<String> devices = new ArrayList<>();
            for (var hv : batches.map(b -> new Object[] {b.histogram(), b.shardVisits(), b.device()})
                    .collect()) {
                h.add(ShardedSearch.decode((byte[]) hv[0]));
                visits += (Long) hv[1];
                devices.add((String) hv[2]);
            }
            batches.unpersist();
            queries.unpersist();
            return new Executed(
                    m, Figures.of(q.count(), seconds, h, visits), q.skipped(), AnnBuildJob.distinct(devices));
        }
    }

    /**
     * Writes the result table; when the write fails and the output folder did not exist before, removes what the failed
     * write left (an empty folder or partial files), so that a failed search leaves no output behind.
     */
    private static void writeOrClean(SparkSession spark, AnnSearchConfig cfg, Runnable write) {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(cfg.output());
        org.apache.hadoop.fs.FileSystem fs;
        boolean existed;
        try {
            fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
            existed = fs.exists(out);
        } catch (java.io.IOException e) {
            throw dev.sweeplake.jobs.errors.SweeplakeErrors.input(e, "output %s cannot be reached", cfg.output());
        }
        try {
            write.run();
        } catch (
                Throwable
                        e) { // precise rethrow: only what write.run() throws, including Spark's undeclared checked ones
            if (!existed) {
                try {
                    fs.delete(out, true);
                } catch (java.io.IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** One {@link ShardedSearch.Batch} per query partition, each task on the device that {@code gpu} gives it. */
    static JavaRDD<ShardedSearch.Batch> batches(
            SparkSession spark,
            String indexPath,
            IndexManifest m,
            Dataset<Row> queries,
            int k,
            SearchSetting setting,
            GpuTasks.Plan gpu) {
        var sconf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        JavaRDD<ShardedSearch.Batch> out = VectorRows.internalRows(queries)
                .mapPartitions((Iterator<org.apache.spark.sql.catalyst.InternalRow> it) ->
                        dev.sweeplake.jobs.errors.SweeplakeErrors.inTask(() -> {
                            VectorRows.Drained q = VectorRows.drain(it);
                            ShardedSearch s =
                                    new ShardedSearch(indexPath, m, sconf.value(), k, setting, GpuTasks.inTask(gpu));
                            return List.of(s.search(q.ids(), q.vectors())).iterator();
                        }));
        return GpuTasks.withResources(spark.sparkContext(), out, 1, gpu, "search");
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
