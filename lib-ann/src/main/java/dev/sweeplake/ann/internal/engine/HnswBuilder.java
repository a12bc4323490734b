package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.internal.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds an {@link HnswGraph} (Malkov and Yashunin's algorithm with the neighbour-selection heuristic). Node levels
 * come from the seed, so a single-threaded build is fully deterministic; a multi-threaded build inserts nodes
 * concurrently (striped node locks, like hnswlib) and may differ slightly from run to run. Insertion order is the
 * row order of the input. Not thread-safe itself; one builder per build.
 */
final class HnswBuilder {
    private static final int STRIPES = 4096;

    private final HnswGraph graph;
    private final float[] vecs;
    private final int n;
    private final int dim;
    private final Metric metric;
    private final int m;
    private final int efConstruction;
    private final Object[] locks = new Object[STRIPES];
    private final Object globalLock = new Object();

    private HnswBuilder(float[] vecs, int n, int dim, Metric metric, int m, int efConstruction, long seed) {
        this.vecs = vecs;
        this.n = n;
        this.dim = dim;
        this.metric = metric;
        this.m = m;
        this.efConstruction = efConstruction;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double mult = 1.0 / Math.log(m);
        int[] levels = new int[n];
        for (int i = 0; i < n; i++) {
            levels[i] = Math.min(32, (int) (-Math.log(1.0 - rnd.nextDouble()) * mult));
        }
        this.graph = new HnswGraph(n, m, levels);
    }

    static HnswGraph build(
            float[] vecs,
            int n,
            int dim,
            Metric metric,
            int m,
            int efConstruction,
            long seed,
            int threads,
            ProgressListener listener) {
        HnswBuilder b = new HnswBuilder(vecs, n, dim, metric, m, efConstruction, seed);
        b.graph.entryPoint = 0;
        b.graph.maxLevel = b.graph.levels[0];
        AtomicInteger next = new AtomicInteger(1);
        AtomicInteger done = new AtomicInteger(1);
        int workers = Math.max(1, Math.min(threads, n / 64 + 1));
        Runnable[] tasks = new Runnable[workers];
        for (int w = 0; w < workers; w++) {
            tasks[w] = () -> {
                Worker worker = b.new Worker();
                for (int node = next.getAndIncrement(); node < n; node = next.getAndIncrement()) {
                    worker.insert(node);
                    int d = done.incrementAndGet();
                    if ((d & 1023) == 0 || d == n) {
                        listener.onProgress("hnsw-insert", d, n);
                    }
                }
            };
        }
        Parallel.runAll(tasks);
        return b.graph;
    }

    private final class Worker {
        private final HnswSearch hs = new HnswSearch(graph, vecs, dim, metric, n, locks);
        private int[] candNodes = new int[efConstruction + 1];
        private float[] candDist = new float[efConstruction + 1];
        private final int[] selected = new int[2 * m + 1];
        private final int[] pruneNodes = new int[3 * m + 1];
        private final float[] pruneDist = new float[3 * m + 1];
        private final int[] pruneOut = new int[3 * m + 1];
        private final float[] d1 = new float[1];

        void insert(int q) {
            int level = graph.levels[q];
            int ep;
            int maxL;
            synchronized (globalLock) {
                ep = graph.entryPoint;
                maxL = graph.maxLevel;
            }
            int qo = q * dim;
            int cur = ep;
            float curD = hs.dist(vecs, qo, ep);
            for (int l = maxL; l > level; l--) {
                cur = hs.greedy(vecs, qo, cur, curD, l, d1);
                curD = d1[0];
            }
            for (int l = Math.min(level, maxL); l >= 0; l--) {
                NodeHeap res = hs.searchLayer(vecs, qo, cur, curD, efConstruction, l);
                int cnt = res.size();
                if (candNodes.length < cnt) {
                    candNodes = new int[cnt];
                    candDist = new float[cnt];
                }
                int kept = 0;
                for (int i = cnt - 1; i >= 0; i--) {
                    candNodes[i] = res.topNode();
                    candDist[i] = -res.topKey();
                    res.pop();
                }
                // Drop q itself should a concurrent link have made it reachable.
                for (int i = 0; i < cnt; i++) {
                    if (candNodes[i] != q) {
                        candNodes[kept] = candNodes[i];
                        candDist[kept] = candDist[i];
                        kept++;
                    }
                }
                if (kept == 0) {
                    continue;
                }
                int sel = heuristic(candNodes, candDist, kept, m, selected);
                setNeighbours(q, l, selected, sel);
                for (int i = 0; i < sel; i++) {
                    addLink(selected[i], q, l);
                }
                cur = candNodes[0];
                curD = candDist[0];
            }
            if (level > maxL) {
                synchronized (globalLock) {
                    if (level > graph.maxLevel) {
                        graph.maxLevel = level;
                        graph.entryPoint = q;
                    }
                }
            }
        }

        /**
         * Sets the new node's list at a layer. A concurrent inserter may already have linked itself into this list
         * (it reached the node as an entry point); those links are kept, pruned by the heuristic if the list would
         * overflow, rather than overwritten.
         */
        private void setNeighbours(int node, int layer, int[] nb, int count) {
            int[] a = graph.array(node, layer);
            int o = graph.offset(node, layer);
            int max = graph.maxNeighbours(layer);
            synchronized (locks[node & (STRIPES - 1)]) {
                int existing = a[o];
                if (existing == 0) {
                    System.arraycopy(nb, 0, a, o + 1, count);
                    a[o] = count;
                    return;
                }
                int c = 0;
                for (int i = 0; i < count; i++) {
                    pruneNodes[c++] = nb[i];
                }
                for (int i = 1; i <= existing && c < pruneNodes.length; i++) {
                    int e = a[o + i];
                    boolean dup = false;
                    for (int j = 0; j < count; j++) {
                        dup |= nb[j] == e;
                    }
                    if (!dup) {
                        pruneNodes[c++] = e;
                    }
                }
                if (c <= max) {
                    System.arraycopy(pruneNodes, 0, a, o + 1, c);
                    a[o] = c;
                    return;
                }
                hs.distances(vecs, node * dim, pruneNodes, c, pruneDist);
                sortByDistance(pruneNodes, pruneDist, c);
                int sel = heuristic(pruneNodes, pruneDist, c, max, pruneOut);
                System.arraycopy(pruneOut, 0, a, o + 1, sel);
                a[o] = sel;
            }
        }

        private void addLink(int node, int newNb, int layer) {
            int[] a = graph.array(node, layer);
            int o = graph.offset(node, layer);
            int max = graph.maxNeighbours(layer);
            synchronized (locks[node & (STRIPES - 1)]) {
                int c = a[o];
                for (int i = 1; i <= c; i++) {
                    if (a[o + i] == newNb) {
                        return;
                    }
                }
                if (c < max) {
                    a[o + 1 + c] = newNb;
                    a[o] = c + 1;
                    return;
                }
                // Full: keep the best by the heuristic among the old neighbours and the new one.
                System.arraycopy(a, o + 1, pruneNodes, 0, c);
                pruneNodes[c] = newNb;
                hs.distances(vecs, node * dim, pruneNodes, c + 1, pruneDist);
                sortByDistance(pruneNodes, pruneDist, c + 1);
                int sel = heuristic(pruneNodes, pruneDist, c + 1, max, pruneOut);
                System.arraycopy(pruneOut, 0, a, o + 1, sel);
                a[o] = sel;
            }
        }

        /** Candidates sorted ascending; keeps e only if it is closer to the base than to every kept node. */
        private int heuristic(int[] nodes, float[] dists, int count, int max, int[] out) {
            if (count <= max) {
                System.arraycopy(nodes, 0, out, 0, count);
                return count;
            }
            int kept = 0;
            for (int i = 0; i < count && kept < max; i++) {
                int e = nodes[i];
                if (!hs.anyCloser(e, out, kept, dists[i])) {
                    out[kept++] = e;
                }
            }
            return kept;
        }
    }

    private static void sortByDistance(int[] nodes, float[] dists, int count) {
        for (int i = 1; i < count; i++) {
            float d = dists[i];
            int nd = nodes[i];
            int j = i - 1;
            while (j >= 0 && dists[j] > d) {
                dists[j + 1] = dists[j];
                nodes[j + 1] = nodes[j];
                j--;
            }
            dists[j + 1] = d;
            nodes[j + 1] = nd;
        }
    }
}
