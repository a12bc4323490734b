package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.internal.Checks;

/**
 * Batched IVF-Flat search on a device: per query tile, the nprobe nearest centroids (L2, through
 * {@link GpuTopK#topKOnDevice}, results left on the device) feed {@code ivf_scan}, which scans those lists and keeps
 * each query's top-k rows. The index (centroids, list-ordered vectors, list offsets) is resident. Stateless;
 * thread-safe (holds the backend's lock).
 */
public final class GpuIvf {
    static final int SCAN_CHUNK = 512;

    private GpuIvf() {}

    /** Null when the kernel can run this search, else why not (shared memory of one block). */
    public static String unsupported(int dim, int k, int nprobe) {
        int bigS = GpuTopK.pow2AtLeast(k + SCAN_CHUNK);
        long shared = (dim + 2L * bigS) * 4;
        if (k > GpuTopK.MAX_K || nprobe > GpuTopK.MAX_K || shared > LaunchShape.MAX_SHARED_BYTES) {
            return Checks.fmt(
                    "gpu ivf search needs k and nprobe <= %d and (dimension + 2 * pow2(k + %d)) * 4 <= %d "
                            + "bytes of shared memory, actual k %d, nprobe %d, dimension %d",
                    GpuTopK.MAX_K, SCAN_CHUNK, LaunchShape.MAX_SHARED_BYTES, k, nprobe, dim);
        }
        return null;
    }

    /**
     * Top-k list-order rows of nq queries (COSINE queries already unit length).
     *
     * @param centroids nlist resident centroids
     * @param vecs      resident list-ordered vectors
     * @param offsets   resident nlist + 1 list offsets
     */
    public static GpuTopK.Rows search(
            KernelBackend be,
            DeviceMatrix centroids,
            DeviceBuffer vecs,
            DeviceBuffer offsets,
            float[] queries,
            int nq,
            int dim,
            int metric,
            int k,
            int nprobe,
            TilePlan plan) {
        int nlist = centroids.rows;
        int probes = Math.min(nprobe, nlist);
        String why = unsupported(dim, k, probes);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        GpuTopK.Rows out = new GpuTopK.Rows(k, new int[nq * k], new float[nq * k]);
        be.lock().lock();
        DeviceMatrix q = null;
        DeviceBuffer cD = null;
        DeviceBuffer cI = null;
        DeviceBuffer dist = null;
        DeviceBuffer topD = null;
        DeviceBuffer topI = null;
        try {
            int cTile = Math.min(nlist, plan.maxBaseRows());
            long perQuery = (dim + 1) * 4L + 8L * probes + 4L * cTile + 8L * k;
            int qTile = (int) Math.min(Math.min(nq, plan.maxQueryRows()), plan.budget(be) / perQuery);
            if (qTile < 1) {
                throw new DeviceMemoryException(be.deviceName(), "ivf search tiles", perQuery, be.freeBytes());
            }
            q = DeviceMatrix.alloc(be, qTile, dim, "query tile");
            cD = be.allocFloats((long) qTile * probes, "probe distances");
            cI = be.allocInts((long) qTile * probes, "probe lists");
            dist = be.allocFloats((long) qTile * cTile, "centroid distance tile");
            topD = be.allocFloats((long) qTile * k, "top-k distances");
            topI = be.allocInts((long) qTile * k, "top-k rows");
            int bigS = GpuTopK.pow2AtLeast(k + SCAN_CHUNK);
            for (int q0 = 0; q0 < nq; q0 += qTile) {
                int qRows = Math.min(qTile, nq - q0);
                q.load(queries, q0, qRows);
                GpuTopK.fillTopK(be, cD, cI, (long) qRows * probes);
                GpuTopK.topKOnDevice(be, q, qRows, centroids, 0, 0, probes, cD, cI, dist, cTile);
                be.launch(
                        Kernel.IVF_SCAN,
                        LaunchShape.linear(qRows, GpuTopK.BLOCK, (dim + 2 * bigS) * 4),
                        q.data,
                        qRows,
                        dim,
                        vecs,
                        offsets,
                        nlist,
                        cI,
                        probes,
                        metric,
                        k,
                        bigS,
                        topD,
                        topI);
                GpuTopK.downloadTopK(be, topD, topI, qRows, k, q0, out);
            }
            return out;
        } finally {
            try {
                be.free(topI);
                be.free(topD);
                be.free(dist);
                be.free(cI);
                be.free(cD);
                if (q != null) {
                    q.close();
                }
            } finally {
                be.lock().unlock();
            }
        }
    }
}
