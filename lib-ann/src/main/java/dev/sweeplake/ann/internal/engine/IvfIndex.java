package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.RerankStore;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.internal.format.BinaryReader;
import dev.sweeplake.ann.internal.format.BinaryWriter;
import dev.sweeplake.ann.internal.vec.Distances;
import dev.sweeplake.ann.internal.vec.TopKHeap;
import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.util.Locale;

/**
 * IVF-Flat / IVF-PQ index. Rows are stored grouped by list (list l holds rows [offsets[l], offsets[l+1])). The coarse
 * quantizer always ranks lists by L2 to the centroids (k-means is L2; for cosine the vectors are unit length).
 * Immutable; thread-safe; searchers are per thread.
 */
final class IvfIndex extends BaseIndex {
    final float[] centroids;
    final int nlist;
    final int[] offsets;
    /** IVF-Flat: the vectors; IVF-PQ with FLOAT re-rank: the re-rank vectors; else null. */
    final float[] vectors;

    final ProductQuantizer pq;
    final byte[] codes;
    final ScalarQuantizer8 sq;

    IvfIndex(
            IndexParams params,
            int dimension,
            long[] ids,
            float[] centroids,
            int[] offsets,
            float[] vectors,
            ProductQuantizer pq,
            byte[] codes,
            ScalarQuantizer8 sq) {
        super(params, dimension, ids);
        this.centroids = centroids;
        this.nlist = offsets.length - 1;
        this.offsets = offsets;
        this.vectors = vectors;
        this.pq = pq;
        this.codes = codes;
        this.sq = sq;
    }

    /**
     * Payload: u32 nlist, f32[nlist * dimension] centroids, i32[nlist + 1] list offsets; IVF-Flat: f32[count *
     * dimension] vectors in list order. IVF-PQ: u32 ksub, f32[ksub * dimension] codebooks (subspace s as ksub x
     * dsub(s) at ksub * start(s)), u8[count * pqSubspaces] codes, then the re-rank store: SQ8: f32[dimension] min,
     * f32[dimension] scale, u8[count * dimension]; FLOAT: f32[count * dimension]; NONE: nothing.
     */
    @Override
    void writePayload(BinaryWriter w) {
        w.writeInt(nlist);
        w.writeFloats(centroids, 0, centroids.length);
        w.writeInts(offsets, 0, offsets.length);
        if (params.engine() != EngineKind.IVF_PQ) {
            w.writeFloats(vectors, 0, vectors.length);
            return;
        }
        w.writeInt(pq.ksub);
        w.writeFloats(pq.codebooks, 0, pq.codebooks.length);
        w.writeBytes(codes, 0, codes.length);
        if (sq != null) {
            w.writeFloats(sq.min, 0, dimension);
            w.writeFloats(sq.scale, 0, dimension);
            w.writeBytes(sq.codes, 0, sq.codes.length);
        } else if (vectors != null) {
            w.writeFloats(vectors, 0, vectors.length);
        }
    }

    static IvfIndex readPayload(IndexParams p, int dim, long[] ids, BinaryReader r) {
        int n = ids.length;
        int nlist = r.readCount("nlist", n);
        if (nlist < 1) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT, "index file %s: nlist must be in [1, %d], " + "actual %d", r.source(), n, nlist));
        }
        float[] centroids = r.readFloats(nlist * dim);
        int[] offsets = r.readInts(nlist + 1);
        for (int l = 0; l < nlist; l++) {
            if (offsets[l] > offsets[l + 1] || offsets[0] != 0 || offsets[nlist] != n) {
                throw new IndexFormatException(String.format(
                        Locale.ROOT,
                        "index file %s: list offsets must rise from 0 to %d, actual %d..%d at list %d",
                        r.source(),
                        n,
                        offsets[l],
                        offsets[l + 1],
                        l));
            }
        }
        if (p.engine() != EngineKind.IVF_PQ) {
            float[] v = r.readFloats(n * dim);
            r.expectEnd();
            return new IvfIndex(p, dim, ids, centroids, offsets, v, null, null, null);
        }
        int ksub = r.readCount("ksub", 256);
        int m = p.pqSubspaces();
        if (ksub < 1 || m > dim) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT,
                    "index file %s: ksub must be in [1, 256] and pqSubspaces <= %d, actual %d and %d",
                    r.source(),
                    dim,
                    ksub,
                    m));
        }
        ProductQuantizer pq = new ProductQuantizer(dim, m, ksub, r.readFloats(ksub * dim));
        byte[] codes = r.readBytes(n * m);
        for (byte c : codes) {
            if ((c & 0xFF) >= ksub) {
                throw new IndexFormatException(String.format(
                        Locale.ROOT,
                        "index file %s: PQ codes must be in [0, %d), actual %d",
                        r.source(),
                        ksub,
                        c & 0xFF));
            }
        }
        ScalarQuantizer8 sq = null;
        float[] v = null;
        if (p.rerankStore() == RerankStore.SQ8) {
            float[] min = r.readFloats(dim);
            float[] scale = r.readFloats(dim);
            sq = new ScalarQuantizer8(dim, min, scale, r.readBytes(n * dim));
        } else if (p.rerankStore() == RerankStore.FLOAT) {
            v = r.readFloats(n * dim);
        }
        r.expectEnd();
        return new IvfIndex(p, dim, ids, centroids, offsets, v, pq, codes, sq);
    }

    @Override
    public AnnSearcher searcher() {
        return new Searcher();
    }

    private final class Searcher extends BaseSearcher {
        private final VectorKernel kernel = VectorKernels.get();
        private final float[] lut = pq == null ? null : new float[pq.subspaces * pq.ksub];
        private final float[] decoded = new float[dimension];
        private final float[] listDist = new float[nlist];
        private final int[] listRows = new int[nlist];
        private float[] candDist = new float[64];
        private int[] candRows = new int[64];

        Searcher() {
            super(IvfIndex.this.dimension, IvfIndex.this.ids.length, IvfIndex.this.params.metric());
        }

        private int probe(float[] q, int qo, int nprobe) {
            TopKHeap h = new TopKHeap(nprobe);
            for (int l = 0; l < nlist; l++) {
                float d = kernel.l2(q, qo, centroids, l * dimension, dimension);
                if (d <= h.threshold()) {
                    h.offer(d, l);
                }
            }
            return h.drainAscending(listDist, listRows, 0);
        }

        @Override
        void searchOne(float[] q, int qo, int k, SearchParams sp, long[] outIds, float[] outDist, int outOffset) {
            int probes = probe(q, qo, Math.min(sp.nprobe(), nlist));
            boolean rerank = pq != null && sp.rerank() > 0 && params.rerankStore() != RerankStore.NONE;
            int keep = rerank ? Math.max(k, sp.rerank()) : k;
            TopKHeap heap = new TopKHeap(keep);
            if (pq == null) {
                for (int p = 0; p < probes; p++) {
                    int l = listRows[p];
                    for (int row = offsets[l]; row < offsets[l + 1]; row++) {
                        float d = Distances.distance(kernel, metric, q, qo, vectors, row * dimension, dimension);
                        if (d <= heap.threshold()) {
                            heap.offer(d, row);
                        }
                    }
                }
            } else {
                pq.lookupTable(kernel, metric, q, qo, lut);
                int m = pq.subspaces;
                int ksub = pq.ksub;
                float bias = metric == Metric.COSINE ? 1f : 0f;
                for (int p = 0; p < probes; p++) {
                    int l = listRows[p];
                    for (int row = offsets[l]; row < offsets[l + 1]; row++) {
                        int co = row * m;
                        float d = bias;
                        for (int s = 0; s < m; s++) {
                            d += lut[s * ksub + (codes[co + s] & 0xFF)];
                        }
                        if (d <= heap.threshold()) {
                            heap.offer(d, row);
                        }
                    }
                }
            }
            if (candDist.length < keep) {
                candDist = new float[keep];
                candRows = new int[keep];
            }
            int c = heap.drainAscending(candDist, candRows, 0);
            if (rerank) {
                TopKHeap fin = new TopKHeap(k);
                for (int i = 0; i < c; i++) {
                    int row = candRows[i];
                    float d;
                    if (sq != null) {
                        sq.decode(row, decoded);
                        d = Distances.distance(kernel, metric, q, qo, decoded, 0, dimension);
                    } else {
                        d = Distances.distance(kernel, metric, q, qo, vectors, row * dimension, dimension);
                    }
                    fin.offer(d, row);
                }
                c = fin.drainAscending(candDist, candRows, 0);
            }
            for (int i = 0; i < c; i++) {
                outIds[outOffset + i] = ids[candRows[i]];
                outDist[outOffset + i] = candDist[i];
            }
        }
    }
}
