package dev.sweeplake.ctr.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Raw (not yet encoded) rows in columnar form: a float 0/1 label and, per schema field, a {@code String[]}
 * (categorical), a {@code double[]} (numeric, NaN = missing) or a {@code String[][]} (multi-categorical).
 *
 * <p>Build one with {@link #builder(Schema)} row by row (what a Spark partition adapter does) or with
 * {@link #ofColumns(Schema, float[], Object...)} from arrays. Instances are immutable once built and safe to share
 * between threads; the arrays handed to {@code ofColumns} are taken as they are (do not modify them afterwards).
 */
public final class RawTable {
    private final Schema schema;
    private final float[] labels;
    private final Object[] columns;

    private RawTable(Schema schema, float[] labels, Object[] columns) {
        this.schema = schema;
        this.labels = labels;
        this.columns = columns;
    }

    /**
     * A table from columns in schema order.
     *
     * @throws IllegalArgumentException if a column has the wrong type or length, or a label is not 0 or 1
     */
    public static RawTable ofColumns(Schema schema, float[] labels, Object... columns) {
        Objects.requireNonNull(schema, "schema");
        if (columns.length != schema.size()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "expected %d columns (one per schema field), got %d", schema.size(), columns.length));
        }
        for (int i = 0; i < labels.length; i++) {
            checkLabel(labels[i], i);
        }
        for (int f = 0; f < columns.length; f++) {
            FieldSpec spec = schema.field(f);
            Object c = columns[f];
            int len;
            switch (spec.type()) {
                case CATEGORICAL -> len = cast(c, String[].class, spec).length;
                case NUMERIC -> len = cast(c, double[].class, spec).length;
                case MULTI_CATEGORICAL -> len = cast(c, String[][].class, spec).length;
                default -> throw new AssertionError(spec.type());
            }
            if (len != labels.length) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "column '%s' has %d rows, labels have %d", spec.name(), len, labels.length));
            }
        }
        return new RawTable(schema, labels, columns.clone());
    }

    private static <T> T cast(Object c, Class<T> type, FieldSpec spec) {
        if (!type.isInstance(c)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "column '%s' of type %s must be a %s, got %s",
                    spec.name(),
                    spec.type(),
                    type.getSimpleName(),
                    c == null ? "null" : c.getClass().getSimpleName()));
        }
        return type.cast(c);
    }

    static void checkLabel(float y, long row) {
        if (y != 0f && y != 1f) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "label must be 0 or 1, got %s at row %d", y, row));
        }
    }

    public static Builder builder(Schema schema) {
        return new Builder(schema);
    }

    public Schema schema() {
        return schema;
    }

    public int rows() {
        return labels.length;
    }

    public float label(int row) {
        return labels[row];
    }

    /** The label column (not a copy: do not modify). */
    public float[] labels() {
        return labels;
    }

    public String[] categorical(String field) {
        return (String[]) column(field, FieldType.CATEGORICAL);
    }

    public double[] numeric(String field) {
        return (double[]) column(field, FieldType.NUMERIC);
    }

    public String[][] multiCategorical(String field) {
        return (String[][]) column(field, FieldType.MULTI_CATEGORICAL);
    }

    /** The raw column array of field {@code f} (schema order); see the class doc for its type. */
    public Object column(int f) {
        return columns[f];
    }

    private Object column(String field, FieldType type) {
        int f = schema.indexOf(field);
        if (schema.field(f).type() != type) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "field '%s' is %s, not %s",
                    field,
                    schema.field(f).type(),
                    type));
        }
        return columns[f];
    }

    /** The rows at {@code index}, in that order. */
    public RawTable select(int[] index) {
        float[] l = new float[index.length];
        for (int i = 0; i < index.length; i++) {
            l[i] = labels[index[i]];
        }
        Object[] cols = new Object[columns.length];
        for (int f = 0; f < columns.length; f++) {
            Object c = columns[f];
            if (c instanceof double[] d) {
                double[] o = new double[index.length];
                for (int i = 0; i < index.length; i++) {
                    o[i] = d[index[i]];
                }
                cols[f] = o;
            } else if (c instanceof String[][] m) {
                String[][] o = new String[index.length][];
                for (int i = 0; i < index.length; i++) {
                    o[i] = m[index[i]];
                }
                cols[f] = o;
            } else {
                String[] s = (String[]) c;
                String[] o = new String[index.length];
                for (int i = 0; i < index.length; i++) {
                    o[i] = s[index[i]];
                }
                cols[f] = o;
            }
        }
        return new RawTable(schema, l, cols);
    }

    /**
     * Row-by-row builder. Values are given in schema order: categorical = any object (its {@code toString()}; null is
     * the missing value ""), numeric = a {@link Number} (null = NaN), multi-categorical = a {@code String[]} or a
     * {@link Collection} (null = empty). Not thread-safe: one builder per thread (or per Spark partition).
     */
    public static final class Builder {
        private final Schema schema;
        private float[] labels = new float[1024];
        private final List<Object> cols = new ArrayList<>();
        private int n;

        private Builder(Schema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            for (FieldSpec f : schema.fields()) {
                cols.add(
                        switch (f.type()) {
                            case CATEGORICAL -> new String[1024];
                            case NUMERIC -> new double[1024];
                            case MULTI_CATEGORICAL -> new String[1024][];
                        });
            }
        }

        /** Adds one row. @throws IllegalArgumentException for a bad label, wrong value count or wrong value type */
        public Builder addRow(float label, Object... values) {
            checkLabel(label, n);
            if (values.length != schema.size()) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "row %d: expected %d values (fields %s), got %d",
                        n,
                        schema.size(),
                        schema.fields().stream().map(FieldSpec::name).toList(),
                        values.length));
            }
            if (n == labels.length) {
                grow();
            }
            labels[n] = label;
            for (int f = 0; f < values.length; f++) {
                Object v = values[f];
                FieldSpec spec = schema.field(f);
                switch (spec.type()) {
                    case CATEGORICAL -> ((String[]) cols.get(f))[n] = v == null ? "" : v.toString();
                    case NUMERIC -> {
                        double d;
                        if (v == null) {
                            d = Double.NaN;
                        } else if (v instanceof Number num) {
                            d = num.doubleValue();
                        } else {
                            throw new IllegalArgumentException(String.format(
                                    Locale.ROOT,
                                    "row %d: numeric field '%s' needs a Number, got %s",
                                    n,
                                    spec.name(),
                                    v.getClass().getSimpleName()));
                        }
                        ((double[]) cols.get(f))[n] = d;
                    }
                    case MULTI_CATEGORICAL -> {
                        String[] bag;
                        if (v == null) {
                            bag = new String[0];
                        } else if (v instanceof String[] a) {
                            bag = a.clone();
                        } else if (v instanceof Collection<?> c) {
                            bag = c.stream().map(String::valueOf).toArray(String[]::new);
                        } else {
                            throw new IllegalArgumentException(String.format(
                                    Locale.ROOT,
                                    "row %d: multi-categorical field '%s' needs a String[] or Collection, got %s",
                                    n,
                                    spec.name(),
                                    v.getClass().getSimpleName()));
                        }
                        ((String[][]) cols.get(f))[n] = bag;
                    }
                    default -> throw new AssertionError();
                }
            }
            n++;
            return this;
        }

        private void grow() {
            int cap = labels.length * 2;
            labels = Arrays.copyOf(labels, cap);
            for (int f = 0; f < cols.size(); f++) {
                Object c = cols.get(f);
                if (c instanceof double[] d) {
                    cols.set(f, Arrays.copyOf(d, cap));
                } else if (c instanceof String[][] m) {
                    cols.set(f, Arrays.copyOf(m, cap));
                } else {
                    cols.set(f, Arrays.copyOf((String[]) c, cap));
                }
            }
        }

        public int rows() {
            return n;
        }

        public RawTable build() {
            Object[] out = new Object[cols.size()];
            for (int f = 0; f < out.length; f++) {
                Object c = cols.get(f);
                if (c instanceof double[] d) {
                    out[f] = Arrays.copyOf(d, n);
                } else if (c instanceof String[][] m) {
                    out[f] = Arrays.copyOf(m, n);
                } else {
                    out[f] = Arrays.copyOf((String[]) c, n);
                }
            }
            return new RawTable(schema, Arrays.copyOf(labels, n), out);
        }
    }
}
