package dev.sweeplake.jobs.reco;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ludovic.netlib.blas.BLAS;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.TrackedRun;
import dev.sweeplake.jobs.ann.AnnBuildConfig;
import dev.sweeplake.jobs.ann.IndexManifest;
import dev.sweeplake.jobs.ann.SearchSetting;
import dev.sweeplake.jobs.ann.ShardedSearch;
import dev.sweeplake.jobs.ann.VectorInput;
import dev.sweeplake.jobs.ann.VectorRows;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.util.Console;
import dev.sweeplake.jobs.util.Ids;
import dev.sweeplake.jobs.util.TextTable;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sweeplake reco retrieval}: the top k items of every user from matrix-factorisation factors (seeded
 * {@link SyntheticFactors} or implicit ALS trained on a dataset, {@link RecoFactorsConfig}), three ways in one run on
 * the same factors: (1) exact, blocked: users in Spark partitions, item factors broadcast, one sgemm per
 * block of users, then a top-k scan per user; (2) lib-ann's sharded index over the item factors (inner product),
 * built by {@code ann build}'s job and searched by {@link ShardedSearch} in the user partitions; (3) MLlib
 * {@code ALSModel.recommendForAllUsers} on the same factors. Reports users/s for each (the ANN build separately),
 * the ANN's recall@k against exact (also at the {@code extra_ef} values), MLlib's agreement with exact, and the
 * factors' {@link FactorStats}.
 *
 * <p>Thread-safety: one run per call.
 */
public final class RecoRetrievalJob {
    private static final Logger log = LoggerFactory.getLogger(RecoRetrievalJob.class);

    private RecoRetrievalJob() {}

    /** One way of retrieving: users/s over the whole user set, and agreement with exact. */
    public record Method(
            String name, double seconds, double usersPerSecond, double recallVsExact, double buildSeconds) {}

    /**
     * The figures of a run: the factor set actually used (ALS factors bring their own user and item counts), its shape
     * statistics and one {@link Method} per way of retrieving.
     */
    public record Result(
            String runId,
            RecoRetrievalConfig config,
            int users,
            int items,
            FactorStats userStats,
            FactorStats itemStats,
            List<Method> methods)
            implements JobResult {
        public Method method(String name) {
            return methods.stream()
                    .filter(m -> m.name().equals(name))
                    .findFirst()
                    .orElseThrow();
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("run_id", runId);
            o.put("users", users).put("items", items).put("rank", config.rank()).put("k", config.k());
            o.put("factors", config.factors().describe());
            stats(o.putObject("user_factor_stats"), userStats);
            stats(o.putObject("item_factor_stats"), itemStats);
            ArrayNode a = o.putArray("methods");
            for (Method m : methods) {
                a.addObject()
                        .put("method", m.name())
                        .put("seconds", m.seconds())
                        .put("users_per_s", m.usersPerSecond())
                        .put("recall_vs_exact", m.recallVsExact())
                        .put("build_s", m.buildSeconds());
            }
            if (methods.stream().anyMatch(m -> m.name().equals("mllib"))) {
                o.put(
                        "ann_vs_mllib_speedup",
                        method("ann").usersPerSecond() / method("mllib").usersPerSecond());
            }
            return o;
        }

        private static void stats(ObjectNode o, FactorStats s) {
            o.put("top1", s.top1())
                    .put("top8", s.top8())
                    .put("top16", s.top16())
                    .put("effective_dim", s.effectiveDim())
                    .put("norm_cv", s.normCv());
        }

        @Override
        public void print(Console console) {
            TextTable t = new TextTable("method", "seconds", "users/s", "recall@k vs exact", "index build s");
            for (Method m : methods) {
                t.row(
                        m.name(),
                        String.format(Locale.ROOT, "%.1f", m.seconds()),
                        String.format(Locale.ROOT, "%,.0f", m.usersPerSecond()),
                        String.format(Locale.ROOT, "%.4f", m.recallVsExact()),
                        m.buildSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", m.buildSeconds()) : "-");
            }
            console.println("");
            console.println(String.format(
                    Locale.ROOT,
                    "Top-%d retrieval for %,d users x %,d items x %d factors, run %s",
                    config.k(),
                    users,
                    items,
                    config.rank(),
                    runId));
            console.println("factors: " + config.factors().describe());
            console.println("  users: " + userStats.describe());
            console.println("  items: " + itemStats.describe());
            console.println(t.render());
            if (methods.stream().anyMatch(m -> m.name().equals("mllib"))) {
                console.println(String.format(
                        Locale.ROOT,
                        "ANN vs MLlib recommendForAllUsers: %.1fx users/s",
                        method("ann").usersPerSecond() / method("mllib").usersPerSecond()));
            }
        }
    }

    /** The run's factors: generated (synthetic) or trained (ALS). */
    static SyntheticFactors.Factors factors(SparkSession spark, RecoRetrievalConfig c) {
        SyntheticFactors.Factors f = c.factors().kind() == RecoFactorsConfig.Kind.ALS
                ? TrainedFactors.fit(spark, c.factors(), c.rank(), c.seed())
                : SyntheticFactors.generate(
                        c.users(), c.items(), c.rank(), c.factors().shape(), c.seed());
        if (c.k() > f.itemCount()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "k: expected at most the %d items of the factors, got %d", f.itemCount(), c.k()));
        }
        return f;
    }

    public static Result run(JobContext ctx, RecoRetrievalConfig config) {
        return TrackedRun.run(ctx, "reco retrieval", config, run -> {
            SparkSession spark = ctx.spark();
            SyntheticFactors.Factors fs = factors(spark, config);
            float[][] f = {fs.users(), fs.items()};
            int d = config.rank();
            int nu = fs.userCount();
            int ni = fs.itemCount();
            FactorStats userStats = FactorStats.of(f[0], nu, d);
            FactorStats itemStats = FactorStats.of(f[1], ni, d);
            log.info(
                    "factors {}: users {}; items {}",
                    config.factors().describe(),
                    userStats.describe(),
                    itemStats.describe());
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Method> methods = new ArrayList<>();

            ctx.phase("sweeplake-reco-exact", "exact blocked top-k");
            Broadcast<float[]> items = jsc.broadcast(f[1]);
            List<int[]> ranges = new ArrayList<>();
            for (int p = 0; p < config.userPartitions(); p++) {
                ranges.add(new int[] {
                    (int) ((long) nu * p / config.userPartitions()),
                    (int) ((long) nu * (p + 1) / config.userPartitions())
                });
            }
            Broadcast<float[]> usersB = jsc.broadcast(f[0]);
            long t0 = System.nanoTime();
            List<long[]> exactParts = jsc.parallelize(ranges, ranges.size())
                    .map(new ExactBlock(usersB, items, d, ni, config.k(), config.blockUsers()))
                    .collect();
            double exactS = (System.nanoTime() - t0) / 1e9;
            long[] exact = concat(exactParts, nu * config.k());
            methods.add(new Method("exact", exactS, nu / exactS, 1.0, 0));
            usersB.destroy();
            items.destroy();

            ctx.phase("sweeplake-reco-ann-build", "build the sharded item index");
            String root = config.output()
                    .orElseGet(() -> new org.apache.hadoop.fs.Path(
                                    ctx.store()
                                            .warehouse()
                                            .root(spark.sparkContext().hadoopConfiguration()),
                                    "reco_retrieval_index")
                            .toString());
            String indexPath =
                    root + "/" + Ids.sha256Hex(ctx.store().warehouse().toString() + run.runId(), 12);
            long[] itemIds = new long[ni];
            Arrays.setAll(itemIds, i -> i);
            // Under the transform the index holds d + 1 components and ranks by L2 (see RecoRetrievalConfig).
            int indexDim = config.mipsTransform() ? d + 1 : d;
            float[] indexed = config.mipsTransform() ? MipsTransform.items(f[1], d) : f[1];
            float[] queried = config.mipsTransform() ? MipsTransform.queries(f[0], d) : f[0];
            VectorMatrix im = VectorMatrix.of(indexed, indexDim, itemIds);
            AnnBuildConfig bc = AnnBuildConfig.defaults()
                    .withOutput(indexPath)
                    .withIndex(config.mipsTransform() ? config.index().withMetric(Metric.L2) : config.index())
                    .withSharding(config.sharding(), config.shards())
                    .withThreadsPerShard(config.buildThreads());
            long b0 = System.nanoTime();
            IndexManifest manifest = dev.sweeplake.jobs.ann.AnnBuildJob.build(
                    ctx,
                    bc,
                    new VectorInput.Source(
                            VectorInput.distribute(spark, im, 0, ni, config.shards()), indexDim, "item factors"));
            double buildS = (System.nanoTime() - b0) / 1e9;
            ShardedSearch.checkSetting(manifest, config.k(), config.search(), indexPath);

            ctx.phase("sweeplake-reco-ann-search", "search the item index for every user");
            long[] userIds = new long[nu];
            Arrays.setAll(userIds, i -> i);
            Dataset<Row> queries = VectorInput.distribute(
                            spark, VectorMatrix.of(queried, indexDim, userIds), 0, nu, config.userPartitions())
                    .cache();
            queries.count();
            SerializableConfiguration sconf =
                    new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
            int k = config.k();
            var setting = config.search();
            long s0 = System.nanoTime();
            long[] ann = search(queries, indexPath, manifest, sconf, k, setting, nu);
            double annS = (System.nanoTime() - s0) / 1e9;
            methods.add(new Method("ann", annS, nu / annS, recall(ann, exact, nu, k), buildS));
            // Other ef values on the same index (the speed/recall curve without rebuilding).
            for (int ef : config.extraEf()) {
                SearchSetting other = new SearchSetting(
                        setting.nprobe(), ef, setting.ivfNprobe(), setting.rerank(), setting.routeRatio());
                long e0 = System.nanoTime();
                long[] more = search(queries, indexPath, manifest, sconf, k, other, nu);
                double moreS = (System.nanoTime() - e0) / 1e9;
                methods.add(new Method("ann ef=" + ef, moreS, nu / moreS, recall(more, exact, nu, k), buildS));
            }
            queries.unpersist();

            if (config.mllib()) {
                ctx.phase("sweeplake-reco-mllib", "MLlib recommendForAllUsers");
                StructType st = new StructType()
                        .add("id", DataTypes.IntegerType, false)
                        .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
                Dataset<Row> uf = spark.createDataFrame(rowsOf(f[0], nu, d), st)
                        .repartition(config.userPartitions())
                        .cache();
                Dataset<Row> vf = spark.createDataFrame(rowsOf(f[1], ni, d), st)
                        .repartition(config.userPartitions())
                        .cache();
                uf.count();
                vf.count();
                ALSModel model = new ALSModel("reco-retrieval", d, uf, vf)
                        .setUserCol("user")
                        .setItemCol("item");
                model.setBlockSize(config.mllibBlockSize());
                long m0 = System.nanoTime();
                List<Row> recs = model.recommendForAllUsers(k).collectAsList();
                double mllibS = (System.nanoTime() - m0) / 1e9;
                long[] ml = new long[nu * k];
                for (Row r : recs) {
                    int u = r.getInt(0);
                    List<Row> l = r.getList(1);
                    for (int j = 0; j < l.size() && j < k; j++) {
                        ml[u * k + j] = l.get(j).getInt(0);
                    }
                }
                uf.unpersist();
                vf.unpersist();
                methods.add(new Method("mllib", mllibS, nu / mllibS, recall(ml, exact, nu, k), 0));
            }
            List<TrialRecord> records = new ArrayList<>();
            for (Method m : methods) {
                String trialId = Ids.sha256Hex(run.runId() + "|" + m.name(), 16);
                ObjectNode p = JsonNodeFactory.instance
                        .objectNode()
                        .put("method", m.name())
                        .put("users", nu)
                        .put("items", ni)
                        .put("factors", config.factors().describe())
                        .put("rank", d)
                        .put("k", k);
                records.add(TrialRecord.builder("reco-retrieval-" + run.runId(), trialId, "reco-retrieval")
                        .paramsJson(p.toString())
                        .seed(config.seed())
                        .state(TrialRecord.TrialState.COMPLETED)
                        .startedAt(Instant.now())
                        .endedAt(Instant.now())
                        .executor("spark")
                        .metrics(List.of(
                                MetricValue.of("seconds", m.seconds()),
                                        MetricValue.of("users_per_s", m.usersPerSecond()),
                                MetricValue.of("recall_vs_exact", m.recallVsExact()),
                                        MetricValue.of("build_s", m.buildSeconds())))
                        .build());
            }
            ctx.store().recordTrials(run, records);
            return new Result(run.runId(), config, nu, ni, userStats, itemStats, methods);
        });
    }

    /** The top k of every query through the sharded index, one {@link ShardedSearch} per user partition. */
    private static long[] search(
            Dataset<Row> queries,
            String indexPath,
            IndexManifest manifest,
            SerializableConfiguration sconf,
            int k,
            SearchSetting setting,
            int nu) {
        List<ShardedSearch.Batch> batches = VectorRows.internalRows(queries)
                .mapPartitions((Iterator<org.apache.spark.sql.catalyst.InternalRow> it) -> {
                    VectorRows.Drained q = VectorRows.drain(it);
                    ShardedSearch s = new ShardedSearch(indexPath, manifest, sconf.value(), k, setting);
                    return List.of(s.search(q.ids(), q.vectors())).iterator();
                })
                .collect();
        long[] ann = new long[nu * k];
        for (ShardedSearch.Batch b : batches) {
            for (int q = 0; q < b.queryIds().length; q++) {
                System.arraycopy(b.ids(), q * k, ann, (int) b.queryIds()[q] * k, k);
            }
        }
        return ann;
    }

    private static List<Row> rowsOf(float[] f, int n, int d) {
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Float[] v = new Float[d];
            for (int j = 0; j < d; j++) {
                v[j] = f[i * d + j];
            }
            rows.add(RowFactory.create(i, Arrays.asList(v)));
        }
        return rows;
    }

    private static long[] concat(List<long[]> parts, int n) {
        long[] out = new long[n];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Mean over users of |approx top-k intersect exact top-k| / k. */
    static double recall(long[] approx, long[] exact, int users, int k) {
        double sum = 0;
        for (int u = 0; u < users; u++) {
            Set<Long> e = new HashSet<>();
            for (int j = 0; j < k; j++) {
                e.add(exact[u * k + j]);
            }
            int hit = 0;
            for (int j = 0; j < k; j++) {
                hit += e.contains(approx[u * k + j]) ? 1 : 0;
            }
            sum += (double) hit / k;
        }
        return sum / users;
    }

    /** Exact top-k of a range of users: one sgemm per block, then a scan keeping the k best (ties: lower item id). */
    static final class ExactBlock implements org.apache.spark.api.java.function.Function<int[], long[]>, Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<float[]> users;
        private final Broadcast<float[]> items;
        private final int d;
        private final int nItems;
        private final int k;
        private final int block;

        ExactBlock(Broadcast<float[]> users, Broadcast<float[]> items, int d, int nItems, int k, int block) {
            this.users = users;
            this.items = items;
            this.d = d;
            this.nItems = nItems;
            this.k = k;
            this.block = block;
        }

        @Override
        public long[] call(int[] range) {
            float[] u = users.value();
            float[] v = items.value();
            BLAS blas = BLAS.getInstance();
            int n = range[1] - range[0];
            long[] out = new long[n * k];
            float[] scores = new float[block * nItems];
            int[] idx = new int[k];
            float[] val = new float[k];
            for (int b0 = 0; b0 < n; b0 += block) {
                int b = Math.min(block, n - b0);
                // Column-major view: items^T is d x nItems (lda d), the user block is d x b (ldb d);
                // scores (nItems x b, column per user) = items^T' * users.
                blas.sgemm("T", "N", nItems, b, d, 1f, v, 0, d, u, (range[0] + b0) * d, d, 0f, scores, 0, nItems);
                for (int q = 0; q < b; q++) {
                    int size = 0;
                    int base = q * nItems;
                    for (int i = 0; i < nItems; i++) {
                        float s = scores[base + i];
                        if (size == k && s <= val[k - 1]) {
                            continue;
                        }
                        int p = size == k ? k - 1 : size++;
                        while (p > 0 && val[p - 1] < s) {
                            val[p] = val[p - 1];
                            idx[p] = idx[p - 1];
                            p--;
                        }
                        val[p] = s;
                        idx[p] = i;
                    }
                    for (int j = 0; j < k; j++) {
                        out[(b0 + q) * k + j] = j < size ? idx[j] : -1;
                    }
                }
            }
            return out;
        }
    }
}
