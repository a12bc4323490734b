package dev.sweeplake.ctr.features;

import java.util.Locale;

/**
 * Encoded rows, columnar, ready for a model. For each field {@code f}:
 * <ul>
 *   <li>{@code ids(f)}: global feature ids (offset by the field's start in one shared id space);</li>
 *   <li>{@code offsets(f)}: null for single-valued fields (one id per row, {@code ids(f)[row]}), else
 *       {@code rows + 1} offsets so that row r owns {@code ids(f)[offsets[r] .. offsets[r+1])};</li>
 *   <li>{@code weights(f)}: null (every id weighs 1) or one weight per id (normalised numerics, mean pooling).</li>
 * </ul>
 * A field's embedding for a row is the weighted sum of its ids' embeddings.
 *
 * <p>Immutable after construction by {@link FeatureProcessor} or {@link #of}; safe to share between threads.
 */
public final class EncodedData {
    private final int rows;
    private final int numFeatures;
    private final int[][] ids;
    private final int[][] offsets;
    private final float[][] weights;
    private final float[] labels;

    private EncodedData(int rows, int numFeatures, int[][] ids, int[][] offsets, float[][] weights, float[] labels) {
        this.rows = rows;
        this.numFeatures = numFeatures;
        this.ids = ids;
        this.offsets = offsets;
        this.weights = weights;
        this.labels = labels;
    }

    /**
     * Wraps arrays (not copied) after checking their shapes and id ranges.
     *
     * @param numFeatures size of the global id space; every id must lie in [0, numFeatures)
     */
    public static EncodedData of(int numFeatures, int[][] ids, int[][] offsets, float[][] weights, float[] labels) {
        int rows = labels.length;
        int fields = ids.length;
        if (fields == 0 || offsets.length != fields || weights.length != fields) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "ids, offsets and weights need one entry per field (>= 1), got %d, %d, %d",
                    ids.length,
                    offsets.length,
                    weights.length));
        }
        for (int f = 0; f < fields; f++) {
            int expected = rows;
            if (offsets[f] != null) {
                if (offsets[f].length != rows + 1 || offsets[f][0] != 0) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "field %d: offsets must have rows + 1 = %d entries starting at 0, got %d",
                            f,
                            rows + 1,
                            offsets[f].length));
                }
                for (int r = 0; r < rows; r++) {
                    if (offsets[f][r + 1] < offsets[f][r]) {
                        throw new IllegalArgumentException(String.format(
                                Locale.ROOT,
                                "field %d: offsets must not decrease, got %d after %d at row %d",
                                f,
                                offsets[f][r + 1],
                                offsets[f][r],
                                r));
                    }
                }
                expected = offsets[f][rows];
            }
            if (ids[f].length != expected) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "field %d: expected %d ids, got %d", f, expected, ids[f].length));
            }
            if (weights[f] != null && weights[f].length != expected) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "field %d: expected %d weights, got %d", f, expected, weights[f].length));
            }
            for (int id : ids[f]) {
                if (id < 0 || id >= numFeatures) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT, "field %d: feature id must be in [0, %d), got %d", f, numFeatures, id));
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            if (labels[i] != 0f && labels[i] != 1f) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "label must be 0 or 1, got %s at row %d", labels[i], i));
            }
        }
        return new EncodedData(rows, numFeatures, ids, offsets, weights, labels);
    }

    public int rows() {
        return rows;
    }

    public int numFields() {
        return ids.length;
    }

    /** Size of the global feature id space (embedding table rows). */
    public int numFeatures() {
        return numFeatures;
    }

    public int[] ids(int field) {
        return ids[field];
    }

    public int[] offsets(int field) {
        return offsets[field];
    }

    public float[] weights(int field) {
        return weights[field];
    }

    public float[] labels() {
        return labels;
    }

    /**
     * Heap bytes of the arrays this data set holds: every field's ids, offsets and weights, the labels and the three
     * per-field reference arrays, each with its array header and padding as {@link
     * dev.sweeplake.ctr.internal.HeapBytes} counts them (64-bit JVM, compressed oops). The object's own few dozen
     * bytes are not counted. Exact for such a JVM: the sum of what the arrays occupy.
     */
    public long heapBytes() {
        return dev.sweeplake.ctr.internal.HeapBytes.of(ids)
                + dev.sweeplake.ctr.internal.HeapBytes.of(offsets)
                + dev.sweeplake.ctr.internal.HeapBytes.of(weights)
                + dev.sweeplake.ctr.internal.HeapBytes.of(labels);
    }

    /** Rows {@code [from, to)} as a new data set sharing nothing with this one. */
    public EncodedData slice(int from, int to) {
        int n = to - from;
        int[][] i2 = new int[ids.length][];
        int[][] o2 = new int[ids.length][];
        float[][] w2 = new float[ids.length][];
        for (int f = 0; f < ids.length; f++) {
            int lo = offsets[f] == null ? from : offsets[f][from];
            int hi = offsets[f] == null ? to : offsets[f][to];
            i2[f] = java.util.Arrays.copyOfRange(ids[f], lo, hi);
            w2[f] = weights[f] == null ? null : java.util.Arrays.copyOfRange(weights[f], lo, hi);
            if (offsets[f] != null) {
                o2[f] = new int[n + 1];
                for (int r = 0; r <= n; r++) {
                    o2[f][r] = offsets[f][from + r] - lo;
                }
            }
        }
        return new EncodedData(n, numFeatures, i2, o2, w2, java.util.Arrays.copyOfRange(labels, from, to));
    }
}
