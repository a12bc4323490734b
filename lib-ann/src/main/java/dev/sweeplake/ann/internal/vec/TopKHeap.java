package dev.sweeplake.ann.internal.vec;

/**
 * Bounded max-heap of (distance, row) keeping the k smallest; ties broken by the smaller row so results are
 * deterministic. Not thread-safe: one per query per thread.
 */
public final class TopKHeap {
    private final int capacity;
    private final float[] dist;
    private final int[] row;
    private int size;

    public TopKHeap(int capacity) {
        this.capacity = capacity;
        this.dist = new float[capacity];
        this.row = new int[capacity];
    }

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    /** The largest kept distance, or +Infinity while not full: a candidate must be below it to enter. */
    public float threshold() {
        return size < capacity ? Float.POSITIVE_INFINITY : dist[0];
    }

    private static boolean greater(float d1, int r1, float d2, int r2) {
        return d1 > d2 || (d1 == d2 && r1 > r2);
    }

    public void offer(float d, int r) {
        if (size < capacity) {
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (!greater(d, r, dist[p], row[p])) {
                    break;
                }
                dist[i] = dist[p];
                row[i] = row[p];
                i = p;
            }
            dist[i] = d;
            row[i] = r;
        } else if (greater(dist[0], row[0], d, r)) {
            siftDownFromRoot(d, r);
        }
    }

    private void siftDownFromRoot(float d, int r) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int rc = c + 1;
            if (rc < size && greater(dist[rc], row[rc], dist[c], row[c])) {
                c = rc;
            }
            if (!greater(dist[c], row[c], d, r)) {
                break;
            }
            dist[i] = dist[c];
            row[i] = row[c];
            i = c;
        }
        dist[i] = d;
        row[i] = r;
    }

    /**
     * Empties the heap into the arrays in ascending order; returns the count written. Slots past the count are not
     * touched.
     */
    public int drainAscending(float[] outDist, int[] outRow, int offset) {
        int n = size;
        for (int i = n - 1; i >= 0; i--) {
            outDist[offset + i] = dist[0];
            outRow[offset + i] = row[0];
            size--;
            if (size > 0) {
                float d = dist[size];
                int r = row[size];
                siftDownFromRoot(d, r);
            }
        }
        size = 0;
        return n;
    }
}
