package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.data.CsvTableReader;
import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.MovieLensCtrTask;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.data.Splits;
import dev.sweeplake.ctr.data.SyntheticFmTask;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.features.FieldEncoding;
import dev.sweeplake.jobs.util.Ids;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Loads a bench's three splits (on the driver, or in Spark for a parquet dataset) and checks them before anything is written or trained: every split
 * non-empty and with both classes, labels in {0, 1} (the readers name file and line), declared fields present, NaN
 * numerics per the features' {@code nan_policy}; then fits the feature processor on the training split and encodes all
 * three (so an encoding failure also happens here, naming the split).
 *
 * <p>Thread-safety: stateless.
 */
public final class CtrData {
    private CtrData() {}

    /**
     * A bench's checked input. Small datasets (movielens, synthetic, csv) are held on the driver ({@code splits},
     * {@code train}, {@code valid}, {@code test} set, {@code sources} null); a parquet dataset stays in Spark
     * ({@code sources} set, the others null): only the fitted processor and counts are on the driver.
     *
     * @param dataset name in results
     * @param version first 16 hex digits of a SHA-256 over the three splits' content (see {@link RowDigest}; part of
     *     trial ids and rows)
     * @param schema the fields
     * @param processor fitted on the training split
     * @param processorBytes the processor in lib-ctr's versioned format (what trial tasks receive)
     * @param rows rows of the training, validation and test splits
     * @param splits raw rows (null for a distributed dataset)
     * @param train encoded training split (null for a distributed dataset)
     * @param valid encoded validation split (null for a distributed dataset)
     * @param test encoded test split (null for a distributed dataset)
     * @param sources the checked splits as Spark DataFrames (null for a driver-side dataset)
     */
    public record Prepared(
            String dataset,
            String version,
            Schema schema,
            FeatureProcessor processor,
            byte[] processorBytes,
            long[] rows,
            Splits splits,
            EncodedData train,
            EncodedData valid,
            EncodedData test,
            Sources sources) {

        public boolean distributed() {
            return sources != null;
        }
    }

    /** A parquet dataset's checked splits, rows in Spark (columns as {@link ParquetSource#select} returns them). */
    public record Sources(Dataset<Row> train, Dataset<Row> valid, Dataset<Row> test) {
        List<Dataset<Row>> all() {
            return List.of(train, valid, test);
        }
    }

    /**
     * Loads, checks, fits and encodes. {@code spark} is needed only for Parquet input (may be null otherwise). A parquet
     * dataset is checked and fitted by Spark jobs (see {@link SparkFeatures}); no step collects its rows.
     */
    public static Prepared prepare(SparkSession spark, CtrBenchConfig config) {
        DatasetConfig d = config.dataset();
        if (d.kind() == DatasetConfig.Kind.PARQUET) {
            return prepareDistributed(spark, config);
        }
        Splits raw = load(spark, d, Path.of(config.dataDir()));
        String[] names = {"training", "validation", "test"};
        RawTable[] tables = {raw.train(), raw.valid(), raw.test()};
        for (int i = 0; i < 3; i++) {
            checkSplit(d.displayName(), names[i], tables[i]);
        }
        FeatureProcessor fp;
        try {
            fp = FeatureProcessor.fit(raw.train(), config.features().toFeatureConfig());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "dataset '%s', training split: %s", d.displayName(), e.getMessage()), e);
        }
        EncodedData[] enc = new EncodedData[3];
        for (int i = 0; i < 3; i++) {
            try {
                enc[i] = fp.encode(tables[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        String.format(
                                Locale.ROOT, "dataset '%s', %s split: %s", d.displayName(), names[i], e.getMessage()),
                        e);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        fp.save(bytes);
        return new Prepared(
                d.displayName(),
                RowDigest.of(raw),
                raw.train().schema(),
                fp,
                bytes.toByteArray(),
                new long[] {tables[0].rows(), tables[1].rows(), tables[2].rows()},
                raw,
                enc[0],
                enc[1],
                enc[2],
                null);
    }

    private static Prepared prepareDistributed(SparkSession spark, CtrBenchConfig config) {
        DatasetConfig d = config.dataset();
        if (spark == null) {
            throw new IllegalStateException("a parquet dataset is read with Spark; no session given");
        }
        Schema schema = declaredSchema(d);
        Path dataDir = Path.of(config.dataDir());
        String[] paths = {
            d.train().orElseThrow(), d.valid().orElseThrow(), d.test().orElseThrow()
        };
        String[] names = {"training", "validation", "test"};
        List<Dataset<Row>> sel = new ArrayList<>();
        SparkFeatures.SplitCounts[] counts = new SparkFeatures.SplitCounts[3];
        for (int i = 0; i < 3; i++) {
            sel.add(ParquetSource.select(spark, hadoopPath(dataDir, paths[i]), schema, d.multiSeparator()));
            counts[i] = SparkFeatures.counts(sel.get(i), schema);
            checkCounts(d.displayName(), names[i], counts[i].rows(), counts[i].positives());
        }
        FeatureConfig fc = config.features().toFeatureConfig();
        FeatureProcessor fp;
        try {
            FieldEncoding[] enc = FeatureProcessor.encodings(schema, fc);
            for (int i = 1; i < 3; i++) {
                SparkFeatures.checkNan(schema, enc, counts[i], names[i]);
            }
            fp = SparkFeatures.fit(sel.get(0), counts[0], schema, fc);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "dataset '%s': %s", d.displayName(), e.getMessage()), e);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        fp.save(bytes);
        Sources sources = new Sources(sel.get(0), sel.get(1), sel.get(2));
        return new Prepared(
                d.displayName(),
                RowDigest.of(schema, sources),
                schema,
                fp,
                bytes.toByteArray(),
                new long[] {counts[0].rows(), counts[1].rows(), counts[2].rows()},
                null,
                null,
                null,
                null,
                sources);
    }

    /** The lib-ctr schema a csv/parquet dataset declares. */
    public static Schema declaredSchema(DatasetConfig d) {
        List<FieldSpec> fields =
                d.fields().stream().map(f -> new FieldSpec(f.name(), f.type())).toList();
        try {
            return new Schema(d.label(), fields);
        } catch (IllegalArgumentException e) {
            throw new dev.sweeplake.jobs.config.ConfigException("config key 'dataset.fields': " + e.getMessage(), e);
        }
    }

    static Splits load(SparkSession spark, DatasetConfig d, Path dataDir) {
        return switch (d.kind()) {
            case MOVIELENS -> {
                Path dir = resolve(dataDir, d.dir());
                for (String f : List.of("ratings.csv", "movies.csv")) {
                    if (!Files.isRegularFile(dir.resolve(f))) {
                        throw new IllegalArgumentException(String.format(
                                Locale.ROOT,
                                "movielens dataset: %s not found (expected ratings.csv and movies.csv of ml-latest-small in %s; set "
                                        + "--data-dir or dataset.dir)",
                                dir.resolve(f),
                                dir));
                    }
                }
                yield MovieLensCtrTask.load(dir);
            }
            case SYNTHETIC -> {
                DatasetConfig.SyntheticConfig s = d.synthetic();
                yield SyntheticFmTask.generate(
                                new SyntheticFmTask.Params(
                                        s.fields(),
                                        s.cardinality(),
                                        s.rank(),
                                        s.interactionScale(),
                                        s.linearScale(),
                                        s.bias()),
                                s.trainRows(),
                                s.validRows(),
                                s.testRows(),
                                s.seed())
                        .splits();
            }
            case CSV -> {
                Schema schema = declaredSchema(d);
                CsvTableReader reader = new CsvTableReader(
                        d.delimiter().charAt(0), d.multiSeparator().charAt(0));
                RawTable[] t = new RawTable[3];
                String[] paths = {
                    d.train().orElseThrow(), d.valid().orElseThrow(), d.test().orElseThrow()
                };
                for (int i = 0; i < 3; i++) {
                    Path p = resolve(dataDir, paths[i]);
                    if (!Files.isRegularFile(p)) {
                        throw new IllegalArgumentException("csv dataset: file not found: " + p);
                    }
                    t[i] = reader.read(p, schema);
                }
                yield new Splits(t[0], t[1], t[2]);
            }
            case PARQUET -> {
                if (spark == null) {
                    throw new IllegalStateException("a parquet dataset is read with Spark; no session given");
                }
                Schema schema = declaredSchema(d);
                String[] paths = {
                    d.train().orElseThrow(), d.valid().orElseThrow(), d.test().orElseThrow()
                };
                RawTable[] t = new RawTable[3];
                for (int i = 0; i < 3; i++) {
                    t[i] = ParquetSource.read(spark, hadoopPath(dataDir, paths[i]), schema, d.multiSeparator());
                }
                yield new Splits(t[0], t[1], t[2]);
            }
        };
    }

    static Path resolve(Path dataDir, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() ? path : dataDir.resolve(path);
    }

    /** A local relative path resolves against data_dir; a URI (s3a://, file:/ ...) or absolute path is kept. */
    static String hadoopPath(Path dataDir, String p) {
        return p.contains("://") || p.startsWith("file:") || p.startsWith("dbfs:")
                ? p
                : resolve(dataDir, p).toString();
    }

    static void checkSplit(String dataset, String split, RawTable t) {
        long pos = 0;
        for (float y : t.labels()) {
            pos += y == 1f ? 1 : 0;
        }
        checkCounts(dataset, split, t.rows(), pos);
    }

    /** Every split needs rows of both classes. */
    static void checkCounts(String dataset, String split, long rows, long pos) {
        if (rows == 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "dataset '%s': the %s split is empty (0 rows); every split needs rows of both classes",
                    dataset,
                    split));
        }
        if (pos == 0 || pos == rows) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "dataset '%s': the %s split has only label %d (%d rows); AUC and training need both classes",
                    dataset,
                    split,
                    pos == 0 ? 0 : 1,
                    rows));
        }
    }

    /** A stable id for a prepared feature processor (its bytes). */
    static String processorId(byte[] bytes) {
        return Ids.sha256Hex(HexFormat.of().formatHex(bytes), 16);
    }
}
