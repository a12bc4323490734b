package dev.sweeplake.jobs.ann;

import static org.apache.spark.sql.functions.col;

import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.io.CsvSpec;
import dev.sweeplake.ann.io.FixedRecordFile;
import dev.sweeplake.ann.io.VectorReaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a {@link VectorSourceConfig} into the normalised vector table ({@link VectorRows#SCHEMA}), checking the schema and
 * the dimension on the driver before any stage runs. Stateless; thread-safe.
 */
public final class VectorInput {
    private VectorInput() {}

    /** A normalised vector table and what the driver knows about it without running a stage. */
    public record Source(Dataset<Row> rows, int dimension, String description) {}

    /** The path with {@code {data_dir}} replaced. */
    public static String resolvePath(VectorSourceConfig src, String dataDir) {
        return src.path().replace("{data_dir}", dataDir);
    }

    /**
     * @param expectedDimension 0 to take the dimension from the input
     * @param partitions        partitions of file inputs (tables keep theirs)
     */
    public static Source load(
            SparkSession spark, VectorSourceConfig src, String dataDir, int expectedDimension, int partitions) {
        String path = resolvePath(src, dataDir);
        String what = src.format() + " input " + path;
        Dataset<Row> rows;
        int dim;
        FixedRecordFile fixed = VectorSourceConfig.isTable(src.format()) ? null : splittable(spark, src, path, what);
        if (VectorSourceConfig.isTable(src.format())) {
            Dataset<Row> raw;
            try {
                raw = spark.read().format(src.format()).load(path);
            } catch (RuntimeException e) {
                if (e.getClass().getSimpleName().equals("AnalysisException")) {
                    throw new IllegalArgumentException(what + ": cannot be read: " + e.getMessage(), e);
                }
                throw e;
            }
            rows = normaliseTable(raw, src, what);
            dim = expectedDimension;
            if (dim == 0) {
                List<Row> first = rows.select(org.apache.spark.sql.functions.size(col("vector")))
                        .where(col("vector").isNotNull())
                        .limit(1)
                        .collectAsList();
                if (first.isEmpty()) {
                    throw new IllegalArgumentException(what + " is empty: expected at least 1 vector, actual 0");
                }
                dim = first.get(0).getInt(0);
            }
        } else if (src.format().equals("arrow")) {
            // Arrow IPC file: the driver reads the footer and batch metadata; each partition reads its row range on an
            // executor.
            ArrowVectors.Layout layout = ArrowVectors.layout(
                    spark.sparkContext().hadoopConfiguration(), path, src.idColumn(), src.vectorColumn());
            dim = layout.dimension();
            long to = rowsTo(src, what, expectedDimension, dim, layout.rows());
            rows = readArrowRanges(spark, layout, src.fromRow(), to, partitions);
        } else if (fixed != null) {
            // Uncompressed fixed-size rows: each partition reads its own range of the file on an executor.
            dim = fixed.dimension();
            long to = rowsTo(src, what, expectedDimension, dim, fixed.rows());
            rows = readRanges(spark, fixed, path, src.fromRow(), to, partitions);
        } else {
            VectorMatrix m = readFile(spark, src, path, what);
            dim = m.dimension();
            int to = (int) rowsTo(src, what, expectedDimension, dim, m.size());
            rows = distribute(spark, m, src.fromRow(), to, partitions);
        }
        if (src.repeat() > 1) {
            rows = repeat(spark, rows, src.repeat(), src.jitter(), src.seed());
        }
        return new Source(rows, dim, src.describe());
    }

    /**
     * Checks a file's dimension against the expected one (0: any) and that {@code [from_row, to_row)} of its {@code rows}
     * is not empty; returns the end row.
     */
    private static long rowsTo(VectorSourceConfig src, String what, int expectedDimension, int dim, long rows) {
        if (expectedDimension != 0 && dim != expectedDimension) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: vector dimension must be %d (config key 'dimension'), actual %d",
                    what,
                    expectedDimension,
                    dim));
        }
        long to = src.toRow() < 0 ? rows : Math.min(src.toRow(), rows);
        if (src.fromRow() >= to) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s is empty: rows [%d, %d) of %d rows, expected at least 1 vector",
                    what,
                    src.fromRow(),
                    to,
                    rows));
        }
        return to;
    }

    /** An in-memory matrix (driver side) as a normalised table of {@code partitions} partitions. */
    public static Dataset<Row> distribute(SparkSession spark, VectorMatrix m, int from, int to, int partitions) {
        int n = to - from;
        int parts = Math.max(1, Math.min(partitions, n));
        List<Chunk> chunks = new ArrayList<>(parts);
        int dim = m.dimension();
        for (int p = 0; p < parts; p++) {
            int s = from + (int) ((long) n * p / parts);
            int e = from + (int) ((long) n * (p + 1) / parts);
            chunks.add(
                    new Chunk(dim, Arrays.copyOfRange(m.ids(), s, e), Arrays.copyOfRange(m.data(), s * dim, e * dim)));
        }
        JavaRDD<VectorRows.Record> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(chunks, parts)
                .flatMap(Chunk::records);
        return VectorRows.dataFrame(spark, rdd);
    }

    /** Bytes per partition of a file read in parallel (at least {@code partitions} partitions). */
    static final long SPLIT_BYTES = 64L << 20;

    /**
     * The layout of an uncompressed fvecs/bvecs/IDX file, read from its header on the driver; null for a gzipped file
     * (not splittable: read on the driver).
     */
    private static FixedRecordFile splittable(SparkSession spark, VectorSourceConfig src, String path, String what) {
        if (!FixedRecordFile.supports(src.format())) {
            return null;
        }
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new IllegalArgumentException(what + ": file must exist, actual missing");
            }
            long length = fs.getFileStatus(p).getLen();
            try (InputStream in = new java.io.BufferedInputStream(fs.open(p), 64)) {
                in.mark(2);
                int b0 = in.read();
                int b1 = in.read();
                in.reset();
                if (path.endsWith(".gz") || (b0 == 0x1f && b1 == 0x8b)) {
                    return null;
                }
                return FixedRecordFile.of(src.format(), in, length, path);
            }
        } catch (IndexFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot be read", e);
        }
    }

    /**
     * Rows {@code [from, to)} of a fixed-record file as a normalised table, each partition reading its own range of the
     * file on an executor (ids are the row numbers, as with the driver-side readers).
     */
    static Dataset<Row> readRanges(
            SparkSession spark, FixedRecordFile f, String path, long from, long to, int partitions) {
        long n = to - from;
        int parts = (int) Math.max(
                1, Math.min(n, Math.max(partitions, (n * f.recordBytes() + SPLIT_BYTES - 1) / SPLIT_BYTES)));
        List<long[]> ranges = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            ranges.add(new long[] {from + n * p / parts, from + n * (p + 1) / parts});
        }
        var sconf = new org.apache.spark.util.SerializableConfiguration(
                spark.sparkContext().hadoopConfiguration());
        JavaRDD<VectorRows.Record> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(ranges, parts)
                .flatMap(r -> {
                    Path p = new Path(path);
                    VectorMatrix m;
                    try (FSDataInputStream in = p.getFileSystem(sconf.value()).open(p)) {
                        in.seek(f.offset(r[0]));
                        m = f.read(new java.io.BufferedInputStream(in, 1 << 20), r[0], (int) (r[1] - r[0]), path);
                    }
                    List<VectorRows.Record> out = new ArrayList<>(m.size());
                    for (int i = 0; i < m.size(); i++) {
                        out.add(new VectorRows.Record(m.id(i), m.row(i)));
                    }
                    return out.iterator();
                });
        return VectorRows.dataFrame(spark, rdd);
    }

    /** Rows {@code [from, to)} of an Arrow IPC file as a normalised table, each partition reading its range on an executor. */
    static Dataset<Row> readArrowRanges(
            SparkSession spark, ArrowVectors.Layout layout, long from, long to, int partitions) {
        long n = to - from;
        long bytesPerRow = 8L + 4L * layout.dimension();
        int parts =
                (int) Math.max(1, Math.min(n, Math.max(partitions, (n * bytesPerRow + SPLIT_BYTES - 1) / SPLIT_BYTES)));
        List<long[]> ranges = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            ranges.add(new long[] {from + n * p / parts, from + n * (p + 1) / parts});
        }
        var sconf = new org.apache.spark.util.SerializableConfiguration(
                spark.sparkContext().hadoopConfiguration());
        JavaRDD<VectorRows.Record> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(ranges, parts)
                .flatMap(r ->
                        ArrowVectors.read(sconf.value(), layout, r[0], r[1]).iterator());
        return VectorRows.dataFrame(spark, rdd);
    }

    /** A slice of vectors shipped to one partition. */
    record Chunk(int dim, long[] ids, float[] data) implements Serializable {
        Iterator<VectorRows.Record> records() {
            List<VectorRows.Record> out = new ArrayList<>(ids.length);
            for (int i = 0; i < ids.length; i++) {
                out.add(new VectorRows.Record(ids[i], Arrays.copyOfRange(data, i * dim, (i + 1) * dim)));
            }
            return out.iterator();
        }
    }

    private static Dataset<Row> repeat(SparkSession spark, Dataset<Row> rows, int times, double jitter, long seed) {
        // Copies get ids offset by a stride above every input id, and seeded Gaussian noise per (id, copy).
        long stride = 1L << 40;
        JavaRDD<VectorRows.Record> out = VectorRows.internalRows(rows).flatMap(r -> {
            List<VectorRows.Record> copies = new ArrayList<>(times);
            float[] v = VectorRows.vectorOrNull(r);
            Long first = r.isNullAt(0) ? null : r.getLong(0);
            copies.add(new VectorRows.Record(first, v));
            if (first == null || v == null) {
                return copies.iterator();
            }
            long id = first;
            for (int c = 1; c < times; c++) {
                SplittableRandom rnd = new SplittableRandom(seed ^ (id * 0x9E3779B97F4A7C15L) ^ ((long) c << 32));
                float[] w = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    w[i] = (float) (v[i] + jitter * rnd.nextGaussian());
                }
                copies.add(new VectorRows.Record(id + c * stride, w));
            }
            return copies.iterator();
        });
        return VectorRows.dataFrame(spark, out);
    }

    private static Dataset<Row> normaliseTable(Dataset<Row> raw, VectorSourceConfig src, String what) {
        StructType schema = raw.schema();
        String idName = src.idColumn();
        StructField idField = field(schema, idName, what, "id_column");
        DataType idType = idField.dataType();
        if (!(idType.equals(DataTypes.LongType)
                || idType.equals(DataTypes.IntegerType)
                || idType.equals(DataTypes.ShortType))) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: id column '%s' must be bigint or int, actual %s",
                    what,
                    idName,
                    idType.simpleString()));
        }
        StructField vf = field(schema, src.vectorColumn(), what, "vector_column");
        DataType vt = vf.dataType();
        Column vector;
        if (vt instanceof ArrayType at
                && (at.elementType().equals(DataTypes.FloatType)
                        || at.elementType().equals(DataTypes.DoubleType))) {
            vector = col(src.vectorColumn()).cast(DataTypes.createArrayType(DataTypes.FloatType, true));
        } else if (vt instanceof VectorUDT) {
            vector = org.apache.spark.ml.functions.vector_to_array(col(src.vectorColumn()), "float32");
        } else {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: vector column '%s' must be array<float>, array<double> or an ML Vector, actual %s",
                    what,
                    src.vectorColumn(),
                    vt.simpleString()));
        }
        return raw.select(col(idName).cast(DataTypes.LongType).as("id"), vector.as("vector"));
    }

    private static StructField field(StructType schema, String name, String what, String key) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(String.format(
                Locale.ROOT,
                "%s: column '%s' (config key '%s') must exist, " + "actual columns %s",
                what,
                name,
                key,
                Arrays.toString(schema.fieldNames())));
    }

    private static VectorMatrix readFile(SparkSession spark, VectorSourceConfig src, String path, String what) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new IllegalArgumentException(what + ": file must exist, actual missing");
            }
            try (InputStream raw = fs.open(p);
                    InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return switch (src.format()) {
                    case "fvecs" -> VectorReaders.readVecs(in, path, 4, false);
                    case "bvecs" -> VectorReaders.readVecs(in, path, 1, false);
                    case "idx" -> VectorReaders.readIdx(in, path);
                    case "csv" -> VectorReaders.readCsv(in, path, csvSpec(src));
                    default -> throw new IllegalStateException("not a file format: " + src.format());
                };
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot be read", e);
        }
    }

    private static CsvSpec csvSpec(VectorSourceConfig src) {
        return new CsvSpec(
                ',',
                src.csvHeaderLines(),
                src.csvIdColumnIndex(),
                src.csvIgnoredColumns().stream().mapToInt(Integer::intValue).toArray());
    }
}
