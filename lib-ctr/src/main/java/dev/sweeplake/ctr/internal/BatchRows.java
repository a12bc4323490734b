package dev.sweeplake.ctr.internal;

import dev.sweeplake.ctr.features.EncodedData;
import java.util.Arrays;

/**
 * The distinct feature ids occurring in one mini-batch, for lazy Adam, collected in O(rows x ids per row) with an
 * open-addressing hash set sized by the batch (cleared per batch), so a batch touches no memory proportional to the
 * vocabulary (a vocabulary-sized stamp array costs one cache miss per id of a large vocabulary). Thread-safety: not
 * thread-safe; one per trainer.
 */
public final class BatchRows {
    private int[] table = new int[1 << 12]; // id + 1; 0 = empty
    private int[] rows = new int[1024];
    private int size;

    /** {@code numFeatures}: the id space (ids are not checked against it; kept for callers sizing by vocabulary). */
    public BatchRows(int numFeatures) {
        if (numFeatures < 0) {
            throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
        }
    }

    /** Collects the ids of rows {@code order[from..to)} (every field, every value of a bag). */
    public void collect(EncodedData data, int[] order, int from, int to) {
        size = 0;
        Arrays.fill(table, 0);
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
        int mask = table.length - 1;
        int key = id + 1;
        int h = (key * 0x9E3779B9) >>> 7 & mask;
        while (true) {
            int t = table[h];
            if (t == key) {
                return;
            }
            if (t == 0) {
                break;
            }
            h = (h + 1) & mask;
        }
        table[h] = key;
        if (size == rows.length) {
            rows = Arrays.copyOf(rows, size * 2);
        }
        rows[size++] = id;
        if (size * 2 > table.length) {
            grow();
        }
    }

    private void grow() {
        table = new int[table.length * 2];
        int mask = table.length - 1;
        for (int i = 0; i < size; i++) {
            int key = rows[i] + 1;
            int h = (key * 0x9E3779B9) >>> 7 & mask;
            while (table[h] != 0) {
                h = (h + 1) & mask;
            }
            table[h] = key;
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
