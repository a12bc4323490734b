package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.RerankStore;
import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.gpu.GpuKMeans;
import dev.sweeplake.ann.internal.gpu.GpuTopK;
import dev.sweeplake.ann.internal.gpu.KernelBackend;
import dev.sweeplake.ann.internal.gpu.TilePlan;
import dev.sweeplake.ann.internal.vec.VectorKernels;

/**
 * Builds IVF-Flat and IVF-PQ indexes: seeded k-means (k-means++ init, L2) coarse quantizer on a sample, rows grouped
 * by list, then (IVF-PQ) a product quantizer trained on a sample of the vectors themselves (not residuals, so one
 * lookup table per query serves every list) and the re-rank store. Stateless; thread-safe.
 */
final class IvfBuilder {
    /** Coarse training rows per list (as Faiss: enough for stable centroids, bounded cost). */
    private static final int ROWS_PER_LIST = 256;

    private static final int PQ_SAMPLE = 4096;

    private IvfBuilder() {}

    static IvfIndex build(IndexParams p, int dim, long[] ids, float[] vecs, int threads, ProgressListener progress) {
        return build(p, dim, ids, vecs, threads, progress, null, null);
    }

    /**
     * With {@code gpu} non-null the coarse k-means and the list assignment of every row run on that device (the rest,
     * PQ training included, on the CPU).
     */
    static IvfIndex build(
            IndexParams p,
            int dim,
            long[] ids,
            float[] vecs,
            int threads,
            ProgressListener progress,
            KernelBackend gpu,
            TilePlan plan) {
        int n = ids.length;
        int nlist = Checks.inRange("nlist", p.nlist(), 1, n);
        int[] sampleRows = Sampling.rows(n, Math.max(nlist, nlist * ROWS_PER_LIST), p.seed());
        float[] sample = sampleRows.length == n ? vecs : Sampling.gather(vecs, dim, sampleRows);
        float[] centroids;
        int[] assign = new int[n];
        if (gpu != null) {
            centroids = GpuKMeans.train(
                    gpu, sample, sampleRows.length, dim, nlist, p.kmeansIterations(), p.seed(), plan, progress);
            GpuTopK.Rows nearest =
                    GpuTopK.search(gpu, centroids, nlist, vecs, n, dim, Metric.L2, 1, plan, ProgressListener.NONE);
            System.arraycopy(nearest.rows(), 0, assign, 0, n);
        } else {
            centroids = KMeansTrainer.train(
                    sample, sampleRows.length, dim, nlist, p.kmeansIterations(), p.seed(), threads, progress);
            java.util.Arrays.fill(assign, -1);
            KMeansTrainer.assign(VectorKernels.get(), vecs, n, dim, centroids, nlist, threads, assign, new float[n]);
        }
        // Counting sort by list: internal row order is list order (stable within a list).
        int[] offsets = new int[nlist + 1];
        for (int a : assign) {
            offsets[a + 1]++;
        }
        for (int l = 0; l < nlist; l++) {
            offsets[l + 1] += offsets[l];
        }
        int[] fill = offsets.clone();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[fill[assign[i]]++] = i;
        }
        long[] sortedIds = new long[n];
        float[] sortedVecs = new float[n * dim];
        for (int r = 0; r < n; r++) {
            sortedIds[r] = ids[perm[r]];
            System.arraycopy(vecs, perm[r] * dim, sortedVecs, r * dim, dim);
        }
        if (p.engine() != EngineKind.IVF_PQ) {
            return new IvfIndex(p, dim, sortedIds, centroids, offsets, sortedVecs, null, null, null);
        }
        Checks.inRange("pqSubspaces", p.pqSubspaces(), 1, dim);
        int[] pqRows = Sampling.rows(n, PQ_SAMPLE, p.seed() + 1);
        float[] pqSample = Sampling.gather(sortedVecs, dim, pqRows);
        ProductQuantizer pq = ProductQuantizer.train(
                pqSample, pqRows.length, dim, p.pqSubspaces(), p.kmeansIterations(), p.seed() + 2, threads, progress);
        byte[] codes = pq.encode(sortedVecs, n, threads);
        ScalarQuantizer8 sq = null;
        float[] rerankFloats = null;
        if (p.rerankStore() == RerankStore.SQ8) {
            sq = ScalarQuantizer8.train(sortedVecs, n, dim);
        } else if (p.rerankStore() == RerankStore.FLOAT) {
            rerankFloats = sortedVecs;
        }
        return new IvfIndex(p, dim, sortedIds, centroids, offsets, rerankFloats, pq, codes, sq);
    }
}
