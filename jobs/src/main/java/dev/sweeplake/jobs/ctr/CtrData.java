package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.data.CsvTableReader;
import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.MovieLensCtrTask;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.data.Splits;
import dev.sweeplake.ctr.data.SyntheticFmTask;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.jobs.util.Ids;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Loads a bench's three splits on the driver and checks them before anything is written or trained: every split
 * non-empty and with both classes, labels in {0, 1} (the readers name file and line), declared fields present, NaN
 * numerics per the features' {@code nan_policy}; then fits the feature processor on the training split and encodes all
 * three (so an encoding failure also happens here, naming the split).
 *
 * <p>Thread-safety: stateless.
 */
public final class CtrData {
    private CtrData() {}

    /**
     * A bench's checked input.
     *
     * @param dataset name in results
     * @param version first 16 hex digits of the SHA-256 of the three splits' content (part of trial ids and rows)
     * @param splits raw rows
     * @param processor fitted on the training split
     * @param processorBytes the processor in lib-ctr's versioned format (what trial tasks receive)
     * @param train encoded training split
     * @param valid encoded validation split
     * @param test encoded test split
     */
    public record Prepared(
            String dataset,
            String version,
            Splits splits,
            FeatureProcessor processor,
            byte[] processorBytes,
            EncodedData train,
            EncodedData valid,
            EncodedData test) {

        public Schema schema() {
            return splits.train().schema();
        }
    }

    /** Loads, checks, fits and encodes. {@code spark} is needed only for Parquet input (may be null otherwise). */
    public static Prepared prepare(SparkSession spark, CtrBenchConfig config) {
        DatasetConfig d = config.dataset();
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
        return new Prepared(d.displayName(), digest(raw), raw, fp, bytes.toByteArray(), enc[0], enc[1], enc[2]);
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
        if (t.rows() == 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "dataset '%s': the %s split is empty (0 rows); every split needs rows of both classes",
                    dataset,
                    split));
        }
        long pos = 0;
        for (float y : t.labels()) {
            pos += y == 1f ? 1 : 0;
        }
        if (pos == 0 || pos == t.rows()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "dataset '%s': the %s split has only label %d (%d rows); AUC and training need both classes",
                    dataset,
                    split,
                    pos == 0 ? 0 : 1,
                    t.rows()));
        }
    }

    /** SHA-256 of the three splits' labels and values, in order (16 hex digits). */
    static String digest(Splits s) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (RawTable t : List.of(s.train(), s.valid(), s.test())) {
            md.update(t.schema().toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < t.rows(); r++) {
                sb.setLength(0);
                sb.append(t.label(r));
                for (int f = 0; f < t.schema().size(); f++) {
                    sb.append('\u001f');
                    Object c = t.column(f);
                    if (c instanceof String[] a) {
                        sb.append(a[r]);
                    } else if (c instanceof double[] a) {
                        sb.append(Double.doubleToLongBits(a[r]));
                    } else {
                        sb.append(String.join("\u001e", ((String[][]) c)[r]));
                    }
                }
                sb.append('\n');
                md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /** A stable id for a prepared feature processor (its bytes). */
    static String processorId(byte[] bytes) {
        return Ids.sha256Hex(HexFormat.of().formatHex(bytes), 16);
    }
}
