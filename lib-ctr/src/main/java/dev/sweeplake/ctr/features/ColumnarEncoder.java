package dev.sweeplake.ctr.features;

import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.features.FieldEncoding.Kind;
import dev.sweeplake.ctr.features.FieldEncoding.Pooling;
import java.util.BitSet;
import java.util.Locale;

/**
 * Encodes rows streamed one at a time (from Parquet files, say) straight into {@link EncodedData}'s column-major arrays,
 * which are allocated once for the known row count: single-valued fields as one int id per row, normalised numerics as
 * one float weight per row. Rows may arrive in any order ({@link #set} places row {@code r} at index r); only
 * multi-valued fields keep a small per-row array until {@link #build}. The encoding is {@link FeatureProcessor#encode}'s,
 * value for value.
 *
 * <p>Not thread-safe: one encoder per reading thread.
 */
public final class ColumnarEncoder {
    private final FeatureProcessor fp;
    private final Schema schema;
    private final int rows;
    private final int[][] ids;
    private final float[][] weights;
    private final int[][][] bags;
    private final float[][] bagWeights;
    private final float[] labels;
    private final BitSet seen;

    ColumnarEncoder(FeatureProcessor fp, int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "rows must be >= 0, got %d", rows));
        }
        this.fp = fp;
        this.schema = fp.schema();
        this.rows = rows;
        int n = schema.size();
        ids = new int[n][];
        weights = new float[n][];
        bags = new int[n][][];
        bagWeights = new float[n][];
        for (int f = 0; f < n; f++) {
            FieldType t = schema.field(f).type();
            if (t == FieldType.MULTI_CATEGORICAL) {
                bags[f] = new int[rows][];
                bagWeights[f] = new float[rows];
            } else {
                ids[f] = new int[rows];
                if (t == FieldType.NUMERIC && fp.encodingOf(f).kind() == Kind.NORMALIZE) {
                    weights[f] = new float[rows];
                }
            }
        }
        labels = new float[rows];
        seen = new BitSet(rows);
    }

    /**
     * Encodes row {@code row}: {@code values} in the processor's schema order: a String (or null) per categorical field,
     * a double (NaN for missing) per numeric field, a String[] per multi-categorical field.
     */
    public void set(int row, float label, Object[] values) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "row must be in [0, %d), got %d", rows, row));
        }
        if (seen.get(row)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "row %d was set twice (duplicated rows)", row));
        }
        for (int f = 0; f < values.length; f++) {
            switch (schema.field(f).type()) {
                case CATEGORICAL -> ids[f][row] = fp.categoricalId(f, values[f] == null ? "" : values[f].toString());
                case NUMERIC -> {
                    double d = values[f] == null ? Double.NaN : ((Number) values[f]).doubleValue();
                    ids[f][row] = fp.numericId(f, d, row);
                    if (weights[f] != null) {
                        weights[f][row] = fp.numericWeight(f, d, row);
                    }
                }
                case MULTI_CATEGORICAL -> {
                    String[] bag = values[f] == null ? new String[0] : (String[]) values[f];
                    int[] b = new int[Math.max(1, bag.length)];
                    b[0] = fp.categoricalId(f, null);
                    for (int k = 0; k < bag.length; k++) {
                        b[k] = fp.categoricalId(f, bag[k]);
                    }
                    bags[f][row] = b;
                    bagWeights[f][row] =
                            bag.length == 0 ? 1f : fp.encodingOf(f).pooling() == Pooling.MEAN ? 1f / bag.length : 1f;
                }
                default -> throw new AssertionError();
            }
        }
        labels[row] = label;
        seen.set(row);
    }

    /** The encoded data; every row in [0, rows) must have been set once. */
    public EncodedData build() {
        int missing = seen.nextClearBit(0);
        if (missing < rows) {
            throw new IllegalStateException(
                    String.format(Locale.ROOT, "row %d of %d was never set (missing rows)", missing, rows));
        }
        int n = schema.size();
        int[][] outIds = new int[n][];
        int[][] offsets = new int[n][];
        float[][] outW = new float[n][];
        for (int f = 0; f < n; f++) {
            if (bags[f] == null) {
                outIds[f] = ids[f];
                outW[f] = weights[f];
                continue;
            }
            int[] off = new int[rows + 1];
            for (int r = 0; r < rows; r++) {
                off[r + 1] = off[r] + bags[f][r].length;
            }
            int[] all = new int[off[rows]];
            float[] w = new float[off[rows]];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bags[f][r], 0, all, off[r], bags[f][r].length);
                java.util.Arrays.fill(w, off[r], off[r + 1], bagWeights[f][r]);
                bags[f][r] = null;
            }
            outIds[f] = all;
            offsets[f] = off;
            outW[f] = w;
        }
        return EncodedData.of(fp.numFeatures(), outIds, offsets, outW, labels);
    }
}
