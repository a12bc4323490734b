package dev.sweeplake.jobs.ctr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.features.FieldEncoding;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input stops a bench before training with a message naming what is wrong and where, and leaves nothing written: no
 * warehouse tables, no prepared splits.
 */
@ExtendWith(SparkExtension.class)
class CtrBadInputTest {
    static final String HEADER = "label,user,genres,age";
    static final List<DatasetConfig.FieldDecl> FIELDS = List.of(
            new DatasetConfig.FieldDecl("user", FieldType.CATEGORICAL),
            new DatasetConfig.FieldDecl("genres", FieldType.MULTI_CATEGORICAL),
            new DatasetConfig.FieldDecl("age", FieldType.NUMERIC));

    static String goodRows(int n, int offset) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < n; i++) {
            int u = (i + offset) % 7;
            sb.append(i % 2)
                    .append(",u")
                    .append(u)
                    .append(',')
                    .append(i % 3 == 0 ? "a|b" : "c")
                    .append(',')
                    .append(20 + (i * 7) % 30)
                    .append('\n');
        }
        return sb.toString();
    }

    /** A csv bench config over three files in {@code dir}; each content as given. */
    static CtrBenchConfig csvBench(Path dir, String train, String valid, String test) throws IOException {
        Files.writeString(dir.resolve("train.csv"), train);
        Files.writeString(dir.resolve("valid.csv"), valid);
        Files.writeString(dir.resolve("test.csv"), test);
        DatasetConfig d = new DatasetConfig(
                DatasetConfig.Kind.CSV,
                Optional.of("tiny"),
                "unused",
                DatasetConfig.SyntheticConfig.defaults(),
                Optional.of("train.csv"),
                Optional.of("valid.csv"),
                Optional.of("test.csv"),
                "label",
                FIELDS,
                ",",
                "|");
        return CtrBenchConfig.defaults()
                .withDataDir(dir.toString())
                .withDataset(d)
                .withTrainer(TrainerConfig.defaults().withMaxEpochs(1))
                .withModels(List.of(new ModelSpec(
                        dev.sweeplake.ctr.model.ModelKind.LR, Optional.empty(), Optional.empty(), Optional.empty())));
    }

    static void assertNothingWritten(Path warehouse) throws IOException {
        if (Files.exists(warehouse)) {
            try (Stream<Path> s = Files.list(warehouse)) {
                assertEquals(List.of(), s.toList(), "the warehouse must stay empty after bad input");
            }
        }
    }

    private static IllegalArgumentException fails(SparkSession spark, Path dir, CtrBenchConfig config)
            throws IOException {
        Path warehouse = dir.resolve("wh");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CtrBenchJob.run(JobContext.of(spark, warehouse.toString()), config));
        assertNothingWritten(warehouse);
        return e;
    }

    @Test
    void malformedLineNamesFileAndLine(SparkSession spark, @TempDir Path dir) throws IOException {
        var e = fails(
                spark, dir, csvBench(dir, goodRows(40, 0), goodRows(20, 1), goodRows(20, 2) + "1,u1,a,notanumber\n"));
        assertTrue(e.getMessage().contains("test.csv:22:"), e.getMessage());
    }

    @Test
    void labelOutsideZeroOne(SparkSession spark, @TempDir Path dir) throws IOException {
        var e = fails(spark, dir, csvBench(dir, goodRows(40, 0) + "2,u1,a,30\n", goodRows(20, 1), goodRows(20, 2)));
        assertTrue(
                e.getMessage().contains("train.csv:42:") && e.getMessage().contains("label must be 0 or 1, got 2"),
                e.getMessage());
    }

    @Test
    void missingField(SparkSession spark, @TempDir Path dir) throws IOException {
        String noAge = goodRows(20, 1).replace(",age\n", "\n").replaceAll(",\\d+\n", "\n");
        var e = fails(spark, dir, csvBench(dir, goodRows(40, 0), noAge, goodRows(20, 2)));
        assertTrue(e.getMessage().contains("valid.csv") && e.getMessage().contains("age"), e.getMessage());
    }

    @Test
    void nanNumericFailsByDefaultAndIsImputedOnRequest(SparkSession spark, @TempDir Path dir) throws IOException {
        CtrBenchConfig c = csvBench(dir, goodRows(40, 0), goodRows(20, 1), goodRows(20, 2) + "1,u1,a,NaN\n");
        var e = fails(spark, dir, c);
        assertTrue(
                e.getMessage().contains("test split")
                        && e.getMessage().contains("'age'")
                        && e.getMessage().contains("NaN"),
                e.getMessage());
        FeaturesConfig f = c.features();
        CtrBenchConfig impute = c.withFeatures(new FeaturesConfig(
                f.minCount(),
                f.hashBuckets(),
                f.pooling(),
                f.numeric(),
                f.numBuckets(),
                FieldEncoding.NanPolicy.IMPUTE));
        CtrData.Prepared p = CtrData.prepare(null, impute);
        assertEquals(21, p.test().rows());
    }

    @Test
    void emptySplit(SparkSession spark, @TempDir Path dir) throws IOException {
        var e = fails(spark, dir, csvBench(dir, goodRows(40, 0), HEADER + "\n", goodRows(20, 2)));
        assertEquals(
                "dataset 'tiny': the validation split is empty (0 rows); every split needs rows of both classes",
                e.getMessage());
    }

    @Test
    void splitWithOneClass(SparkSession spark, @TempDir Path dir) throws IOException {
        String allZero = HEADER + "\n0,u1,a,20\n0,u2,b,30\n";
        var e = fails(spark, dir, csvBench(dir, goodRows(40, 0), goodRows(20, 1), allZero));
        assertTrue(e.getMessage().contains("the test split has only label 0 (2 rows)"), e.getMessage());
    }

    @Test
    void missingMovieLensFolderIsReportedBeforeSpark(SparkSession spark, @TempDir Path dir) throws IOException {
        CtrBenchConfig c = CtrBenchConfig.defaults()
                .withDataDir(dir.toString())
                .withModels(List.of(new ModelSpec(
                        dev.sweeplake.ctr.model.ModelKind.LR, Optional.empty(), Optional.empty(), Optional.empty())));
        var e = fails(spark, dir, c);
        assertTrue(e.getMessage().contains("ratings.csv not found"), e.getMessage());
    }

    @Test
    void parquetInputIsCheckedOnTheDriver(SparkSession spark, @TempDir Path dir) throws IOException {
        Path csvDir = dir.resolve("csv");
        Files.createDirectories(csvDir);
        CtrBenchConfig csv = csvBench(csvDir, goodRows(40, 0), goodRows(20, 1), goodRows(20, 2));
        // The same rows as Parquet (genres as array<string>, label as int): prepares to the same content hash.
        for (String s : List.of("train", "valid", "test")) {
            spark.read()
                    .option("header", "true")
                    .option("inferSchema", "true")
                    .csv(csvDir.resolve(s + ".csv").toString())
                    .selectExpr(
                            "cast(label as int) label",
                            "user",
                            "split(genres, '[|]') genres",
                            "cast(age as double) age")
                    .coalesce(1)
                    .write()
                    .parquet(dir.resolve("pq/" + s).toString());
        }
        DatasetConfig d = csv.dataset();
        DatasetConfig pq = new DatasetConfig(
                DatasetConfig.Kind.PARQUET,
                d.name(),
                d.dir(),
                d.synthetic(),
                Optional.of("pq/train"),
                Optional.of("pq/valid"),
                Optional.of("pq/test"),
                "label",
                FIELDS,
                ",",
                "|");
        CtrBenchConfig pqBench = csv.withDataDir(dir.toString()).withDataset(pq);
        assertEquals(
                CtrData.prepare(null, csv).version(),
                CtrData.prepare(spark, pqBench).version());

        spark.sql("select 3 as label, 'u1' as user, array('a') as genres, 1.0 as age union all "
                        + "select 0, 'u2', array('b'), 2.0")
                .coalesce(1)
                .write()
                .parquet(dir.resolve("bad/valid").toString());
        DatasetConfig badLabel = new DatasetConfig(
                DatasetConfig.Kind.PARQUET,
                d.name(),
                d.dir(),
                d.synthetic(),
                Optional.of("pq/train"),
                Optional.of("bad/valid"),
                Optional.of("pq/test"),
                "label",
                FIELDS,
                ",",
                "|");
        var e = fails(spark, dir, pqBench.withDataset(badLabel));
        assertTrue(e.getMessage().contains("must be 0 or 1, got 1 rows outside {0, 1} (first: 3.0)"), e.getMessage());

        DatasetConfig missing = new DatasetConfig(
                DatasetConfig.Kind.PARQUET,
                d.name(),
                d.dir(),
                d.synthetic(),
                Optional.of("pq/train"),
                Optional.of("pq/valid"),
                Optional.of("pq/test"),
                "label",
                List.of(
                        new DatasetConfig.FieldDecl("user", FieldType.CATEGORICAL),
                        new DatasetConfig.FieldDecl("country", FieldType.CATEGORICAL)),
                ",",
                "|");
        e = fails(spark, dir, pqBench.withDataset(missing));
        assertTrue(e.getMessage().contains("column 'country' is missing"), e.getMessage());
    }
}
