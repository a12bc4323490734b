package dev.sweeplake.jobs.ann;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import dev.sweeplake.ann.KMeans;
import dev.sweeplake.ann.KMeansModel;
import dev.sweeplake.ann.KMeansParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.VectorMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Assigns base rows to shards. {@code hash}: a mix of the id modulo the shard count. {@code kmeans}: centroids trained on
 * a seeded sample on the driver (lib-ann {@link KMeans}), then a distributed balanced assignment: every row ranks the
 * centroids by distance; in rounds, rows propose to their next preferred shard and each shard accepts, up to its
 * remaining capacity, the proposals that lose most by going elsewhere (largest gap between first and second choice).
 * No shard ends above {@code max(ceil(n / shards), floor(balance_factor * n / shards))}. Stateless.
 */
public final class ShardAssigner {
    private ShardAssigner() {}

    /** Rows with their shard: columns id, vector, shard. */
    public record Assignment(Dataset<Row> rows, float[] centroids, long[] sizes) {}

    /**
     * The hash shard of each row: {@code pmod(xxhash64(id), shards)}, Spark built-ins only, so that the RAPIDS Accelerator
     * can run the assignment on the GPU (a Java UDF, as before, keeps the whole projection on the CPU).
     */
    static org.apache.spark.sql.Column hashShard(org.apache.spark.sql.Column id, int shards) {
        return org.apache
                .spark
                .sql
                .functions
                .pmod(org.apache.spark.sql.functions.xxhash64(id), lit((long) shards))
                .cast(DataTypes.IntegerType);
    }

    public static Assignment assign(
            SparkSession spark, Dataset<Row> rows, long count, int dim, AnnBuildConfig cfg, Metric metric) {
        int shards = cfg.shards();
        if (cfg.sharding() == Sharding.HASH || shards == 1) {
            Dataset<Row> d = rows.select(
                    col("id"), col("vector"), hashShard(col("id"), shards).as("shard"));
            return new Assignment(d, null, sizes(d, shards));
        }
        float[] centroids = train(rows, count, dim, cfg, metric);
        boolean cosine = metric == Metric.COSINE;
        StructType prefSchema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("prefs", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add("regret", DataTypes.FloatType, false);
        JavaRDD<Row> prefRdd = VectorRows.internalRows(rows).mapPartitions((Iterator<InternalRow> it) -> {
            KMeansModel model = KMeansModel.of(centroids, dim);
            List<Row> out = new ArrayList<>();
            while (it.hasNext()) {
                InternalRow r = it.next();
                float[] v = VectorRows.vector(r);
                if (cosine) {
                    normalise(v);
                }
                int[] order = model.nearest(v, shards);
                float d0 = l2(v, centroids, order[0], dim);
                float d1 = l2(v, centroids, order[1], dim);
                out.add(RowFactory.create(r.getLong(0), new scala.collection.immutable.ArraySeq.ofInt(order), d1 - d0));
            }
            return out.iterator();
        });
        Dataset<Row> prefs = spark.createDataFrame(prefRdd, prefSchema).persist(StorageLevel.MEMORY_AND_DISK());
        long capacity =
                Math.max((count + shards - 1) / shards, (long) Math.floor(cfg.balanceFactor() * count / shards));
        long[] used = new long[shards];
        Dataset<Row> remaining = prefs.withColumn("p", lit(0));
        List<Dataset<Row>> accepted = new ArrayList<>();
        List<Dataset<Row>> toRelease = new ArrayList<>();
        toRelease.add(prefs);
        for (int round = 0; round < shards; round++) {
            Dataset<Row> proposals = remaining
                    .withColumn("shard", element_at(col("prefs"), col("p").plus(1)))
                    .withColumn(
                            "rank",
                            row_number()
                                    .over(Window.partitionBy("shard")
                                            .orderBy(col("regret").desc(), col("id"))));
            org.apache.spark.sql.Column room = lit(0L);
            // room per shard as a CASE expression: capacity minus what earlier rounds accepted
            org.apache.spark.sql.Column cap = null;
            for (int s = 0; s < shards; s++) {
                org.apache.spark.sql.Column c = lit(capacity - used[s]);
                cap = cap == null
                        ? org.apache.spark.sql.functions.when(col("shard").equalTo(s), c)
                        : cap.when(col("shard").equalTo(s), c);
            }
            room = cap.otherwise(lit(0L));
            proposals = proposals.withColumn("ok", col("rank").leq(room)).persist(StorageLevel.MEMORY_AND_DISK());
            toRelease.add(proposals);
            Dataset<Row> ok = proposals.where(col("ok")).select(col("id"), col("shard"));
            for (Row r : ok.groupBy("shard").count().collectAsList()) {
                used[r.getInt(0)] += r.getLong(1);
            }
            accepted.add(ok);
            remaining = proposals
                    .where(col("ok").equalTo(false))
                    .select(
                            col("id"),
                            col("prefs"),
                            col("regret"),
                            col("p").plus(1).as("p"));
            if (Arrays.stream(used).sum() >= count) {
                break;
            }
        }
        Dataset<Row> all = accepted.get(0);
        for (int i = 1; i < accepted.size(); i++) {
            all = all.unionByName(accepted.get(i));
        }
        Dataset<Row> joined = rows.join(all, "id")
                .select(col("id"), col("vector"), col("shard"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long n = joined.count();
        for (Dataset<Row> d : toRelease) {
            d.unpersist();
        }
        if (n != count) {
            throw new IllegalStateException("kmeans sharding assigned " + n + " of " + count + " rows");
        }
        return new Assignment(joined, centroids, used);
    }

    private static float[] train(Dataset<Row> rows, long count, int dim, AnnBuildConfig cfg, Metric metric) {
        int want = (int) Math.min(count, cfg.kmeansSampleRows());
        double fraction = Math.min(1.0, want * 1.2 / count + 1e-9);
        List<Row> sample = (fraction >= 1.0
                        ? rows
                        : rows.sample(false, fraction, cfg.index().seed()))
                .orderBy(col("id"))
                .limit(want)
                .collectAsList();
        if (sample.size() < cfg.shards()) {
            sample = rows.orderBy(col("id")).limit(Math.max(want, cfg.shards())).collectAsList();
        }
        float[] data = new float[sample.size() * dim];
        long[] ids = new long[sample.size()];
        for (int i = 0; i < sample.size(); i++) {
            float[] v = VectorRows.vector(sample.get(i));
            if (metric == Metric.COSINE) {
                normalise(v);
            }
            System.arraycopy(v, 0, data, i * dim, dim);
            ids[i] = sample.get(i).getLong(0);
        }
        KMeansModel model = KMeans.train(
                VectorMatrix.of(data, dim, ids),
                new KMeansParams(
                        cfg.shards(),
                        cfg.kmeansIterations(),
                        sample.size(),
                        cfg.index().seed()),
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                ProgressListener.NONE);
        return model.centroids().clone();
    }

    static void normalise(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        if (s > 0) {
            float inv = (float) (1.0 / Math.sqrt(s));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
    }

    static float l2(float[] v, float[] c, int row, int dim) {
        float s = 0;
        int o = row * dim;
        for (int i = 0; i < dim; i++) {
            float d = v[i] - c[o + i];
            s += d * d;
        }
        return s;
    }

    private static long[] sizes(Dataset<Row> d, int shards) {
        long[] out = new long[shards];
        for (Row r : d.groupBy("shard").count().collectAsList()) {
            out[r.getInt(0)] = r.getLong(1);
        }
        return out;
    }
}
