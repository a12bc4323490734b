package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.internal.Checks;

/**
 * Exact top-k on a device: query tiles x base tiles through {@code distance_tile} (one bounded qTile x bTile distance
 * buffer, never the full matrix) and {@code select_topk} (merges each tile into the running per-query top-k). Base and
 * query sets larger than device memory are streamed tile by tile; tile sizes come from free device memory and a
 * {@link TilePlan}. Stateless; thread-safe (each operation holds the backend's lock).
 */
public final class GpuTopK {
    /** Largest k the select kernel handles (its sort buffer must fit 48 KiB of shared memory). */
    public static final int MAX_K = 2048;

    static final int SELECT_CHUNK = 1024;
    static final int BLOCK = 256;
    static final int PAD = Integer.MAX_VALUE;

    private GpuTopK() {}

    /** Top-k of every query: rows (-1 where fewer than k exist) and distances, ascending, k per query. */
    public record Rows(int k, int[] rows, float[] dist) {}

    public static int metricCode(Metric m) {
        return m == Metric.L2 ? 0 : (m == Metric.INNER_PRODUCT ? 1 : 2);
    }

    static int pow2AtLeast(int x) {
        int p = 1;
        while (p < x) {
            p <<= 1;
        }
        return p;
    }

    static long blocks(long items, int perBlock) {
        return (items + perBlock - 1) / perBlock;
    }

    static void norms(KernelBackend be, DeviceBuffer x, int rows, int dim, DeviceBuffer out) {
        if (rows > 0) {
            be.launch(Kernel.SQ_NORMS, LaunchShape.linear(blocks(rows * 32L, BLOCK), BLOCK, 0), x, rows, dim, out);
        }
    }

    static void fillTopK(KernelBackend be, DeviceBuffer d, DeviceBuffer ix, long count) {
        be.launch(Kernel.FILL_TOPK, LaunchShape.linear(Math.min(blocks(count, BLOCK), 65_535), BLOCK, 0), d, ix, count);
    }

    static void distanceTile(
            KernelBackend be,
            DeviceMatrix q,
            int qRows,
            DeviceMatrix b,
            int bRows,
            int metric,
            DeviceBuffer dist,
            long ldo) {
        LaunchShape s = new LaunchShape((int) blocks(bRows, 128), (int) blocks(qRows, 128), 16, 16, 0);
        be.launch(Kernel.DISTANCE_TILE, s, q.data, q.norms, qRows, b.data, b.norms, bRows, q.dim, metric, dist, ldo);
    }

    static void select(
            KernelBackend be,
            DeviceBuffer dist,
            int qRows,
            int bRows,
            long ldd,
            int baseOffset,
            int k,
            DeviceBuffer topD,
            DeviceBuffer topI) {
        int bigS = pow2AtLeast(k + SELECT_CHUNK);
        be.launch(
                Kernel.SELECT_TOPK,
                LaunchShape.linear(qRows, BLOCK, bigS * 8),
                dist,
                qRows,
                bRows,
                ldd,
                baseOffset,
                k,
                bigS,
                topD,
                topI);
    }

    /**
     * Merges base rows [0, base.rows) (numbered from baseOffset) into the top-k of the qRows queries of q, bTile base
     * rows at a time through dist (at least qRows x bTile floats). Caller holds the lock; topD/topI already filled.
     */
    public static void topKOnDevice(
            KernelBackend be,
            DeviceMatrix q,
            int qRows,
            DeviceMatrix base,
            int baseOffset,
            int metric,
            int k,
            DeviceBuffer topD,
            DeviceBuffer topI,
            DeviceBuffer dist,
            int bTile) {
        for (int b0 = 0; b0 < base.rows; b0 += bTile) {
            int bRows = Math.min(bTile, base.rows - b0);
            distanceTile(be, q, qRows, base.view(b0, bRows), bRows, metric, dist, bTile);
            select(be, dist, qRows, bRows, bTile, baseOffset + b0, k, topD, topI);
        }
    }

    /** Copies qRows x k results at query q0 of the host arrays, mapping padding to -1. */
    static void downloadTopK(
            KernelBackend be, DeviceBuffer topD, DeviceBuffer topI, int qRows, int k, int q0, Rows out) {
        be.download(topD, 0, out.dist(), q0 * k, qRows * k);
        be.download(topI, 0, out.rows(), q0 * k, qRows * k);
        for (int i = q0 * k; i < (q0 + qRows) * k; i++) {
            if (out.rows()[i] == PAD) {
                out.rows()[i] = -1;
            }
        }
    }

    /**
     * Exact top-k of nq queries over nb base rows (row-major host arrays; COSINE data already unit length). Fails with
     * {@link DeviceMemoryException} when not even one query with one base tile fits; frees everything it allocated.
     */
    public static Rows search(
            KernelBackend be,
            float[] base,
            int nb,
            float[] queries,
            int nq,
            int dim,
            Metric metric,
            int k,
            TilePlan plan,
            ProgressListener progress) {
        return run(be, base, null, nb, queries, nq, dim, metric, k, plan, progress);
    }

    /** As {@link #search} over a base already on the device. */
    public static Rows searchResident(
            KernelBackend be, DeviceMatrix base, float[] queries, int nq, Metric metric, int k, TilePlan plan) {
        return run(be, null, base, base.rows, queries, nq, base.dim, metric, k, plan, ProgressListener.NONE);
    }

    private static Rows run(
            KernelBackend be,
            float[] base,
            DeviceMatrix residentBase,
            int nb,
            float[] queries,
            int nq,
            int dim,
            Metric metric,
            int k,
            TilePlan plan,
            ProgressListener progress) {
        Checks.inRange("k", k, 1, MAX_K);
        Rows out = new Rows(k, new int[nq * k], new float[nq * k]);
        if (nq == 0) {
            return out;
        }
        be.lock().lock();
        DeviceMatrix b = null;
        DeviceMatrix q = null;
        DeviceBuffer topD = null;
        DeviceBuffer topI = null;
        DeviceBuffer dist = null;
        try {
            long budget = plan.budget(be);
            int bTile = Math.min(nb, plan.maxBaseRows());
            long rowBytes = (dim + 1) * 4L;
            boolean resident = residentBase != null || (long) nb * rowBytes <= budget / 2;
            if (!resident) {
                bTile = (int) Math.max(1, Math.min(bTile, budget / 2 / rowBytes));
            }
            long baseAlloc = residentBase != null ? 0 : resident ? nb * rowBytes : bTile * rowBytes;
            long perQuery = rowBytes + 8L * k + 4L * bTile;
            long qCap = (budget - baseAlloc) / perQuery;
            int qTile = (int)
                    Math.min(Math.min(nq, plan.maxQueryRows()), Math.min(qCap, (long) LaunchShape.MAX_GRID_Y * 128));
            if (qTile < 1) {
                throw new DeviceMemoryException(
                        be.deviceName(),
                        Checks.fmt("exact top-%d tiles (dimension %d)", k, dim),
                        baseAlloc + perQuery,
                        be.freeBytes());
            }
            int m = metricCode(metric);
            if (residentBase == null) {
                b = resident
                        ? DeviceMatrix.upload(be, base, 0, nb, dim, "base vectors")
                        : DeviceMatrix.alloc(be, bTile, dim, "base vector tile");
            }
            DeviceMatrix bm = residentBase != null ? residentBase : b;
            q = DeviceMatrix.alloc(be, qTile, dim, "query tile");
            topD = be.allocFloats((long) qTile * k, "top-k distances");
            topI = be.allocInts((long) qTile * k, "top-k rows");
            dist = be.allocFloats((long) qTile * bTile, "distance tile");
            for (int q0 = 0; q0 < nq; q0 += qTile) {
                int qRows = Math.min(qTile, nq - q0);
                q.load(queries, q0, qRows);
                fillTopK(be, topD, topI, (long) qRows * k);
                if (resident) {
                    topKOnDevice(be, q, qRows, bm, 0, m, k, topD, topI, dist, bTile);
                } else {
                    for (int b0 = 0; b0 < nb; b0 += bTile) {
                        int bRows = Math.min(bTile, nb - b0);
                        b.load(base, b0, bRows);
                        topKOnDevice(be, q, qRows, b.view(0, bRows), b0, m, k, topD, topI, dist, bTile);
                    }
                }
                downloadTopK(be, topD, topI, qRows, k, q0, out);
                progress.onProgress("gpu-exact-knn", q0 + qRows, nq);
            }
            return out;
        } finally {
            try {
                be.free(dist);
                be.free(topI);
                be.free(topD);
                if (q != null) {
                    q.close();
                }
                if (b != null) {
                    b.close();
                }
            } finally {
                be.lock().unlock();
            }
        }
    }
}
