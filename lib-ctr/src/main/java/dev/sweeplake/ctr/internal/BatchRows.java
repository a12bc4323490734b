package dev.sweeplake.ctr.internal;

import dev.sweeplake.ctr.features.EncodedData;

/**
 * The distinct feature ids occurring in one mini-batch, for lazy Adam: collected in O(rows x ids per row) with a
 * vocabulary-sized stamp array that is allocated once and never cleared (each batch has its own stamp), so a batch
 * costs nothing proportional to the vocabulary. Thread-safety: not thread-safe; one per trainer.
 */
public final class BatchRows {
    private final int[] stamp;
    private int[] rows = new int[1024];
    private int size;
    private int current;

    public BatchRows(int numFeatures) {
        this.stamp = new int[numFeatures];
    }

    /** Collects the ids of rows {@code order[from..to)} (every field, every value of a bag). */
    public void collect(EncodedData data, int[] order, int from, int to) {
        size = 0;
        if (++current == Integer.MAX_VALUE) {
            java.util.Arrays.fill(stamp, 0);
            current = 1;
        }
        for (int f = 0; f < data.numFields(); f++) {
            int[] ids = data.ids(f);
            int[] off = data.offsets(f);
            for (int k = from; k < to; k++) {
                int r = order == null ? k : order[k];
                if (off == null) {
                    add(ids[r]);
                } else {
                    for (int q = off[r]; q < off[r + 1]; q++) {
                        add(ids[q]);
                    }
                }
            }
        }
    }

    private void add(int id) {
        if (stamp[id] != current) {
            stamp[id] = current;
            if (size == rows.length) {
                rows = java.util.Arrays.copyOf(rows, size * 2);
            }
            rows[size++] = id;
        }
    }

    /** The collected ids (first {@link #size()} entries, in first-occurrence order). */
    public int[] rows() {
        return rows;
    }

    public int size() {
        return size;
    }
}
