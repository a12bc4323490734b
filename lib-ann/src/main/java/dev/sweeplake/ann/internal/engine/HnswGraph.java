package dev.sweeplake.ann.internal.engine;

/**
 * Adjacency of an HNSW graph. Layer 0: {@code level0[node * (2m + 1)]} holds the neighbour count, followed by up to
 * 2m neighbours. Upper layers: {@code upper[node]} (null for nodes on layer 0 only) holds for layer l in 1..level, at
 * {@code (l - 1) * (m + 1)}, a count and up to m neighbours. During a build, writers lock the node's stripe; after
 * the build the graph is immutable and readers need no lock.
 */
final class HnswGraph {
    final int m;
    final int stride0;
    final int strideUp;
    final int[] levels;
    final int[] level0;
    final int[][] upper;
    volatile int entryPoint = -1;
    volatile int maxLevel = -1;

    HnswGraph(int n, int m, int[] levels) {
        this.m = m;
        this.stride0 = 2 * m + 1;
        this.strideUp = m + 1;
        this.levels = levels;
        this.level0 = new int[n * stride0];
        this.upper = new int[n][];
        for (int i = 0; i < n; i++) {
            if (levels[i] > 0) {
                upper[i] = new int[levels[i] * strideUp];
            }
        }
    }

    HnswGraph(int m, int[] levels, int[] level0, int[][] upper, int entryPoint, int maxLevel) {
        this.m = m;
        this.stride0 = 2 * m + 1;
        this.strideUp = m + 1;
        this.levels = levels;
        this.level0 = level0;
        this.upper = upper;
        this.entryPoint = entryPoint;
        this.maxLevel = maxLevel;
    }

    int maxNeighbours(int layer) {
        return layer == 0 ? 2 * m : m;
    }

    /** The array holding the node's list at the layer; the count is at {@link #offset}. */
    int[] array(int node, int layer) {
        return layer == 0 ? level0 : upper[node];
    }

    int offset(int node, int layer) {
        return layer == 0 ? node * stride0 : (layer - 1) * strideUp;
    }
}
