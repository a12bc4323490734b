package dev.sweeplake.ctr.internal;

import dev.sweeplake.ctr.features.EncodedData;
import java.util.Arrays;

/**
 * The distinct feature ids occurring in one mini-batch, for lazy Adam, collected in O(rows x ids per row) with an
 * open-addressing hash set sized by the batch (cleared per batch), so a batch touches no memory proportional to the
 * vocabulary (a vocabulary-sized stamp array costs one cache miss per id of a large vocabulary).
 *
 * <p>Each distinct id gets a <em>slot</em>: its index in {@link #rows()} (first-occurrence order). The slot of every id
 * occurrence of the batch is recorded while collecting, so the backward pass writes the gradients of embedding-like
 * tensors into a compact buffer of {@link #size()} rows ({@code compact[slot * width + j]}) instead of a
 * vocabulary-sized one, and lazy Adam reads row {@code k} of that buffer for id {@code rows()[k]}. Positions are those
 * of the batch {@code order[from..to)} given to {@link #collect}: see {@link #slots(int)} and {@link #valueStarts(int)}.
 *
 * <p>Thread-safety: not thread-safe while collecting; after {@link #collect} returns, the accessors may be read by many
 * threads at once (the trainer's backward passes) until the next {@code collect}.
 */
public final class BatchRows {
    private int[] table = new int[1 << 12]; // id + 1; 0 = empty
    private int[] tableSlot = new int[1 << 12]; // the slot of table[h]'s id
    private int[] rows = new int[1024];
    private int size;
    private int first;
    private int[][] slots = new int[0][];
    private int[][] valueStarts = new int[0][];

    /** {@code numFeatures}: the id space (ids are not checked against it; kept for callers sizing by vocabulary). */
    public BatchRows(int numFeatures) {
        if (numFeatures < 0) {
            throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
        }
    }

    /**
     * Collects the ids of rows {@code order[from..to)} (every field, every value of a bag; {@code order} null = rows
     * {@code from..to)}) and the slot of each occurrence.
     */
    public void collect(EncodedData data, int[] order, int from, int to) {
        int fields = data.numFields();
        int b = to - from;
        if (slots.length != fields) {
            slots = new int[fields][];
            valueStarts = new int[fields][];
        }
        size = 0;
        first = from;
        Arrays.fill(table, 0);
        for (int f = 0; f < fields; f++) {
            int[] ids = data.ids(f);
            int[] off = data.offsets(f);
            if (off == null) {
                int[] s = slots(f, b);
                for (int k = from; k < to; k++) {
                    int r = order == null ? k : order[k];
                    s[k - from] = add(ids[r]);
                }
            } else {
                int[] vs = valueStarts[f];
                if (vs == null || vs.length < b + 1) {
                    vs = valueStarts[f] = new int[b + 1];
                }
                int values = 0;
                for (int k = from; k < to; k++) {
                    int r = order == null ? k : order[k];
                    vs[k - from] = values;
                    values += off[r + 1] - off[r];
                }
                vs[b] = values;
                int[] s = slots(f, values);
                int p = 0;
                for (int k = from; k < to; k++) {
                    int r = order == null ? k : order[k];
                    for (int q = off[r]; q < off[r + 1]; q++) {
                        s[p++] = add(ids[q]);
                    }
                }
            }
        }
    }

    private int[] slots(int f, int n) {
        int[] s = slots[f];
        if (s == null || s.length < n) {
            s = slots[f] = new int[Math.max(n, s == null ? 0 : s.length * 2)];
        }
        return s;
    }

    /** The slot of {@code id}, added if new. */
    private int add(int id) {
        int mask = table.length - 1;
        int key = id + 1;
        int h = (key * 0x9E3779B9) >>> 7 & mask;
        while (true) {
            int t = table[h];
            if (t == key) {
                return tableSlot[h];
            }
            if (t == 0) {
                break;
            }
            h = (h + 1) & mask;
        }
        int slot = size;
        table[h] = key;
        tableSlot[h] = slot;
        if (size == rows.length) {
            rows = Arrays.copyOf(rows, size * 2);
        }
        rows[size++] = id;
        if (size * 2 > table.length) {
            grow();
        }
        return slot;
    }

    private void grow() {
        table = new int[table.length * 2];
        tableSlot = new int[table.length];
        int mask = table.length - 1;
        for (int i = 0; i < size; i++) {
            int key = rows[i] + 1;
            int h = (key * 0x9E3779B9) >>> 7 & mask;
            while (table[h] != 0) {
                h = (h + 1) & mask;
            }
            table[h] = key;
            tableSlot[h] = i;
        }
    }

    /** The collected ids (first {@link #size()} entries, in first-occurrence order): slot k holds id {@code rows()[k]}. */
    public int[] rows() {
        return rows;
    }

    public int size() {
        return size;
    }

    /** The {@code from} of the last {@link #collect}: batch position p is {@code order[first() + p]}. */
    public int first() {
        return first;
    }

    /**
     * Field {@code f}'s slots by batch position: for a single-valued field, the slot of the row at position p is
     * {@code slots(f)[p]}; for a multi-valued field, the slot of the row's i-th value is {@code slots(f)[valueStarts(f)[p]
     * + i]}.
     */
    public int[] slots(int f) {
        return slots[f];
    }

    /** For a multi-valued field, where each batch position's values start in {@link #slots(int)} (one past the end at b). */
    public int[] valueStarts(int f) {
        return valueStarts[f];
    }
}
