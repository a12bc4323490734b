package dev.sweeplake.jobs.ctr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.features.FieldEncoding;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed fit ({@link SparkFeatures}, rows in Spark, several partitions) gives byte for byte the processor that
 * {@link FeatureProcessor#fit} gives on the driver for the same rows: vocabularies with min count (single and
 * multi-valued, nulls and empty bags), normalisation statistics, quantile bucket boundaries with NaN and null imputed.
 */
@ExtendWith(SparkExtension.class)
class SparkFeaturesTest {
    static final Schema SCHEMA = new Schema(
            "label",
            List.of(
                    new FieldSpec("c", FieldType.CATEGORICAL),
                    new FieldSpec("m", FieldType.MULTI_CATEGORICAL),
                    new FieldSpec("x", FieldType.NUMERIC),
                    new FieldSpec("y", FieldType.NUMERIC),
                    new FieldSpec("h", FieldType.CATEGORICAL)));

    static final FeatureConfig CONFIG = new FeatureConfig(
                    FieldEncoding.vocabulary(2), FieldEncoding.normalize(), java.util.Map.of())
            .withField("y", FieldEncoding.bucketize(7).withNanPolicy(FieldEncoding.NanPolicy.IMPUTE))
            .withField("h", FieldEncoding.hashing(13));

    /** 512 rows: x integer-valued (its mean and deviations are exact in binary, so summation order cannot matter). */
    static List<Object[]> rows(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            String c = r.nextInt(20) == 0 ? null : "v" + (int) Math.floor(Math.pow(r.nextDouble(), 3) * 60);
            List<String> m = r.nextInt(15) == 0
                    ? null
                    : Arrays.asList(
                            r.nextInt(10) == 0 ? new String[0] : new String[] {"g" + r.nextInt(9), "g" + r.nextInt(4)});
            double y = r.nextInt(10) == 0 ? Double.NaN : Math.round(r.nextGaussian() * 1000) / 100.0;
            out.add(new Object[] {
                (double) r.nextInt(2), c, m, (double) r.nextInt(64), r.nextInt(25) == 0 ? null : y, "h" + r.nextInt(100)
            });
        }
        return out;
    }

    static Dataset<Row> asParquet(SparkSession spark, List<Object[]> rows, Path dir) {
        StructType st = new StructType()
                .add("label", DataTypes.DoubleType, false)
                .add("c", DataTypes.StringType, true)
                .add("m", DataTypes.createArrayType(DataTypes.StringType, true), true)
                .add("x", DataTypes.DoubleType, false)
                .add("y", DataTypes.DoubleType, true)
                .add("h", DataTypes.StringType, false);
        List<Row> rs = rows.stream().map(RowFactory::create).toList();
        spark.createDataFrame(rs, st).repartition(4).write().parquet(dir.toString());
        return ParquetSource.select(spark, dir.toString(), SCHEMA, "|");
    }

    static RawTable asTable(List<Object[]> rows) {
        RawTable.Builder b = RawTable.builder(SCHEMA);
        for (Object[] v : rows) {
            b.addRow(((Double) v[0]).floatValue(), Arrays.copyOfRange(v, 1, v.length));
        }
        return b.build();
    }

    static byte[] bytes(FeatureProcessor fp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fp.save(out);
        return out.toByteArray();
    }

    @Test
    void distributedFitEqualsDriverFit(SparkSession spark, @TempDir Path dir) {
        List<Object[]> rows = rows(7);
        Dataset<Row> train = asParquet(spark, rows, dir.resolve("train"));
        assertTrue(train.javaRDD().getNumPartitions() > 1, "the test must cover several partitions");
        SparkFeatures.SplitCounts counts = SparkFeatures.counts(train, SCHEMA);
        assertEquals(512, counts.rows());
        FeatureProcessor distributed = SparkFeatures.fit(train, counts, SCHEMA, CONFIG);
        FeatureProcessor driver = FeatureProcessor.fit(asTable(rows), CONFIG);
        assertEquals(driver.numFeatures(), distributed.numFeatures());
        for (int f = 0; f < SCHEMA.size(); f++) {
            assertEquals(driver.fieldSize(f), distributed.fieldSize(f), "field " + f);
        }
        assertTrue(driver.fieldSize(3) > 3, "y must get several buckets");
        assertArrayEquals(bytes(driver), bytes(distributed));
    }

    @Test
    void nanUnderFailPolicyNamesFieldCountAndSplit(SparkSession spark, @TempDir Path dir) {
        List<Object[]> rows = rows(8);
        Dataset<Row> train = asParquet(spark, rows, dir.resolve("train"));
        SparkFeatures.SplitCounts counts = SparkFeatures.counts(train, SCHEMA);
        long nan = rows.stream()
                .filter(v -> v[4] == null || Double.isNaN((Double) v[4]))
                .count();
        assertEquals(nan, counts.nanCounts()[3]);
        FeatureConfig fail = CONFIG.withField("y", FieldEncoding.bucketize(7));
        var e = assertThrows(IllegalArgumentException.class, () -> SparkFeatures.fit(train, counts, SCHEMA, fail));
        assertEquals(
                "numeric field 'y' is NaN or null in " + nan
                        + " rows of the training split (nanPolicy FAIL; use NanPolicy.IMPUTE to impute)",
                e.getMessage());
        var wrong = CONFIG.withField("x", FieldEncoding.vocabulary(1));
        var e2 = assertThrows(IllegalArgumentException.class, () -> SparkFeatures.fit(train, counts, SCHEMA, wrong));
        assertEquals("field 'x' of type NUMERIC cannot use encoding VOCABULARY", e2.getMessage());
    }

    /**
     * A parquet bench end to end without collecting rows: prepare (distributed), the split files written by Spark, read
     * back encoded by a trial's reader, and the MLlib vectors encoded by Spark tasks, all equal to the driver path.
     */
    @Test
    void distributedBenchDataEqualsDriverEncoding(SparkSession spark, @TempDir Path dir) {
        List<List<Object[]>> splits = List.of(rows(1), rows(2), rows(3));
        StructType st = new StructType()
                .add("label", DataTypes.DoubleType, false)
                .add("c", DataTypes.StringType, true)
                .add("m", DataTypes.createArrayType(DataTypes.StringType, true), true)
                .add("x", DataTypes.DoubleType, false)
                .add("y", DataTypes.DoubleType, true)
                .add("h", DataTypes.StringType, false);
        for (int s = 0; s < 3; s++) {
            spark.createDataFrame(splits.get(s).stream().map(RowFactory::create).toList(), st)
                    .coalesce(1)
                    .write()
                    .parquet(dir.resolve("in/" + SplitStore.SPLITS.get(s)).toString());
        }
        DatasetConfig d = new DatasetConfig(
                DatasetConfig.Kind.PARQUET,
                java.util.Optional.of("pq"),
                "unused",
                DatasetConfig.SyntheticConfig.defaults(),
                java.util.Optional.of("in/train"),
                java.util.Optional.of("in/valid"),
                java.util.Optional.of("in/test"),
                "label",
                SCHEMA.fields().stream()
                        .map(f -> new DatasetConfig.FieldDecl(f.name(), f.type()))
                        .toList(),
                ",",
                "|");
        CtrBenchConfig config = CtrBenchConfig.defaults()
                .withDataDir(dir.toString())
                .withDataset(d)
                .withFeatures(new FeaturesConfig(
                        2,
                        0,
                        FieldEncoding.Pooling.MEAN,
                        FeaturesConfig.Numeric.BUCKETIZE,
                        8,
                        FieldEncoding.NanPolicy.IMPUTE));
        CtrData.Prepared p = CtrData.prepare(spark, config);
        assertTrue(p.distributed());
        assertArrayEquals(new long[] {512, 512, 512}, p.rows());
        dev.sweeplake.ctr.data.Splits local = new dev.sweeplake.ctr.data.Splits(
                asTable(splits.get(0)), asTable(splits.get(1)), asTable(splits.get(2)));
        FeatureProcessor driver =
                FeatureProcessor.fit(local.train(), config.features().toFeatureConfig());
        assertArrayEquals(bytes(driver), p.processorBytes());
        assertEquals(RowDigest.of(local), p.version(), "same content, same version as the driver path");

        String folder = SplitStore.write(spark, dir.resolve("splits").toString(), p);
        var conf = spark.sparkContext().hadoopConfiguration();
        var enc = SplitStore.readEncoded(conf, folder, "test", p.processor());
        var expected = driver.encode(local.test());
        for (int f = 0; f < SCHEMA.size(); f++) {
            assertArrayEquals(expected.ids(f), enc.ids(f), "field " + f);
        }
        assertArrayEquals(expected.labels(), enc.labels());

        var bc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(p.processorBytes());
        MllibBaselines.Frames frames = MllibBaselines.distributedFrames(spark, p, folder, false, bc);
        try {
            List<String> got = frames.test().collectAsList().stream()
                    .map(Row::toString)
                    .sorted()
                    .toList();
            List<String> want = MllibBaselines.rows(expected).stream()
                    .map(Row::toString)
                    .sorted()
                    .toList();
            assertEquals(want, got);
        } finally {
            frames.unpersist();
            bc.destroy();
        }
    }
}
