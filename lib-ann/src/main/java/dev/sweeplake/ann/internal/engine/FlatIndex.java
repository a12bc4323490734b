package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.internal.format.BinaryReader;
import dev.sweeplake.ann.internal.format.BinaryWriter;
import dev.sweeplake.ann.internal.vec.BlockedScan;
import dev.sweeplake.ann.internal.vec.TopKHeap;
import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;

/** Exact search engine: all vectors, blocked kernel. Immutable, thread-safe; searchers are per thread. */
final class FlatIndex extends BaseIndex {
    /** Row-major vectors, unit length for COSINE. */
    final float[] vectors;

    private final float[] norms;

    FlatIndex(IndexParams params, int dimension, long[] ids, float[] vectors) {
        super(params, dimension, ids);
        this.vectors = vectors;
        this.norms = BlockedScan.squaredNorms(VectorKernels.get(), vectors, ids.length, dimension);
    }

    /** Payload: f32[count * dimension] vectors (normalised for COSINE). */
    @Override
    void writePayload(BinaryWriter w) {
        w.writeFloats(vectors, 0, vectors.length);
    }

    static FlatIndex readPayload(IndexParams params, int dimension, long[] ids, BinaryReader r) {
        float[] v = r.readFloats(ids.length * dimension);
        r.expectEnd();
        return new FlatIndex(params, dimension, ids, v);
    }

    @Override
    public AnnSearcher searcher() {
        return new Searcher();
    }

    private final class Searcher extends BaseSearcher {
        private final VectorKernel kernel = VectorKernels.get();

        Searcher() {
            super(FlatIndex.this.dimension, FlatIndex.this.ids.length, FlatIndex.this.params.metric());
        }

        @Override
        void searchBatch(float[] queries, int count, int k, SearchParams sp, SearchResults out) {
            float[] qn = metric == Metric.L2 ? BlockedScan.squaredNorms(kernel, queries, count, dimension) : null;
            float[] dist = new float[k];
            int[] rows = new int[k];
            for (int s = 0; s < count; s += 256) {
                int e = Math.min(count, s + 256);
                TopKHeap[] heaps = new TopKHeap[e - s];
                for (int i = 0; i < heaps.length; i++) {
                    heaps[i] = new TopKHeap(k);
                }
                BlockedScan.scan(kernel, metric, dimension, vectors, norms, 0, ids.length, queries, qn, s, e, heaps);
                for (int i = 0; i < heaps.length; i++) {
                    int c = heaps[i].drainAscending(dist, rows, 0);
                    int o = (s + i) * k;
                    for (int j = 0; j < c; j++) {
                        out.ids()[o + j] = ids[rows[j]];
                        out.distances()[o + j] = dist[j];
                    }
                }
            }
        }

        @Override
        void searchOne(
                float[] queries, int qOffset, int k, SearchParams sp, long[] outIds, float[] outDist, int outOffset) {
            throw new IllegalStateException("flat search is batched");
        }
    }
}
