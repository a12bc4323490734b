package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Bad input rows and schemas give an error naming the row (or are skipped and counted). */
@ExtendWith(SparkExtension.class)
class AnnBadInputTest {

    private static List<Row> good(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(VectorRows.row(i, new float[] {i, i * 0.5f, -i, 1}));
        }
        return rows;
    }

    private static AnnBuildConfig cfg(String in, Path dir) {
        return AnnBuildConfig.defaults()
                .withInput(VectorSourceConfig.defaults().withPath(in))
                .withOutput(dir.resolve("index").toString())
                .withSharding(Sharding.HASH, 2)
                .withIndex(IndexSpec.defaults().withEngine(dev.sweeplake.ann.EngineKind.FLAT));
    }

    private static String fails(SparkSession spark, Path dir, List<Row> rows) {
        String in = AnnTestData.writeRows(spark, rows, dir, "in");
        AnnBuildConfig c = cfg(in, dir);
        AnnBuildConfig withDim = new AnnBuildConfig(
                c.dataDir(),
                c.input(),
                c.output(),
                c.index(),
                c.shards(),
                c.sharding(),
                c.balanceFactor(),
                c.kmeansSampleRows(),
                c.kmeansIterations(),
                c.threadsPerShard(),
                4,
                c.badRows(),
                c.insertionOrder(),
                c.failFirstAttemptShards(),
                c.gpu(),
                c.gpusPerTask(),
                c.device());
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> AnnBuildJob.build(
                                JobContext.of(spark, dir.resolve("wh").toString()), withDim))
                .getMessage();
    }

    @Test
    void nlistAboveAShardSizeIsRefusedOnTheDriverBeforeAnyShardTask(SparkSession spark, @TempDir Path dir) {
        String in = AnnTestData.writeRows(spark, good(30), dir, "in");
        AnnBuildConfig c = cfg(in, dir)
                .withIndex(IndexSpec.defaults()
                        .withEngine(dev.sweeplake.ann.EngineKind.IVF_FLAT)
                        .withNlist(20));
        String msg = assertThrows(
                        IllegalArgumentException.class,
                        () -> AnnBuildJob.build(
                                JobContext.of(spark, dir.resolve("wh").toString()), c))
                .getMessage();
        assertTrue(
                msg.matches("index\\.nlist must be at most the vector count of every non-empty shard, actual nlist 20 "
                        + "with 1[0-9] vectors in shard [01] \\(lower nlist or use fewer shards\\)"),
                msg);
    }

    @Test
    void nullIdNamesTheProblem(SparkSession spark, @TempDir Path dir) {
        List<Row> rows = good(10);
        rows.set(3, RowFactory.create(null, new scala.collection.immutable.ArraySeq.ofFloat(new float[] {1, 2, 3, 4})));
        assertEquals(
                "input parquet:" + dir.resolve("in") + ": a row has a null id (1 bad rows; set bad_rows: skip to leave "
                        + "them out)",
                fails(spark, dir, rows));
    }

    @Test
    void wrongDimensionNamesTheRow(SparkSession spark, @TempDir Path dir) {
        List<Row> rows = good(10);
        rows.set(5, VectorRows.row(5, new float[] {1, 2, 3}));
        assertEquals(
                "input parquet:" + dir.resolve("in") + ": row with id 5: vector dimension must be 4, actual 3 (1 bad "
                        + "rows; set bad_rows: skip to leave them out)",
                fails(spark, dir, rows));
    }

    @Test
    void nanAndInfNameTheRow(SparkSession spark, @TempDir Path dir) {
        List<Row> rows = good(10);
        rows.set(7, VectorRows.row(7, new float[] {1, 2, Float.NaN, 4}));
        assertEquals(
                "input parquet:" + dir.resolve("in") + ": row with id 7: vector values must be finite, actual NaN at "
                        + "index 2 (1 bad rows; set bad_rows: skip to leave them out)",
                fails(spark, dir, rows));
    }

    @Test
    void nullVectorAndNullElementNameTheRow(SparkSession spark, @TempDir Path dir) {
        List<Row> rows = good(10);
        rows.set(6, RowFactory.create(6L, java.util.Arrays.asList(1f, null, 3f, 4f)));
        assertEquals(
                "input parquet:" + dir.resolve("in") + ": row with id 6: vector values must be finite, actual NaN at "
                        + "index 1 (1 bad rows; set bad_rows: skip to leave them out)",
                fails(spark, dir, rows));
        rows.set(6, RowFactory.create(6L, null));
        assertEquals(
                "input parquet:" + dir.resolve("in") + ": row with id 6: vector must not be null (1 bad rows; set "
                        + "bad_rows: skip to leave them out)",
                fails(spark, dir, rows));
    }

    @Test
    void duplicateIdsAreNamed(SparkSession spark, @TempDir Path dir) {
        List<Row> rows = good(10);
        rows.set(8, VectorRows.row(3, new float[] {1, 2, 3, 4}));
        assertEquals(
                "input parquet:" + dir.resolve("in") + ": ids must be unique, actual id 3 in 2 rows",
                fails(spark, dir, rows));
    }

    @Test
    void emptyInputIsRefused(SparkSession spark, @TempDir Path dir) {
        assertEquals(
                "input parquet:" + dir.resolve("in") + " is empty: expected at least 1 vector, actual 0",
                fails(spark, dir, List.of()));
    }

    @Test
    void skipPolicyCountsSkippedRowsAndBuilds(SparkSession spark, @TempDir Path dir) {
        List<Row> rows = good(12);
        rows.set(2, VectorRows.row(2, new float[] {1, Float.POSITIVE_INFINITY, 3, 4}));
        rows.set(4, VectorRows.row(4, new float[] {1}));
        String in = AnnTestData.writeRows(spark, rows, dir, "in");
        AnnBuildConfig c = cfg(in, dir).withBadRows(BadRowPolicy.SKIP);
        c = new AnnBuildConfig(
                c.dataDir(),
                c.input(),
                c.output(),
                c.index(),
                c.shards(),
                c.sharding(),
                c.balanceFactor(),
                c.kmeansSampleRows(),
                c.kmeansIterations(),
                c.threadsPerShard(),
                4,
                c.badRows(),
                c.insertionOrder(),
                List.of(),
                c.gpu(),
                c.gpusPerTask(),
                c.device());
        IndexManifest m =
                AnnBuildJob.build(JobContext.of(spark, dir.resolve("wh").toString()), c);
        assertEquals(10, m.count());
        assertEquals(2, m.skippedRows());
        assertEquals(
                List.of(0, 1),
                m.shards().stream().map(IndexManifest.ShardEntry::shard).toList());
    }

    @Test
    void vectorColumnTypeIsCheckedOnTheDriver(SparkSession spark, @TempDir Path dir) {
        String in = dir.resolve("strings").toString();
        spark.createDataFrame(
                        List.of(RowFactory.create(1L, "1,2")),
                        new StructType().add("id", DataTypes.LongType).add("vector", DataTypes.StringType))
                .write()
                .parquet(in);
        String msg = assertThrows(
                        IllegalArgumentException.class,
                        () -> AnnBuildJob.build(
                                JobContext.of(spark, dir.resolve("wh").toString()), cfg(in, dir)))
                .getMessage();
        assertEquals(
                "parquet input " + in + ": vector column 'vector' must be array<float>, array<double> or an ML Vector, "
                        + "actual string",
                msg);
        String missing = assertThrows(
                        IllegalArgumentException.class,
                        () -> AnnBuildJob.build(
                                JobContext.of(spark, dir.resolve("wh").toString()),
                                cfg(in, dir)
                                        .withInput(new VectorSourceConfig(
                                                "parquet", in, "key", "vector", 0, -1, 0, List.of(), 1, 0, 1))))
                .getMessage();
        assertEquals(
                "parquet input " + in
                        + ": column 'key' (config key 'id_column') must exist, actual columns [id, vector]",
                missing);
    }

    @Test
    void mlVectorColumnsAreRead(SparkSession spark, @TempDir Path dir) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(RowFactory.create(i, Vectors.dense(i, 1, 2 * i)));
        }
        String in = dir.resolve("ml").toString();
        spark.createDataFrame(
                        rows, new StructType().add("key", DataTypes.IntegerType).add("features", new VectorUDT()))
                .write()
                .parquet(in);
        AnnBuildConfig c = cfg(in, dir)
                .withInput(new VectorSourceConfig("parquet", in, "key", "features", 0, -1, 0, List.of(), 1, 0, 1));
        IndexManifest m =
                AnnBuildJob.build(JobContext.of(spark, dir.resolve("wh").toString()), c);
        assertEquals(20, m.count());
        assertEquals(3, m.dimension());
        assertTrue(m.shards().stream().allMatch(s -> s.count() > 0));
    }
}
