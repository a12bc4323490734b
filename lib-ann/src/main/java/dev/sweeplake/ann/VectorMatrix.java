package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;
import java.util.Arrays;

/**
 * An in-memory matrix of float vectors, row-major, with one {@code long} id per row.
 *
 * <p>Validated once on creation: dimension, finiteness of every value and uniqueness of ids. The arrays are <em>not</em>
 * copied ({@link #data()} and {@link #ids()} expose them, for zero-copy use in engines); callers must not modify them
 * afterwards. Immutable by contract and then thread-safe. At most {@code Integer.MAX_VALUE} floats per matrix (one shard).
 */
public final class VectorMatrix {
    private final float[] data;
    private final long[] ids;
    private final int dimension;
    private final int size;

    private VectorMatrix(float[] data, int dimension, long[] ids) {
        this.data = data;
        this.dimension = dimension;
        this.size = ids.length;
        this.ids = ids;
    }

    /**
     * @param data      row-major values, {@code ids.length * dimension} of them, all finite
     * @param dimension vector dimension, at least 1
     * @param ids       one unique id per row
     */
    public static VectorMatrix of(float[] data, int dimension, long[] ids) {
        Checks.notNull("data", data);
        Checks.notNull("ids", ids);
        Checks.atLeast("dimension", dimension, 1);
        if (data.length != (long) ids.length * dimension) {
            throw new IllegalArgumentException(Checks.fmt(
                    "data length must be ids.length * dimension = %d, actual %d",
                    (long) ids.length * dimension, data.length));
        }
        Checks.finite("vector", data, 0, ids.length, dimension);
        checkUniqueIds(ids);
        return new VectorMatrix(data, dimension, ids);
    }

    /** A matrix whose ids are the row numbers 0..n-1 (typical for query sets). */
    public static VectorMatrix withRowIds(float[] data, int dimension) {
        Checks.atLeast("dimension", dimension, 1);
        if (data.length % dimension != 0) {
            throw new IllegalArgumentException(
                    Checks.fmt("data length must be a multiple of dimension %d, actual %d", dimension, data.length));
        }
        long[] ids = new long[data.length / dimension];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return of(data, dimension, ids);
    }

    private static void checkUniqueIds(long[] ids) {
        if (ids.length < 2) {
            return;
        }
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                long dup = sorted[i];
                int first = -1;
                int second = -1;
                for (int r = 0; r < ids.length; r++) {
                    if (ids[r] == dup) {
                        if (first < 0) {
                            first = r;
                        } else {
                            second = r;
                            break;
                        }
                    }
                }
                throw new IllegalArgumentException(
                        Checks.fmt("ids must be unique, actual id %d at rows %d and %d", dup, first, second));
            }
        }
    }

    public int dimension() {
        return dimension;
    }

    /** Number of rows. */
    public int size() {
        return size;
    }

    /** The row-major values (not a copy). */
    public float[] data() {
        return data;
    }

    /** The ids (not a copy). */
    public long[] ids() {
        return ids;
    }

    public long id(int row) {
        return ids[row];
    }

    public float get(int row, int column) {
        return data[row * dimension + column];
    }

    /** A copy of one row. */
    public float[] row(int row) {
        return Arrays.copyOfRange(data, row * dimension, (row + 1) * dimension);
    }

    /** A copy of rows [from, to) with their ids. */
    public VectorMatrix slice(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IllegalArgumentException(
                    Checks.fmt("slice must satisfy 0 <= from <= to <= %d, actual from %d to %d", size, from, to));
        }
        return new VectorMatrix(
                Arrays.copyOfRange(data, from * dimension, to * dimension),
                dimension,
                Arrays.copyOfRange(ids, from, to));
    }

    @Override
    public String toString() {
        return Checks.fmt("VectorMatrix[size=%d, dimension=%d]", size, dimension);
    }
}
