package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The prepared splits of a bench as Parquet, content-addressed so that every run on the same data reuses them.
 *
 * <p>Layout: {@code <root>/<dataset>-<version>/{train,valid,test}/part-*.parquet} and an empty {@code _COMPLETE} marker
 * written last (a folder without it is a crashed write and is replaced). Columns: {@code row_id} (long, the row's index in
 * its split; readers sort by it so row order, and thus training, does not depend on file order), {@code label} (float,
 * 0 or 1), then the schema's fields in order: categorical -> string, numeric -> double (NaN kept), multi-categorical ->
 * array&lt;string&gt;.
 *
 * <p>Writing happens through Spark (a distributed dataset's rows are written by the executors, never collected); {@link #read} runs inside a trial's Spark task with parquet-hadoop and
 * no SparkSession. Thread-safety: stateless.
 */
public final class SplitStore {
    static final String COMPLETE = "_COMPLETE";
    static final List<String> SPLITS = List.of("train", "valid", "test");

    private SplitStore() {}

    /** The Spark schema of a split file. */
    static StructType sparkSchema(Schema schema) {
        StructType st =
                new StructType().add("row_id", DataTypes.LongType, false).add("label", DataTypes.FloatType, false);
        for (FieldSpec f : schema.fields()) {
            DataType t = switch (f.type()) {
                case CATEGORICAL -> DataTypes.StringType;
                case NUMERIC -> DataTypes.DoubleType;
                case MULTI_CATEGORICAL -> DataTypes.createArrayType(DataTypes.StringType, false);
            };
            st = st.add(f.name(), t, false);
        }
        return st;
    }

    /**
     * Writes (or reuses) the prepared splits under {@code root} and returns their folder.
     *
     * @return the folder {@code <root>/<dataset>-<version>}
     */
    static String write(SparkSession spark, String root, CtrData.Prepared p) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path folder = new Path(root, safe(p.dataset()) + "-" + p.version());
        try {
            FileSystem fs = folder.getFileSystem(conf);
            if (fs.exists(new Path(folder, COMPLETE))) {
                return fs.makeQualified(folder).toString();
            }
            if (fs.exists(folder)) {
                fs.delete(folder, true);
            }
            StructType st = sparkSchema(p.schema());
            if (p.distributed()) {
                // rows stay in Spark: each split numbered in its partition order and written by the executors
                FieldType[] types = ParquetSource.types(p.schema());
                for (int s = 0; s < 3; s++) {
                    JavaRDD<Row> rows =
                            p.sources().all().get(s).javaRDD().zipWithIndex().map(t -> indexed(t._2(), t._1(), types));
                    spark.createDataFrame(rows, st).write().parquet(new Path(folder, SPLITS.get(s)).toString());
                }
                fs.create(new Path(folder, COMPLETE), false).close();
                return fs.makeQualified(folder).toString();
            }
            RawTable[] tables = {
                p.splits().train(), p.splits().valid(), p.splits().test()
            };
            for (int s = 0; s < 3; s++) {
                spark.createDataFrame(rows(tables[s]), st)
                        .coalesce(1)
                        .write()
                        .parquet(new Path(folder, SPLITS.get(s)).toString());
            }
            fs.create(new Path(folder, COMPLETE), false).close();
            return fs.makeQualified(folder).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the prepared splits to " + folder + ": " + e.getMessage(), e);
        }
    }

    /** A split-file row from a row of {@link ParquetSource#select} and its index. */
    static Row indexed(long rowId, Row r, FieldType[] types) {
        Object[] vals = ParquetSource.values(r, types);
        Object[] v = new Object[vals.length + 2];
        v[0] = rowId;
        v[1] = (float) r.getDouble(0);
        for (int f = 0; f < vals.length; f++) {
            v[f + 2] = vals[f] instanceof String[] bag
                    ? scala.collection.immutable.ArraySeq$.MODULE$.unsafeWrapArray(bag)
                    : vals[f]; // an RDD of rows needs a Scala Seq for array<string>
        }
        return RowFactory.create(v);
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static List<Row> rows(RawTable t) {
        List<Row> out = new ArrayList<>(t.rows());
        int nf = t.schema().size();
        for (int r = 0; r < t.rows(); r++) {
            Object[] v = new Object[nf + 2];
            v[0] = (long) r;
            v[1] = t.label(r);
            for (int f = 0; f < nf; f++) {
                Object c = t.column(f);
                if (c instanceof String[] a) {
                    v[f + 2] = a[r];
                } else if (c instanceof double[] a) {
                    v[f + 2] = a[r];
                } else {
                    v[f + 2] = Arrays.asList(((String[][]) c)[r]);
                }
            }
            out.add(RowFactory.create(v));
        }
        return out;
    }

    /** Reads split {@code split} (train, valid, test) of a prepared folder, in row order. Runs inside a Spark task. */
    public static RawTable read(Configuration conf, String folder, String split, Schema schema) {
        Path dir = new Path(folder, split);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(new Path(folder, COMPLETE))) {
                throw new IllegalStateException(
                        "prepared splits in " + folder + " are incomplete (no " + COMPLETE + ")");
            }
            FileStatus[] files = fs.listStatus(dir, f -> f.getName().endsWith(".parquet"));
            Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
            List<Object[]> rows = new ArrayList<>();
            int nf = schema.size();
            for (FileStatus file : files) {
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file.getPath())
                        .withConf(conf)
                        .build()) {
                    Group g;
                    while ((g = reader.read()) != null) {
                        Object[] v = new Object[nf + 2];
                        v[0] = g.getLong("row_id", 0);
                        v[1] = g.getFloat("label", 0);
                        for (int f = 0; f < nf; f++) {
                            FieldSpec spec = schema.field(f);
                            v[f + 2] = value(g, spec);
                        }
                        rows.add(v);
                    }
                }
            }
            rows.sort(Comparator.comparingLong(v -> (Long) v[0]));
            RawTable.Builder b = RawTable.builder(schema);
            Object[] vals = new Object[nf];
            for (int i = 0; i < rows.size(); i++) {
                Object[] v = rows.get(i);
                if ((Long) v[0] != i) {
                    throw new IllegalStateException(String.format(
                            Locale.ROOT,
                            "prepared split %s: expected row_id %d, found %s (duplicated or missing rows)",
                            dir,
                            i,
                            v[0]));
                }
                System.arraycopy(v, 2, vals, 0, nf);
                b.addRow((Float) v[1], vals);
            }
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prepared split " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Streams split {@code split} of a prepared folder straight into {@code fp}'s compact column-major encoding (int ids,
     * float weights), each row placed at its {@code row_id}: no per-row objects are kept, so a task holds only the
     * encoded split. Row ids must cover [0, rows) exactly once. Runs inside a Spark task.
     */
    public static dev.sweeplake.ctr.features.EncodedData readEncoded(
            Configuration conf, String folder, String split, dev.sweeplake.ctr.features.FeatureProcessor fp) {
        Path dir = new Path(folder, split);
        Schema schema = fp.schema();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(new Path(folder, COMPLETE))) {
                throw new IllegalStateException(
                        "prepared splits in " + folder + " are incomplete (no " + COMPLETE + ")");
            }
            FileStatus[] files = fs.listStatus(dir, f -> f.getName().endsWith(".parquet"));
            Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
            long total = 0;
            for (FileStatus file : files) {
                try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
                        org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(file, conf))) {
                    total += r.getRecordCount();
                }
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "prepared split %s: at most %d rows per split, got %d",
                        dir,
                        Integer.MAX_VALUE - 8,
                        total));
            }
            var enc = fp.columnarEncoder((int) total);
            int nf = schema.size();
            Object[] vals = new Object[nf];
            for (FileStatus file : files) {
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file.getPath())
                        .withConf(conf)
                        .build()) {
                    Group g;
                    while ((g = reader.read()) != null) {
                        long id = g.getLong("row_id", 0);
                        if (id < 0 || id >= total) {
                            throw new IllegalStateException(String.format(
                                    Locale.ROOT,
                                    "prepared split %s: row_id must be in [0, %d), found %d",
                                    dir,
                                    total,
                                    id));
                        }
                        for (int f = 0; f < nf; f++) {
                            vals[f] = value(g, schema.field(f));
                        }
                        try {
                            enc.set((int) id, g.getFloat("label", 0), vals);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalStateException("prepared split " + dir + ": " + e.getMessage(), e);
                        }
                    }
                }
            }
            try {
                return enc.build();
            } catch (IllegalStateException e) {
                throw new IllegalStateException("prepared split " + dir + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prepared split " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Object value(Group g, FieldSpec spec) {
        String name = spec.name();
        if (g.getFieldRepetitionCount(name) == 0) {
            return spec.type() == FieldType.NUMERIC ? Double.NaN : null;
        }
        return switch (spec.type()) {
            case CATEGORICAL -> g.getString(name, 0);
            case NUMERIC -> g.getDouble(name, 0);
            case MULTI_CATEGORICAL -> {
                Group list = g.getGroup(name, 0);
                int n = list.getFieldRepetitionCount(0);
                String[] bag = new String[n];
                for (int i = 0; i < n; i++) {
                    Group e = list.getGroup(0, i);
                    bag[i] = e.getFieldRepetitionCount(0) == 0 ? "" : e.getString(0, 0);
                }
                yield bag;
            }
        };
    }
}
