package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.Parallel;
import dev.sweeplake.ann.internal.gpu.DeviceMemoryException;
import dev.sweeplake.ann.internal.gpu.GpuTopK;
import dev.sweeplake.ann.internal.gpu.Gpus;
import dev.sweeplake.ann.internal.gpu.KernelBackend;
import dev.sweeplake.ann.internal.gpu.TilePlan;
import dev.sweeplake.ann.internal.vec.BlockedScan;
import dev.sweeplake.ann.internal.vec.Distances;
import dev.sweeplake.ann.internal.vec.TopKHeap;
import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exact k-nearest-neighbour search: the ground truth for every recall figure. Blocked query x base computation on the
 * SIMD kernel with a bounded heap per query; multi-threaded over query ranges. {@link #searchSlice} searches only a
 * range of base rows so a distributed job can compute partial top-k per base partition and combine them with
 * {@link TopK#merge}. Stateless; thread-safe.
 */
public final class ExactKnn {
    private ExactKnn() {}

    /** Top-k of every query over the whole base, using {@code threads} threads. */
    public static SearchResults search(
            VectorMatrix base, VectorMatrix queries, int k, Metric metric, int threads, ProgressListener listener) {
        Checks.notNull("base", base);
        Checks.atLeast("base vector count", base.size(), 1);
        Checks.inRange("k", k, 1, base.size());
        return searchSlice(base, 0, base.size(), queries, k, metric, threads, listener);
    }

    /**
     * Top-k of every query over the whole base on the device that {@code device} selects: tiled distance kernel and
     * per-query top-k on the GPU, base and queries streamed in tiles when they exceed device memory. Same results as
     * the CPU search up to float rounding (ties aside). Without a usable GPU, or for k above the kernel's 2048,
     * {@code auto} runs on the CPU (logged once) and {@code required} fails with the reason.
     */
    public static SearchResults search(
            VectorMatrix base,
            VectorMatrix queries,
            int k,
            Metric metric,
            int threads,
            ProgressListener listener,
            DeviceChoice device) {
        Checks.notNull("device", device);
        Checks.notNull("base", base);
        Checks.notNull("queries", queries);
        Checks.notNull("metric", metric);
        Checks.atLeast("base vector count", base.size(), 1);
        Checks.inRange("k", k, 1, base.size());
        Checks.dimension("query", base.dimension(), queries.dimension());
        KernelBackend be = Gpus.resolve(device, "exact k-NN");
        if (be != null && k > GpuTopK.MAX_K) {
            be = Gpus.unavailable(
                    device.mode(),
                    "exact k-NN",
                    Checks.fmt("gpu exact k-NN needs k <= %d, actual %d", GpuTopK.MAX_K, k));
        }
        if (be == null) {
            return search(base, queries, k, metric, threads, listener);
        }
        int dim = base.dimension();
        boolean cos = metric == Metric.COSINE;
        float[] b = cos ? Distances.normalizedCopy(base.data(), base.size(), dim) : base.data();
        float[] q = cos ? Distances.normalizedCopy(queries.data(), queries.size(), dim) : queries.data();
        GpuTopK.Rows r;
        try {
            r = GpuTopK.search(
                    be,
                    b,
                    base.size(),
                    q,
                    queries.size(),
                    dim,
                    metric,
                    k,
                    TilePlan.defaults(),
                    listener == null ? ProgressListener.NONE : listener);
        } catch (DeviceMemoryException e) {
            Gpus.unavailable(device.mode(), "exact k-NN", e.getMessage());
            return search(base, queries, k, metric, threads, listener);
        }
        SearchResults out = SearchResults.empty(queries.size(), k);
        for (int i = 0; i < r.rows().length; i++) {
            if (r.rows()[i] >= 0) {
                out.ids()[i] = base.id(r.rows()[i]);
                out.distances()[i] = r.dist()[i];
            }
        }
        return out;
    }

    /**
     * Top-k of every query over base rows [fromRow, toRow) only. k may exceed the slice size: missing ranks are padded
     * ({@link SearchResults#NO_ID}), so that partial results of several slices merge to the exact global top-k.
     */
    public static SearchResults searchSlice(
            VectorMatrix base,
            int fromRow,
            int toRow,
            VectorMatrix queries,
            int k,
            Metric metric,
            int threads,
            ProgressListener listener) {
        Checks.notNull("base", base);
        Checks.notNull("queries", queries);
        Checks.notNull("metric", metric);
        Checks.atLeast("k", k, 1);
        Checks.atLeast("threads", threads, 1);
        Checks.dimension("query", base.dimension(), queries.dimension());
        if (fromRow < 0 || toRow > base.size() || fromRow > toRow) {
            throw new IllegalArgumentException(Checks.fmt(
                    "base slice must satisfy 0 <= fromRow <= toRow <= %d, actual fromRow %d toRow %d",
                    base.size(), fromRow, toRow));
        }
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        int dim = base.dimension();
        int nq = queries.size();
        VectorKernel kernel = VectorKernels.get();
        float[] b = base.data();
        float[] q = queries.data();
        // Rows of b scanned are [scanFrom, scanTo); row r of b is base row r + shift.
        int scanFrom = fromRow;
        int scanTo = toRow;
        int shift = 0;
        if (metric == Metric.COSINE) {
            // Normalise only the slice: copying the whole base for a small slice would waste memory.
            b = new float[(toRow - fromRow) * dim];
            System.arraycopy(base.data(), fromRow * dim, b, 0, b.length);
            Distances.normalizeInPlace(b, toRow - fromRow, dim);
            scanFrom = 0;
            scanTo = toRow - fromRow;
            shift = fromRow;
            q = Distances.normalizedCopy(q, nq, dim);
        }
        float[] bn = metric == Metric.L2 ? rangeNorms(kernel, b, scanFrom, scanTo, dim) : null;
        float[] qn = metric == Metric.L2 ? BlockedScan.squaredNorms(kernel, q, nq, dim) : null;
        SearchResults out = SearchResults.empty(nq, k);
        int workers = Math.max(1, Math.min(threads, (nq + 3) / 4));
        int chunk = ((nq + workers - 1) / workers + 3) & ~3;
        AtomicLong done = new AtomicLong();
        final float[] fb = b;
        final float[] fq = q;
        final int fScanFrom = scanFrom;
        final int fScanTo = scanTo;
        final int fShift = shift;
        Runnable[] tasks = new Runnable[workers];
        for (int w = 0; w < workers; w++) {
            int q0 = Math.min(nq, w * chunk);
            int q1 = Math.min(nq, q0 + chunk);
            tasks[w] = () -> {
                // Query sub-blocks of 256 keep the heaps hot while base tiles stream past.
                for (int s = q0; s < q1; s += 256) {
                    int e = Math.min(q1, s + 256);
                    TopKHeap[] heaps = new TopKHeap[e - s];
                    for (int i = 0; i < heaps.length; i++) {
                        heaps[i] = new TopKHeap(k);
                    }
                    BlockedScan.scan(kernel, metric, dim, fb, bn, fScanFrom, fScanTo, fq, qn, s, e, heaps);
                    float[] dist = new float[k];
                    int[] rows = new int[k];
                    for (int i = 0; i < heaps.length; i++) {
                        int c = heaps[i].drainAscending(dist, rows, 0);
                        int o = (s + i) * k;
                        for (int r = 0; r < c; r++) {
                            out.ids()[o + r] = base.id(rows[r] + fShift);
                            out.distances()[o + r] = dist[r];
                        }
                    }
                    progress.onProgress("exact-knn", done.addAndGet(e - s), nq);
                }
            };
        }
        Parallel.runAll(tasks);
        return out;
    }

    private static float[] rangeNorms(VectorKernel kernel, float[] b, int from, int to, int dim) {
        float[] n = new float[to];
        for (int r = from; r < to; r++) {
            n[r] = kernel.dot(b, r * dim, b, r * dim, dim);
        }
        return n;
    }
}
