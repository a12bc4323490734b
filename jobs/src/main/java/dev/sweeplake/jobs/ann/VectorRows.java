package dev.sweeplake.jobs.ann;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.List;
import java.util.Locale;
import java.util.RandomAccess;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;

/**
 * The normalised vector table every ANN job works on: {@code id long not null, vector array<float>}, and the checks of one
 * row. Stateless; thread-safe.
 *
 * <p>Hot paths never go through external {@link Row}s: a {@code Row}'s array column is a Seq of boxed Floats (784 boxed
 * values per MNIST vector, each way). Vectors are read from Spark's internal rows ({@link #internalRows}, {@link
 * #vector(InternalRow)}) and written through a bean encoder over {@code float[]} ({@link #dataFrame}), both of which copy
 * primitive arrays.
 */
public final class VectorRows {
    /** Schema of a normalised vector table. */
    public static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType, true)
            .add("vector", DataTypes.createArrayType(DataTypes.FloatType, true), true);

    private VectorRows() {}

    /** The vector of a normalised row as floats (a null element becomes NaN, caught by {@link #problem}). */
    public static float[] vector(Row r) {
        List<Object> l = r.getList(1);
        float[] v = new float[l.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = l.get(i);
            v[i] = o == null ? Float.NaN : ((Number) o).floatValue();
        }
        return v;
    }

    /** What is wrong with a row, or null when it is fine. */
    public static String problem(Row r, int dimension) {
        if (r.isNullAt(0)) {
            return "a row has a null id";
        }
        return problem(r.getLong(0), r.isNullAt(1) ? null : vector(r), dimension);
    }

    /** A normalised row as a Java bean, for {@link #ENCODER} (the encoder copies {@code float[]} without boxing). */
    public static final class Record implements Serializable {
        private static final long serialVersionUID = 1L;
        private Long id;
        private float[] vector;

        public Record() {}

        public Record(Long id, float[] vector) {
            this.id = id;
            this.vector = vector;
        }

        public Long getId() {
            return id;
        }

        public void setId(Long id) {
            this.id = id;
        }

        public float[] getVector() {
            return vector;
        }

        public void setVector(float[] vector) {
            this.vector = vector;
        }
    }

    /** Bean encoder of {@link Record}: {@code id bigint, vector array<float>}. */
    public static final Encoder<Record> ENCODER = Encoders.bean(Record.class);

    /** Records as a normalised table (columns id, vector). */
    public static Dataset<Row> dataFrame(SparkSession spark, JavaRDD<Record> records) {
        return spark.createDataset(records.rdd(), ENCODER).select("id", "vector");
    }

    /**
     * The rows of {@code rows} in Spark's internal format (column ordinals as in its schema). A task must copy what it
     * keeps: Spark reuses the row objects.
     */
    public static JavaRDD<InternalRow> internalRows(Dataset<Row> rows) {
        return rows.queryExecution().toRdd().toJavaRDD();
    }

    /** The ids and vectors of a partition's rows, in order (vectors copied: Spark reuses the row objects). */
    public record Drained(long[] ids, float[][] vectors) {}

    /** Drains a partition of normalised internal rows (id in column 0, vector in column 1) into arrays. */
    public static Drained drain(java.util.Iterator<InternalRow> it) {
        List<Long> ids = new java.util.ArrayList<>();
        List<float[]> vecs = new java.util.ArrayList<>();
        while (it.hasNext()) {
            InternalRow r = it.next();
            ids.add(r.getLong(0));
            vecs.add(vector(r));
        }
        return new Drained(ids.stream().mapToLong(Long::longValue).toArray(), vecs.toArray(new float[0][]));
    }

    /** The vector (column 1) of an internal normalised row, copied; a null element becomes NaN (see {@link #problem}). */
    public static float[] vector(InternalRow r) {
        ArrayData a = r.getArray(1);
        int n = a.numElements();
        float[] v = new float[n];
        copyVector(r, v, 0);
        return v;
    }

    /**
     * Copies the vector (column 1) of an internal row into {@code dest} at {@code at}, a null element as NaN: one bulk copy
     * from an {@link UnsafeArrayData} (whose header is the element count, then one null bit per element in 64-bit words).
     */
    public static void copyVector(InternalRow r, float[] dest, int at) {
        ArrayData a = r.getArray(1);
        int n = a.numElements();
        if (a instanceof UnsafeArrayData u) {
            Object base = u.getBaseObject();
            long offset = u.getBaseOffset();
            Platform.copyMemory(
                    base,
                    offset + UnsafeArrayData.calculateHeaderPortionInBytes(n),
                    dest,
                    Platform.FLOAT_ARRAY_OFFSET + 4L * at,
                    4L * n);
            for (int w = 0; w < (n + 63) / 64; w++) {
                if (Platform.getLong(base, offset + 8 + 8L * w) != 0) {
                    for (int i = 64 * w; i < Math.min(n, 64 * w + 64); i++) {
                        if (u.isNullAt(i)) {
                            dest[at + i] = Float.NaN;
                        }
                    }
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                dest[at + i] = a.isNullAt(i) ? Float.NaN : a.getFloat(i);
            }
        }
    }

    /**
     * What is wrong with an internal normalised row, or null when it is fine; {@code v} is {@link #vector(InternalRow)}
     * of the row, or null when the vector is null.
     */
    public static String problem(InternalRow r, float[] v, int dimension) {
        if (r.isNullAt(0)) {
            return "a row has a null id";
        }
        return problem(r.getLong(0), v, dimension);
    }

    /** The checks of {@link #problem(Row, int)} on an id and a (possibly null) vector. */
    static String problem(long id, float[] v, int dimension) {
        if (v == null) {
            return String.format(Locale.ROOT, "row with id %d: vector must not be null", id);
        }
        if (v.length != dimension) {
            return String.format(
                    Locale.ROOT, "row with id %d: vector dimension must be %d, actual %d", id, dimension, v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                return String.format(
                        Locale.ROOT,
                        "row with id %d: vector values must be finite, actual %s at index %d",
                        id,
                        v[i],
                        i);
            }
        }
        return null;
    }

    /** {@link #vector(InternalRow)}, or null where the vector column is null. */
    public static float[] vectorOrNull(InternalRow r) {
        return r.isNullAt(1) ? null : vector(r);
    }

    /** A row of the normalised schema; the vector is wrapped (a Scala Seq, as Spark's encoders need), not copied. */
    public static Row row(long id, float[] v) {
        return org.apache.spark.sql.RowFactory.create(id, new scala.collection.immutable.ArraySeq.ofFloat(v));
    }

    /** A read-only List view of a float array (Spark's external Row accepts a java.util.List for an array column). */
    public static List<Float> floatList(float[] v) {
        return new FloatList(v);
    }

    private static final class FloatList extends AbstractList<Float> implements RandomAccess, java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final float[] a;

        FloatList(float[] a) {
            this.a = a;
        }

        @Override
        public Float get(int index) {
            return a[index];
        }

        @Override
        public int size() {
            return a.length;
        }
    }
}
