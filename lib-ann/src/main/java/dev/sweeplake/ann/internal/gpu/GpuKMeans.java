package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.engine.KMeansTrainer;
import dev.sweeplake.ann.internal.engine.Sampling;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Lloyd k-means (L2) on a device: per iteration, {@code distance_tile} + {@code kmeans_argmin} over centroid tiles
 * assign every row, {@code kmeans_accumulate} sums rows per centroid, and the host finishes the means (empty
 * centroids move onto the farthest row, as {@link KMeansTrainer}). Seeding is k-means++ on the host over a seeded
 * sample of at most {@value #INIT_ROWS_PER_CENTROID} rows per centroid. Rows that do not fit in device memory are
 * streamed in tiles. Float atomics make the sums' rounding depend on the schedule on a GPU: results are deterministic
 * on the reference backend only. Stateless; thread-safe (holds the backend's lock).
 */
public final class GpuKMeans {
    static final int INIT_ROWS_PER_CENTROID = 8;

    private GpuKMeans() {}

    /** Returns k x dim centroids of the n x dim rows. Requires 1 <= k <= n. */
    public static float[] train(
            KernelBackend be,
            float[] data,
            int n,
            int dim,
            int k,
            int iterations,
            long seed,
            TilePlan plan,
            ProgressListener progress) {
        Checks.inRange("k", k, 1, n);
        int[] initRows = Sampling.rows(n, (int) Math.min(n, (long) k * INIT_ROWS_PER_CENTROID), seed);
        float[] initSample = initRows.length == n ? data : Sampling.gather(data, dim, initRows);
        float[] centroids = KMeansTrainer.plusPlusInit(
                VectorKernels.get(), initSample, initRows.length, dim, k, new SplittableRandom(seed));
        int[] assign = new int[n];
        int[] previous = new int[n];
        Arrays.fill(previous, -1);
        float[] best = new float[n];
        float[] sums = new float[k * dim];
        int[] counts = new int[k];
        double[] dsums = new double[k * dim];
        be.lock().lock();
        DeviceMatrix c = null;
        DeviceMatrix x = null;
        DeviceBuffer dAssign = null;
        DeviceBuffer dBest = null;
        DeviceBuffer dSums = null;
        DeviceBuffer dCounts = null;
        DeviceBuffer dist = null;
        try {
            long budget = plan.budget(be);
            long rowBytes = (dim + 1) * 4L;
            int cTile = Math.min(k, plan.maxBaseRows());
            long fixed = k * rowBytes + (long) k * dim * 4 + k * 4L + n * 8L;
            boolean resident = fixed + n * rowBytes + (long) Math.min(n, plan.maxQueryRows()) * cTile * 4 <= budget;
            long perRow = (resident ? 0 : rowBytes) + 4L * cTile;
            long rowCap = (budget - fixed - (resident ? n * rowBytes : 0)) / perRow;
            int xTile = (int)
                    Math.min(Math.min(n, plan.maxQueryRows()), Math.min(rowCap, (long) LaunchShape.MAX_GRID_Y * 128));
            if (xTile < 1) {
                throw new DeviceMemoryException(
                        be.deviceName(),
                        Checks.fmt("k-means with %d centroids over %d rows", k, n),
                        fixed + perRow + (resident ? n * rowBytes : 0),
                        be.freeBytes());
            }
            c = DeviceMatrix.alloc(be, k, dim, "centroids");
            x = resident
                    ? DeviceMatrix.upload(be, data, 0, n, dim, "k-means rows")
                    : DeviceMatrix.alloc(be, xTile, dim, "k-means row tile");
            dAssign = be.allocInts(n, "assignments");
            dBest = be.allocFloats(n, "assignment distances");
            dSums = be.allocFloats((long) k * dim, "centroid sums");
            dCounts = be.allocInts(k, "centroid counts");
            dist = be.allocFloats((long) xTile * cTile, "distance tile");
            for (int it = 0; it < iterations; it++) {
                c.load(centroids, 0, k);
                be.fill(dSums, 0, (long) k * dim, 0);
                be.fill(dCounts, 0, k, 0);
                for (int r0 = 0; r0 < n; r0 += xTile) {
                    int rows = Math.min(xTile, n - r0);
                    DeviceMatrix tile;
                    if (resident) {
                        tile = x.view(r0, rows);
                    } else {
                        x.load(data, r0, rows);
                        tile = x.view(0, rows);
                    }
                    DeviceBuffer a = dAssign.view(r0, rows);
                    DeviceBuffer b = dBest.view(r0, rows);
                    GpuTopK.fillTopK(be, b, a, rows);
                    for (int c0 = 0; c0 < k; c0 += cTile) {
                        int cRows = Math.min(cTile, k - c0);
                        GpuTopK.distanceTile(be, tile, rows, c.view(c0, cRows), cRows, 0, dist, cTile);
                        be.launch(
                                Kernel.KMEANS_ARGMIN,
                                LaunchShape.linear(GpuTopK.blocks(rows * 32L, GpuTopK.BLOCK), GpuTopK.BLOCK, 0),
                                dist,
                                rows,
                                cRows,
                                (long) cTile,
                                c0,
                                a,
                                b);
                    }
                    be.launch(
                            Kernel.KMEANS_ACCUMULATE,
                            LaunchShape.linear(
                                    Math.min(GpuTopK.blocks((long) rows * dim, GpuTopK.BLOCK), 1 << 20),
                                    GpuTopK.BLOCK,
                                    0),
                            tile.data,
                            rows,
                            dim,
                            a,
                            dSums,
                            dCounts);
                }
                be.download(dSums, 0, sums, 0, k * dim);
                be.download(dCounts, 0, counts, 0, k);
                be.download(dAssign, 0, assign, 0, n);
                be.download(dBest, 0, best, 0, n);
                int changed = 0;
                for (int i = 0; i < n; i++) {
                    if (assign[i] != previous[i]) {
                        changed++;
                    }
                }
                System.arraycopy(assign, 0, previous, 0, n);
                for (int i = 0; i < sums.length; i++) {
                    dsums[i] = sums[i];
                }
                KMeansTrainer.finishCentroids(dsums, counts, data, n, dim, centroids, k, best);
                progress.onProgress("gpu-kmeans", it + 1, iterations);
                if (changed == 0) {
                    break;
                }
            }
            return centroids;
        } finally {
            try {
                be.free(dist);
                be.free(dCounts);
                be.free(dSums);
                be.free(dBest);
                be.free(dAssign);
                if (x != null) {
                    x.close();
                }
                if (c != null) {
                    c.close();
                }
            } finally {
                be.lock().unlock();
            }
        }
    }
}
