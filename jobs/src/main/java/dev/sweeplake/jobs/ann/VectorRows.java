package dev.sweeplake.jobs.ann;

import java.util.AbstractList;
import java.util.List;
import java.util.Locale;
import java.util.RandomAccess;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The normalised vector table every ANN job works on: {@code id long not null, vector array<float>}, and the checks of one
 * row. Stateless; thread-safe.
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
    long id = r.getLong(0);
    if (r.isNullAt(1)) {
      return String.format(Locale.ROOT, "row with id %d: vector must not be null", id);
    }
    List<Object> l = r.getList(1);
    if (l.size() != dimension) {
      return String.format(Locale.ROOT, "row with id %d: vector dimension must be %d, actual %d", id, dimension, l.size());
    }
    for (int i = 0; i < l.size(); i++) {
      Object o = l.get(i);
      float f = o == null ? Float.NaN : ((Number) o).floatValue();
      if (!Float.isFinite(f)) {
        return String.format(Locale.ROOT, "row with id %d: vector values must be finite, actual %s at index %d", id,
            f, i);
      }
    }
    return null;
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
