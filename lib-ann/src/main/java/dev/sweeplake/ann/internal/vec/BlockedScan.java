package dev.sweeplake.ann.internal.vec;

import dev.sweeplake.ann.Metric;

/**
 * Blocked query x base scan with the register-blocked {@link VectorKernel#dot4x2} kernel: base rows are visited in
 * tiles that stay in L2 while every query block of 4 passes over them, so each base value is loaded from memory once
 * per tile instead of once per query. Distances use {@code |q|^2 + |x|^2 - 2 q.x} for L2. Stateless; thread-safe.
 */
public final class BlockedScan {
    /** Base rows per tile: 96 rows of 784 floats = 300 KB, within a typical 512 KB L2. */
    private static final int TILE_BYTES = 256 * 1024;

    private BlockedScan() {}

    /** Squared norms of rows [0, rows). */
    public static float[] squaredNorms(VectorKernel kernel, float[] data, int rows, int dim) {
        float[] n = new float[rows];
        for (int r = 0; r < rows; r++) {
            n[r] = kernel.dot(data, r * dim, data, r * dim, dim);
        }
        return n;
    }

    /**
     * Offers every base row in [baseFrom, baseTo) to the heap of every query in [qFrom, qTo).
     *
     * @param heaps     one heap per query, indexed by query - qFrom; rows offered are base row numbers
     * @param baseNorms squared norms of base rows (indexed by base row), used for L2 only (may be null otherwise)
     * @param qNorms    squared norms of queries (indexed by query), used for L2 only
     */
    public static void scan(
            VectorKernel kernel,
            Metric metric,
            int dim,
            float[] base,
            float[] baseNorms,
            int baseFrom,
            int baseTo,
            float[] queries,
            float[] qNorms,
            int qFrom,
            int qTo,
            TopKHeap[] heaps) {
        int tile = Math.max(8, TILE_BYTES / (4 * dim)) & ~1;
        float[] out = new float[8];
        boolean l2 = metric == Metric.L2;
        boolean cosine = metric == Metric.COSINE;
        for (int t0 = baseFrom; t0 < baseTo; t0 += tile) {
            int t1 = Math.min(baseTo, t0 + tile);
            int pairEnd = t0 + ((t1 - t0) & ~1);
            int q = qFrom;
            for (; q + 3 < qTo; q += 4) {
                for (int b = t0; b < pairEnd; b += 2) {
                    kernel.dot4x2(queries, q * dim, dim, base, b * dim, dim, dim, out);
                    for (int i = 0; i < 4; i++) {
                        TopKHeap h = heaps[q + i - qFrom];
                        float d0 = toDistance(l2, cosine, out[2 * i], qNorms, baseNorms, q + i, b);
                        float d1 = toDistance(l2, cosine, out[2 * i + 1], qNorms, baseNorms, q + i, b + 1);
                        if (d0 <= h.threshold()) {
                            h.offer(d0, b);
                        }
                        if (d1 <= h.threshold()) {
                            h.offer(d1, b + 1);
                        }
                    }
                }
                if (pairEnd < t1) {
                    for (int i = 0; i < 4; i++) {
                        single(
                                kernel,
                                l2,
                                cosine,
                                dim,
                                base,
                                baseNorms,
                                pairEnd,
                                queries,
                                qNorms,
                                q + i,
                                heaps[q + i - qFrom]);
                    }
                }
            }
            for (; q < qTo; q++) {
                for (int b = t0; b < t1; b++) {
                    single(kernel, l2, cosine, dim, base, baseNorms, b, queries, qNorms, q, heaps[q - qFrom]);
                }
            }
        }
    }

    private static void single(
            VectorKernel kernel,
            boolean l2,
            boolean cosine,
            int dim,
            float[] base,
            float[] baseNorms,
            int b,
            float[] queries,
            float[] qNorms,
            int q,
            TopKHeap h) {
        float dot = kernel.dot(queries, q * dim, base, b * dim, dim);
        float d = toDistance(l2, cosine, dot, qNorms, baseNorms, q, b);
        if (d <= h.threshold()) {
            h.offer(d, b);
        }
    }

    private static float toDistance(
            boolean l2, boolean cosine, float dot, float[] qNorms, float[] baseNorms, int q, int b) {
        if (l2) {
            // Rounding can make the expansion slightly negative for identical vectors.
            return Math.max(0f, qNorms[q] + baseNorms[b] - 2f * dot);
        }
        return cosine ? 1f - dot : -dot;
    }
}
