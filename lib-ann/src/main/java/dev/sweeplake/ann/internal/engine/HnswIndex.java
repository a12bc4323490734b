package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.internal.format.BinaryReader;
import dev.sweeplake.ann.internal.format.BinaryWriter;
import dev.sweeplake.ann.internal.gpu.GpuGraph;
import dev.sweeplake.ann.internal.vec.Distances;
import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.util.Locale;

/**
 * HNSW graph index. Without PCA the graph is traversed on the full vectors. With {@code reducedDimension > 0} it is
 * built and traversed on PCA-projected vectors and the max(ef, k) candidates are re-ranked with the full vectors
 * (LeanVec-style). Immutable after build; thread-safe; searchers are per thread.
 */
final class HnswIndex extends BaseIndex {
    /** Full vectors (unit length for COSINE). */
    final float[] vectors;
    /** Traversal vectors: the projected ones with PCA, else the same array as {@link #vectors}. */
    final float[] traversal;

    final int traversalDim;
    final Pca pca;
    final HnswGraph graph;

    HnswIndex(
            IndexParams params,
            int dimension,
            long[] ids,
            float[] vectors,
            Pca pca,
            float[] traversal,
            HnswGraph graph) {
        super(params, dimension, ids);
        this.vectors = vectors;
        this.pca = pca;
        this.traversal = pca == null ? vectors : traversal;
        this.traversalDim = pca == null ? dimension : pca.reduced;
        this.graph = graph;
    }

    /**
     * Payload: u32 entry point, u32 max level, f32[count * dimension] full vectors; if reducedDimension > 0:
     * f32[dimension] mean, f32[reduced * dimension] components, f32[count * reduced] projected vectors; then
     * i32[count] levels, i32[count * (2m + 1)] layer-0 lists (count, neighbours), and for every node with level > 0
     * (ascending node order) i32[level * (m + 1)] upper-layer lists.
     */
    @Override
    void writePayload(BinaryWriter w) {
        w.writeInt(graph.entryPoint);
        w.writeInt(graph.maxLevel);
        w.writeFloats(vectors, 0, vectors.length);
        if (pca != null) {
            w.writeFloats(pca.mean, 0, pca.mean.length);
            w.writeFloats(pca.components, 0, pca.components.length);
            w.writeFloats(traversal, 0, traversal.length);
        }
        w.writeInts(graph.levels, 0, graph.levels.length);
        w.writeInts(graph.level0, 0, graph.level0.length);
        for (int[] up : graph.upper) {
            if (up != null) {
                w.writeInts(up, 0, up.length);
            }
        }
    }

    static HnswIndex readPayload(IndexParams params, int dimension, long[] ids, BinaryReader r) {
        int n = ids.length;
        int entry = r.readInt();
        int maxLevel = r.readInt();
        if (entry < 0 || entry >= n || maxLevel < 0 || maxLevel > 64) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT,
                    "index file %s: entry point must be in [0, %d) and max level in [0, 64], actual %d and %d",
                    r.source(),
                    n,
                    entry,
                    maxLevel));
        }
        float[] vectors = r.readFloats(n * dimension);
        Pca pca = null;
        float[] traversal = null;
        int rd = params.reducedDimension();
        if (rd > 0) {
            float[] mean = r.readFloats(dimension);
            float[] comps = r.readFloats(rd * dimension);
            traversal = r.readFloats(n * rd);
            pca = new Pca(dimension, rd, mean, comps);
        }
        int[] levels = r.readInts(n);
        int m = params.m();
        int[] level0 = r.readInts(n * (2 * m + 1));
        int[][] upper = new int[n][];
        for (int i = 0; i < n; i++) {
            if (levels[i] < 0 || levels[i] > maxLevel) {
                throw new IndexFormatException(String.format(
                        Locale.ROOT,
                        "index file %s: level of node %d must be in [0, %d], actual %d",
                        r.source(),
                        i,
                        maxLevel,
                        levels[i]));
            }
            if (levels[i] > 0) {
                upper[i] = r.readInts(levels[i] * (m + 1));
            }
        }
        r.expectEnd();
        HnswGraph g = new HnswGraph(m, levels, level0, upper, entry, maxLevel);
        checkLinks(g, n, r.source());
        return new HnswIndex(params, dimension, ids, vectors, pca, traversal, g);
    }

    /** Neighbour counts and ids must be in range, so a corrupt file cannot cause out-of-bounds reads later. */
    private static void checkLinks(HnswGraph g, int n, String source) {
        for (int node = 0; node < n; node++) {
            for (int layer = 0; layer <= g.levels[node]; layer++) {
                int[] a = g.array(node, layer);
                int o = g.offset(node, layer);
                int c = a[o];
                if (c < 0 || c > g.maxNeighbours(layer)) {
                    throw new IndexFormatException(String.format(
                            Locale.ROOT,
                            "index file %s: neighbour count of node %d layer %d must be in [0, %d], actual %d",
                            source,
                            node,
                            layer,
                            g.maxNeighbours(layer),
                            c));
                }
                for (int i = 1; i <= c; i++) {
                    int nb = a[o + i];
                    if (nb < 0 || nb >= n || g.levels[nb] < layer) {
                        throw new IndexFormatException(String.format(
                                Locale.ROOT,
                                "index file %s: neighbour of node %d layer %d must be a node of that layer in "
                                        + "[0, %d), actual %d",
                                source,
                                node,
                                layer,
                                n,
                                nb));
                    }
                }
            }
        }
    }

    @Override
    public AnnSearcher searcher() {
        return new Searcher();
    }

    private final class Searcher extends BaseSearcher {
        private final VectorKernel kernel = VectorKernels.get();
        private final HnswSearch search;
        private final float[] projected;
        private final float[] scratch;
        private final NodeHeap rerank = new NodeHeap(64);
        private final int[] seeds;

        Searcher() {
            super(HnswIndex.this.dimension, HnswIndex.this.ids.length, HnswIndex.this.params.metric());
            this.search = new HnswSearch(graph, traversal, traversalDim, params.metric(), ids.length);
            this.projected = pca == null ? null : new float[pca.reduced];
            this.scratch = pca == null ? null : new float[dimension];
            this.seeds = params.engine() == EngineKind.GPU_GRAPH
                    ? GpuGraph.seeds(ids.length, graph.entryPoint, params.seed())
                    : null;
        }

        @Override
        void searchOne(
                float[] queries, int qOffset, int k, SearchParams sp, long[] outIds, float[] outDist, int outOffset) {
            int ef = Math.max(sp.ef(), k);
            float[] q = queries;
            int qo = qOffset;
            if (pca != null) {
                pca.project(kernel, queries, qOffset, projected, 0, scratch);
                q = projected;
                qo = 0;
            }
            NodeHeap results = seeds == null ? search.search(q, qo, ef) : search.searchFromSeeds(q, qo, seeds, ef);
            if (pca == null) {
                // results is a max-heap on negated keys: pop worst first, write from the back.
                int count = results.size();
                while (results.size() > k) {
                    results.pop();
                }
                int c = Math.min(k, count);
                for (int i = c - 1; i >= 0; i--) {
                    outIds[outOffset + i] = ids[results.topNode()];
                    outDist[outOffset + i] = -results.topKey();
                    results.pop();
                }
                return;
            }
            // Re-rank every candidate with the full vectors.
            rerank.clear();
            while (results.size() > 0) {
                int node = results.topNode();
                results.pop();
                float d = Distances.distance(kernel, metric, queries, qOffset, vectors, node * dimension, dimension);
                rerank.push(d, node);
            }
            int c = Math.min(k, rerank.size());
            for (int i = 0; i < c; i++) {
                outIds[outOffset + i] = ids[rerank.topNode()];
                outDist[outOffset + i] = rerank.topKey();
                rerank.pop();
            }
        }
    }
}
