package dev.sweeplake.jobs.ctr;

import static org.apache.spark.sql.functions.col;

import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Schema;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one split of a user's Parquet (or Delta, through a path Spark can read as Parquet) data into a {@link RawTable},
 * checking on the driver first: every declared column present with a usable type (label: numeric or boolean; categorical:
 * any atomic type; numeric: a number type; multi-categorical: an array of atomic values, or a string split on the
 * multi-separator), no null label, every label 0 or 1. Errors name the path, the column, expected and actual.
 *
 * <p>Thread-safety: stateless.
 */
final class ParquetSource {
    private ParquetSource() {}

    static RawTable read(SparkSession spark, String path, Schema schema, String multiSeparator) {
        Dataset<Row> sel = select(spark, path, schema, multiSeparator);
        RawTable.Builder b = RawTable.builder(schema);
        FieldType[] types = types(schema);
        for (Iterator<Row> it = sel.toLocalIterator(); it.hasNext(); ) {
            Row r = it.next();
            b.addRow((float) r.getDouble(0), values(r, types));
        }
        return b.build();
    }

    /** The field types of a schema, in order (serializable, for Spark tasks). */
    static FieldType[] types(Schema schema) {
        return schema.fields().stream().map(FieldSpec::type).toArray(FieldType[]::new);
    }

    /**
     * The field values of a row of {@link #select} (column 0 the label, then the fields), as the RawTable builder and the
     * columnar encoder take them: categorical a String ("" when null), numeric a Double (NaN when null),
     * multi-categorical a String[] (empty when null, "" for a null element).
     */
    static Object[] values(Row r, FieldType[] types) {
        Object[] vals = new Object[types.length];
        for (int f = 0; f < vals.length; f++) {
            boolean nul = r.isNullAt(f + 1);
            vals[f] = switch (types[f]) {
                case CATEGORICAL -> nul ? "" : r.get(f + 1).toString();
                case NUMERIC -> nul ? Double.NaN : ((Number) r.get(f + 1)).doubleValue();
                case MULTI_CATEGORICAL ->
                    nul
                            ? new String[0]
                            : r.getList(f + 1).stream()
                                    .map(x -> x == null ? "" : x.toString())
                                    .toArray(String[]::new);
            };
        }
        return vals;
    }

    /**
     * The split as a checked DataFrame: {@code __label} (double, 0 or 1), then the schema's fields in order, cast to
     * string / double / array&lt;string&gt; (nulls kept). Runs one Spark job (the label check); rows stay in Spark.
     */
    static Dataset<Row> select(SparkSession spark, String path, Schema schema, String multiSeparator) {
        Dataset<Row> df;
        try {
            df = spark.read().parquet(path);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "parquet dataset: cannot read %s: %s", path, firstLine(e)), e);
        }
        StructType st = df.schema();
        DataType labelType = type(st, schema.label(), path);
        if (!(labelType instanceof NumericType) && labelType != DataTypes.BooleanType) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "parquet dataset %s: label column '%s' must be numeric or boolean, got %s",
                    path,
                    schema.label(),
                    labelType.simpleString()));
        }
        Column[] cols = new Column[schema.size() + 1];
        cols[0] = col(schema.label()).cast(DataTypes.DoubleType).as("__label");
        for (int f = 0; f < schema.size(); f++) {
            FieldSpec spec = schema.field(f);
            DataType t = type(st, spec.name(), path);
            cols[f + 1] = (switch (spec.type()) {
                        case CATEGORICAL -> {
                            require(t instanceof AtomicType, path, spec, t, "an atomic type (string, number, ...)");
                            yield col(spec.name()).cast(DataTypes.StringType);
                        }
                        case NUMERIC -> {
                            require(t instanceof NumericType, path, spec, t, "a number type");
                            yield col(spec.name()).cast(DataTypes.DoubleType);
                        }
                        case MULTI_CATEGORICAL -> {
                            if (t instanceof ArrayType a && a.elementType() instanceof AtomicType) {
                                yield col(spec.name()).cast(DataTypes.createArrayType(DataTypes.StringType));
                            }
                            require(
                                    t == DataTypes.StringType,
                                    path,
                                    spec,
                                    t,
                                    "array<string> (or a string split on multi_separator)");
                            yield org.apache.spark.sql.functions.split(
                                    col(spec.name()), java.util.regex.Pattern.quote(multiSeparator));
                        }
                    })
                    .as(spec.name());
        }
        Dataset<Row> sel = df.select(cols);
        Row bad = sel.filter(col("__label")
                        .isNull()
                        .or(col("__label").notEqual(0.0).and(col("__label").notEqual(1.0))))
                .agg(
                        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
                        org.apache.spark.sql.functions.first(col("__label")))
                .first();
        if (bad.getLong(0) > 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "parquet dataset %s: label column '%s' must be 0 or 1, got %d rows outside {0, 1} (first: %s)",
                    path,
                    schema.label(),
                    bad.getLong(0),
                    bad.isNullAt(1) ? "null" : bad.get(1)));
        }
        return sel;
    }

    private static DataType type(StructType st, String name, String path) {
        for (StructField f : st.fields()) {
            if (f.name().equals(name)) {
                return f.dataType();
            }
        }
        throw new IllegalArgumentException(String.format(
                Locale.ROOT,
                "parquet dataset %s: column '%s' is missing; the file has columns %s",
                path,
                name,
                List.of(st.fieldNames())));
    }

    private static void require(boolean ok, String path, FieldSpec spec, DataType t, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "parquet dataset %s: %s field '%s' must be %s, got %s",
                    path,
                    spec.type().name().toLowerCase(Locale.ROOT),
                    spec.name(),
                    expected,
                    t.simpleString()));
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
