package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.junit.jupiter.api.Test;

/** Vectors read from Spark's internal rows, unsafe (bulk copy plus null bits) and generic, give the same floats. */
class VectorRowsTest {
    private static InternalRow generic(long id, Object[] values) {
        return new GenericInternalRow(new Object[] {id, values == null ? null : new GenericArrayData(values)});
    }

    private static InternalRow unsafe(InternalRow generic) {
        return UnsafeProjection.create(VectorRows.SCHEMA).apply(generic).copy();
    }

    @Test
    void unsafeAndGenericRowsGiveTheSameVectorWithNullsAsNaN() {
        Object[] values = new Object[130];
        float[] expected = new float[130];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 67 == 5 ? null : (Object) (i * 0.5f - 3);
            expected[i] = values[i] == null ? Float.NaN : (Float) values[i];
        }
        InternalRow g = generic(7, values);
        InternalRow u = unsafe(g);
        assertTrue(u.getArray(1) instanceof UnsafeArrayData);
        assertArrayEquals(expected, VectorRows.vector(g));
        assertArrayEquals(expected, VectorRows.vector(u));
        float[] dest = new float[140];
        VectorRows.copyVector(u, dest, 10);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(dest, 10, 140));
        assertEquals(
                "row with id 7: vector values must be finite, actual NaN at index 5",
                VectorRows.problem(u, VectorRows.vector(u), 130));
        Object[] clean = new Object[] {1f, 2f, 3f};
        assertNull(VectorRows.problem(unsafe(generic(8, clean)), new float[] {1, 2, 3}, 3));
        InternalRow noVector = unsafe(generic(9, null));
        assertNull(VectorRows.vectorOrNull(noVector));
        assertEquals("row with id 9: vector must not be null", VectorRows.problem(noVector, null, 3));
    }
}
