package dev.sweeplake.jobs.reco;

import dev.sweeplake.ctr.reco.Feedback;
import dev.sweeplake.ctr.reco.InteractionReader;
import dev.sweeplake.ctr.reco.Interactions;
import dev.sweeplake.ctr.reco.MovieLensLayout;
import dev.sweeplake.ctr.reco.RecoSplits;
import dev.sweeplake.ctr.reco.RecoSplitter;
import dev.sweeplake.ctr.reco.SyntheticInteractions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Loads a reco bench's interactions, checks them and splits them on the driver, before any run starts: file sources
 * are read by lib-ctr (bad rows named by file and line), Parquet/Delta by Spark with the columns' types checked first;
 * then the user sample, the feedback rule (threshold, k-core) and the split.
 *
 * <p>Thread-safety: stateless.
 */
public final class RecoData {
    private RecoData() {}

    /**
     * A bench's checked input.
     *
     * @param dataset name in results
     * @param rawRows rows read
     * @param sampledOut rows dropped by the user sample
     * @param feedback what the feedback rule kept and removed
     * @param splits the split (its version is the content address)
     */
    public record Prepared(String dataset, int rawRows, int sampledOut, Feedback.Result feedback, RecoSplits splits) {
        public String version() {
            return splits.version();
        }
    }

    public static Prepared prepare(SparkSession spark, RecoBenchConfig config) {
        RecoDatasetConfig d = config.dataset();
        Interactions raw = load(spark, d, Path.of(config.dataDir()));
        Interactions sampled = sample(raw, d.maxUsers(), config.split().seed());
        Feedback.Result fb = Feedback.apply(sampled, d.feedback());
        if (fb.data().size() == 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "dataset '%s': no interactions left after rating_threshold %s and k-core (%d, %d) (%d rows read)",
                    d.displayName(),
                    d.ratingThreshold().map(String::valueOf).orElse("none"),
                    d.minUserInteractions(),
                    d.minItemInteractions(),
                    raw.size()));
        }
        RecoSplits s = RecoSplitter.split(fb.data(), config.split().params());
        return new Prepared(d.displayName(), raw.size(), raw.size() - sampled.size(), fb, s);
    }

    static Path resolve(Path dataDir, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() ? path : dataDir.resolve(path);
    }

    static String hadoopPath(Path dataDir, String p) {
        return p.contains("://") || p.startsWith("file:") || p.startsWith("dbfs:")
                ? p
                : resolve(dataDir, p).toString();
    }

    static Interactions load(SparkSession spark, RecoDatasetConfig d, Path dataDir) {
        return switch (d.kind()) {
            case MOVIELENS -> {
                Path dir = resolve(dataDir, d.dir());
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException(
                            "movielens dataset: folder not found: " + dir + " (set --data-dir or dataset.dir)");
                }
                MovieLensLayout layout = d.layout().orElseGet(() -> MovieLensLayout.detect(dir));
                yield InteractionReader.readMovieLens(dir, layout);
            }
            case CSV ->
                InteractionReader.readDelimited(
                        resolve(dataDir, d.path().orElseThrow()),
                        new InteractionReader.Columns(
                                d.userColumn(),
                                d.itemColumn(),
                                d.ratingColumn(),
                                d.timestampColumn(),
                                d.delimiter().charAt(0)));
            case PARQUET, DELTA ->
                readTable(spark, d, hadoopPath(dataDir, d.path().orElseThrow()));
            case SYNTHETIC -> {
                RecoDatasetConfig.SyntheticConfig s = d.synthetic();
                yield SyntheticInteractions.generate(
                        s.users(), s.items(), s.rank(), s.minPerUser(), s.maxPerUser(), s.seed());
            }
        };
    }

    /** Reads a Parquet/Delta table: column presence and types are checked on the driver before rows are collected. */
    static Interactions readTable(SparkSession spark, RecoDatasetConfig d, String path) {
        if (spark == null) {
            throw new IllegalStateException("a parquet/delta dataset is read with Spark; no session given");
        }
        String format = d.kind() == RecoDatasetConfig.Kind.DELTA ? "delta" : "parquet";
        Dataset<Row> df;
        try {
            df = spark.read().format(format).load(path);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "%s dataset: cannot read %s: %s",
                            format,
                            path,
                            e.getMessage().lines().findFirst().orElse("")),
                    e);
        }
        StructType schema = df.schema();
        List<Column> cols = new ArrayList<>();
        cols.add(idColumn(schema, d.userColumn(), path));
        cols.add(idColumn(schema, d.itemColumn(), path));
        if (d.ratingColumn().isPresent()) {
            DataType t = type(schema, d.ratingColumn().get(), path);
            if (!(t instanceof NumericType)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "%s: rating column '%s' must be numeric, got %s",
                        path,
                        d.ratingColumn().get(),
                        t.simpleString()));
            }
            cols.add(functions.col(d.ratingColumn().get()).cast(DataTypes.FloatType));
        } else {
            cols.add(functions.lit(null).cast(DataTypes.FloatType));
        }
        if (d.timestampColumn().isPresent()) {
            String c = d.timestampColumn().get();
            DataType t = type(schema, c, path);
            if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
                cols.add(functions.unix_timestamp(functions.col(c)).cast(DataTypes.LongType));
            } else if (isIntegral(t)) {
                cols.add(functions.col(c).cast(DataTypes.LongType));
            } else {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "%s: timestamp column '%s' must be integer seconds or a timestamp, got %s",
                        path,
                        c,
                        t.simpleString()));
            }
        } else {
            cols.add(functions.lit(null).cast(DataTypes.LongType));
        }
        List<Row> rows = df.select(cols.toArray(new Column[0])).collectAsList();
        Interactions.Builder b = new Interactions.Builder();
        String[] names = {
            d.userColumn(),
            d.itemColumn(),
            d.ratingColumn().orElse(""),
            d.timestampColumn().orElse("")
        };
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            for (int c = 0; c < (d.ratingColumn().isPresent() ? 3 : 2); c++) {
                if (row.isNullAt(c)) {
                    throw new IllegalArgumentException(
                            String.format(Locale.ROOT, "%s: row %d: column '%s' is null", path, r + 1, names[c]));
                }
            }
            if (d.timestampColumn().isPresent() && row.isNullAt(3)) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "%s: row %d: column '%s' is null", path, r + 1, names[3]));
            }
            float rating = row.isNullAt(2) ? Float.NaN : row.getFloat(2);
            if (!Float.isNaN(rating) && !Float.isFinite(rating)
                    || d.ratingColumn().isPresent() && Float.isNaN(rating)) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "%s: row %d: rating must be finite, got %s", path, r + 1, rating));
            }
            b.add(row.getLong(0), row.getLong(1), rating, row.isNullAt(3) ? Interactions.NO_TIME : row.getLong(3));
        }
        return b.build(path);
    }

    private static DataType type(StructType schema, String col, String path) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(col)) {
                return f.dataType();
            }
        }
        throw new IllegalArgumentException(String.format(
                Locale.ROOT,
                "%s: column '%s' not found; columns are %s",
                path,
                col,
                Arrays.toString(schema.fieldNames())));
    }

    private static boolean isIntegral(DataType t) {
        return t.equals(DataTypes.LongType)
                || t.equals(DataTypes.IntegerType)
                || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType);
    }

    private static Column idColumn(StructType schema, String col, String path) {
        DataType t = type(schema, col, path);
        if (!isIntegral(t)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: id column '%s' must be an integer type (tinyint, smallint, int, bigint), got %s",
                    path,
                    col,
                    t.simpleString()));
        }
        return functions.col(col).cast(DataTypes.LongType);
    }

    /** The rows of a seeded sample of {@code maxUsers} users (all when 0 or not fewer users than that). */
    static Interactions sample(Interactions in, int maxUsers, long seed) {
        if (maxUsers <= 0) {
            return in;
        }
        long[] users = Arrays.stream(in.users()).distinct().toArray();
        if (users.length <= maxUsers) {
            return in;
        }
        // Rank users by a seeded hash of their id: the sample does not depend on file order.
        Long[] boxed = Arrays.stream(users).boxed().toArray(Long[]::new);
        Arrays.sort(boxed, (a, b) -> Long.compareUnsigned(mix(seed, a), mix(seed, b)));
        Set<Long> keep = new HashSet<>(Arrays.asList(boxed).subList(0, maxUsers));
        int[] rows = java.util.stream.IntStream.range(0, in.size())
                .filter(i -> keep.contains(in.users()[i]))
                .toArray();
        return in.select(rows, in.source());
    }

    private static long mix(long seed, long v) {
        long z = (seed ^ 0x632BE59BD9B4E019L) + v * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
