package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.util.Arrays;

/**
 * Greedy descent and best-first layer search over an {@link HnswGraph}, with per-instance scratch (visited stamps,
 * heaps). With {@code locks != null} neighbour lists are copied under the node's lock (concurrent build); without,
 * the graph must be immutable. Not thread-safe: one instance per thread.
 */
final class HnswSearch {
    final HnswGraph graph;
    final float[] vecs;
    final int dim;
    final Metric metric;
    final VectorKernel kernel = VectorKernels.get();
    private final Object[] locks;
    private final int[] visited;
    private int stamp;
    private final NodeHeap candidates = new NodeHeap(256);
    /** Max-heap by negated distance. */
    final NodeHeap results = new NodeHeap(256);

    private final int[] copy;
    /** A list's unvisited neighbours and their distances ({@link #expand}). */
    private final int[] fresh;

    private final float[] freshDist;
    private final float[] four = new float[4];
    private int[] listArr;
    private int listOff;

    HnswSearch(HnswGraph graph, float[] vecs, int dim, Metric metric, int n) {
        this(graph, vecs, dim, metric, n, null);
    }

    HnswSearch(HnswGraph graph, float[] vecs, int dim, Metric metric, int n, Object[] locks) {
        this.graph = graph;
        this.vecs = vecs;
        this.dim = dim;
        this.metric = metric;
        this.locks = locks;
        this.visited = new int[n];
        this.copy = new int[2 * graph.m + 1];
        this.fresh = new int[2 * graph.m + 1];
        this.freshDist = new float[2 * graph.m + 1];
    }

    float dist(float[] q, int qo, int node) {
        switch (metric) {
            case L2:
                return kernel.l2(q, qo, vecs, node * dim, dim);
            case INNER_PRODUCT:
                return -kernel.dot(q, qo, vecs, node * dim, dim);
            default:
                return 1f - kernel.dot(q, qo, vecs, node * dim, dim);
        }
    }

    float distNodes(int a, int b) {
        return dist(vecs, a * dim, b);
    }

    /** Points {@link #listArr}/{@link #listOff} at the node's list (count, then ids); a locked copy during a build. */
    private void loadNeighbours(int node, int layer) {
        int[] a = graph.array(node, layer);
        int o = graph.offset(node, layer);
        if (locks == null) {
            listArr = a;
            listOff = o;
            return;
        }
        synchronized (locks[node & (locks.length - 1)]) {
            System.arraycopy(a, o, copy, 0, a[o] + 1);
        }
        listArr = copy;
        listOff = 0;
    }

    private void nextStamp() {
        stamp++;
        if (stamp == 0) {
            Arrays.fill(visited, 0);
            stamp = 1;
        }
    }

    /** Greedy walk on one layer from (cur, curDist); returns the node reached, its distance in distOut[0]. */
    int greedy(float[] q, int qo, int cur, float curDist, int layer, float[] distOut) {
        boolean changed = true;
        while (changed) {
            changed = false;
            loadNeighbours(cur, layer);
            int[] a = listArr;
            int o = listOff;
            int c = a[o];
            System.arraycopy(a, o + 1, fresh, 0, c);
            distances(q, qo, fresh, c, freshDist);
            for (int i = 0; i < c; i++) {
                int nb = fresh[i];
                float d = freshDist[i];
                if (d < curDist) {
                    curDist = d;
                    cur = nb;
                    changed = true;
                }
            }
        }
        distOut[0] = curDist;
        return cur;
    }

    /**
     * Best-first search on one layer from one entry; leaves the ef best in {@link #results} (negated keys, worst on
     * top) and returns it.
     */
    NodeHeap searchLayer(float[] q, int qo, int entry, float entryDist, int ef, int layer) {
        nextStamp();
        candidates.clear();
        results.clear();
        visited[entry] = stamp;
        candidates.push(entryDist, entry);
        results.push(-entryDist, entry);
        return expand(q, qo, ef, layer);
    }

    /** Best-first search of a one-layer graph from several entries (GPU_GRAPH: the same seeds as the GPU search). */
    NodeHeap searchFromSeeds(float[] q, int qo, int[] seeds, int ef) {
        nextStamp();
        candidates.clear();
        results.clear();
        for (int s : seeds) {
            if (visited[s] == stamp) {
                continue;
            }
            visited[s] = stamp;
            float d = dist(q, qo, s);
            candidates.push(d, s);
            results.push(-d, s);
            if (results.size() > ef) {
                results.pop();
            }
        }
        return expand(q, qo, ef, 0);
    }

    private NodeHeap expand(float[] q, int qo, int ef, int layer) {
        while (candidates.size() > 0) {
            float cd = candidates.topKey();
            int cur = candidates.topNode();
            if (cd > -results.topKey() && results.size() >= ef) {
                break;
            }
            candidates.pop();
            loadNeighbours(cur, layer);
            int[] a = listArr;
            int o = listOff;
            int c = a[o];
            // the unvisited neighbours first, then their distances four at a time (the rows' misses overlap), then
            // the heap updates in list order: the same results as one neighbour at a time
            int u = 0;
            for (int i = 1; i <= c; i++) {
                int nb = a[o + i];
                if (visited[nb] != stamp) {
                    visited[nb] = stamp;
                    fresh[u++] = nb;
                }
            }
            distances(q, qo, fresh, u, freshDist);
            for (int i = 0; i < u; i++) {
                int nb = fresh[i];
                float d = freshDist[i];
                if (results.size() < ef || d < -results.topKey()) {
                    candidates.push(d, nb);
                    results.push(-d, nb);
                    if (results.size() > ef) {
                        results.pop();
                    }
                }
            }
        }
        return results;
    }

    /** {@code out[i] = dist(q, qo, nodes[i])} for i < n, L2 four rows at a time. */
    void distances(float[] q, int qo, int[] nodes, int n, float[] out) {
        int i = 0;
        if (metric == Metric.L2 && n > 1) {
            int last = n - 1; // a tail of 1-3 repeats the list's last row (just loaded) in the places past the end
            for (; i < n; i += 4) {
                l2Four(
                        q,
                        qo,
                        nodes[i],
                        nodes[Math.min(i + 1, last)],
                        nodes[Math.min(i + 2, last)],
                        nodes[Math.min(i + 3, last)]);
                for (int j = i; j < Math.min(i + 4, n); j++) {
                    out[j] = four[j - i];
                }
            }
        }
        for (; i < n; i++) {
            out[i] = dist(q, qo, nodes[i]);
        }
    }

    /**
     * Whether any of {@code nodes[0..n)} is closer to node {@code e} than {@code de} (the HNSW neighbour heuristic's
     * test), L2 four rows at a time; the same answer as checking one node at a time and stopping at the first.
     */
    boolean anyCloser(int e, int[] nodes, int n, float de) {
        int eo = e * dim;
        int j = 0;
        if (metric == Metric.L2) {
            for (; j + 4 <= n; j += 4) {
                l2Four(vecs, eo, nodes[j], nodes[j + 1], nodes[j + 2], nodes[j + 3]);
                if (four[0] < de || four[1] < de || four[2] < de || four[3] < de) {
                    return true;
                }
            }
        }
        for (; j < n; j++) {
            if (dist(vecs, eo, nodes[j]) < de) {
                return true;
            }
        }
        return false;
    }

    /** {@code four[k]} = the squared L2 distance of the query to node {@code n_k}'s row. */
    private void l2Four(float[] q, int qo, int n0, int n1, int n2, int n3) {
        kernel.l2x4(q, qo, vecs, n0 * dim, n1 * dim, n2 * dim, n3 * dim, dim, four);
    }

    /** Full query: greedy descent to layer 1, then layer-0 search with ef. */
    NodeHeap search(float[] q, int qo, int ef) {
        int cur = graph.entryPoint;
        float curDist = dist(q, qo, cur);
        float[] d = new float[1];
        for (int layer = graph.maxLevel; layer > 0; layer--) {
            cur = greedy(q, qo, cur, curDist, layer, d);
            curDist = d[0];
        }
        return searchLayer(q, qo, cur, curDist, ef, 0);
    }
}
