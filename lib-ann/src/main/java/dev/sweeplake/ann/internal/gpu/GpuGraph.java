package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.internal.Checks;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * CAGRA-style fixed-degree graph on a device. Build: the exact k-NN graph with intermediate degree 2 x degree
 * ({@link GpuTopK#search} of the base against itself, self removed), rank-based pruning to {@code degree}
 * ({@code cagra_prune}: edges reordered by their number of detours), then on the host reverse edges (up to
 * degree / 2 per node, lower ranks first) merged in. Search: {@code graph_search}, one block per query. Stateless;
 * thread-safe (holds the backend's lock).
 */
public final class GpuGraph {
    static final int SEEDS = 64;
    static final int WIDTH = 64;

    private GpuGraph() {}

    /** Device bytes the pruning step needs over n nodes (the k-NN lists and the pruned lists). */
    public static long pruneBytes(int n, int degree) {
        int bigK = Math.max(1, Math.min(2 * degree, n - 1));
        return (long) n * (bigK + degree) * 4L;
    }

    /** The graph: n x degree neighbour rows (-1 = none) and the entry point (the medoid). */
    public record Built(int[] rows, int entry) {}

    /**
     * Builds the graph of the n x dim vectors (COSINE: unit length). The last slot of every list is kept for
     * connectivity: nodes not reachable from the entry point (a k-NN graph of well-separated clusters falls apart)
     * get linked from the nearest reachable node of a sample, so a search from the entry point can reach every node.
     */
    public static Built build(
            KernelBackend be,
            float[] vecs,
            int n,
            int dim,
            Metric metric,
            int degree,
            TilePlan plan,
            ProgressListener progress) {
        int[] rows = prunedGraph(be, vecs, n, dim, metric, degree, plan, progress);
        int entry = medoid(vecs, n, dim);
        connect(rows, n, degree, vecs, dim, entry);
        return new Built(rows, entry);
    }

    private static int[] prunedGraph(
            KernelBackend be,
            float[] vecs,
            int n,
            int dim,
            Metric metric,
            int degree,
            TilePlan plan,
            ProgressListener progress) {
        Checks.inRange("graph degree", degree, 2, 512);
        int[] graph = new int[n * degree];
        Arrays.fill(graph, -1);
        int bigK = Math.min(2 * degree, n - 1);
        if (bigK < 1) {
            return graph;
        }
        GpuTopK.Rows knn = GpuTopK.search(be, vecs, n, vecs, n, dim, metric, bigK + 1, plan, progress);
        int[] lists = dropSelf(knn, n, bigK);
        int[] pruned = new int[n * degree];
        be.lock().lock();
        DeviceBuffer dKnn = null;
        DeviceBuffer dOut = null;
        try {
            dKnn = be.allocInts((long) n * bigK, "k-NN graph");
            dOut = be.allocInts((long) n * degree, "pruned graph");
            be.upload(lists, 0, dKnn, 0, n * bigK);
            be.fill(dOut, 0, (long) n * degree, -1);
            int threads = (bigK + 31) / 32 * 32;
            be.launch(Kernel.CAGRA_PRUNE, LaunchShape.linear(n, threads, 8 * bigK), dKnn, n, bigK, degree, dOut);
            be.download(dOut, 0, pruned, 0, n * degree);
        } finally {
            try {
                be.free(dOut);
                be.free(dKnn);
            } finally {
                be.lock().unlock();
            }
        }
        progress.onProgress("gpu-graph-prune", 1, 1);
        return addReverseEdges(pruned, n, degree, degree - 1);
    }

    /** Links every node unreachable from entry into the graph through the spare last slot of reachable nodes. */
    static void connect(int[] rows, int n, int degree, float[] vecs, int dim, int entry) {
        boolean[] reached = new boolean[n];
        int[] order = new int[n];
        int count = bfs(rows, degree, entry, reached, order, 0);
        int next = 0;
        while (count < n) {
            while (reached[next]) {
                next++;
            }
            int u = next;
            int stride = Math.max(1, count / 1024);
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int pass = 0; pass < 2 && best < 0; pass++) {
                int step = pass == 0 ? stride : 1;
                for (int i = 0; i < count; i += step) {
                    int p = order[i];
                    if (rows[p * degree + degree - 1] >= 0) {
                        continue;
                    }
                    double d = 0;
                    for (int c = 0; c < dim; c++) {
                        double t = vecs[u * dim + c] - vecs[p * dim + c];
                        d += t * t;
                    }
                    if (d < bestD) {
                        bestD = d;
                        best = p;
                    }
                }
            }
            if (best < 0) {
                best = order[count - 1];
            }
            rows[best * degree + degree - 1] = u;
            if (rows[u * degree + degree - 1] < 0) {
                rows[u * degree + degree - 1] = best;
            }
            count = bfs(rows, degree, u, reached, order, count);
        }
    }

    private static int bfs(int[] rows, int degree, int from, boolean[] reached, int[] order, int count) {
        int head = count;
        reached[from] = true;
        order[count++] = from;
        while (head < count) {
            int v = order[head++];
            for (int j = 0; j < degree; j++) {
                int w = rows[v * degree + j];
                if (w >= 0 && !reached[w]) {
                    reached[w] = true;
                    order[count++] = w;
                }
            }
        }
        return count;
    }

    /** The k nearest other rows of every row from a (k + 1)-NN result: self removed wherever it is. */
    static int[] dropSelf(GpuTopK.Rows knn, int n, int k) {
        int[] out = new int[n * k];
        Arrays.fill(out, -1);
        int kk = knn.k();
        for (int i = 0; i < n; i++) {
            int w = 0;
            for (int r = 0; r < kk && w < k; r++) {
                int v = knn.rows()[i * kk + r];
                if (v != i && v >= 0) {
                    out[i * k + w++] = v;
                }
            }
        }
        return out;
    }

    /**
     * Fills the first {@code slots} of each list: the first slots - r pruned edges, where r (at most slots / 2) is the
     * node's number of reverse edges, then its reverse edges, then further pruned edges, without duplicates. Reverse
     * edges are collected rank by rank over all nodes so that strong edges get the slots.
     */
    static int[] addReverseEdges(int[] pruned, int n, int degree, int slots) {
        int half = Math.max(1, slots / 2);
        int[] rev = new int[n * half];
        int[] revCount = new int[n];
        for (int r = 0; r < degree; r++) {
            for (int i = 0; i < n; i++) {
                int j = pruned[i * degree + r];
                if (j >= 0 && revCount[j] < half) {
                    rev[j * half + revCount[j]++] = i;
                }
            }
        }
        int[] out = new int[n * degree];
        Arrays.fill(out, -1);
        for (int i = 0; i < n; i++) {
            int o = i * degree;
            int w = 0;
            int keep = slots - revCount[i];
            for (int r = 0; r < keep; r++) {
                w = addUnique(out, o, w, pruned[o + r]);
            }
            for (int r = 0; r < revCount[i]; r++) {
                w = addUnique(out, o, w, rev[i * half + r]);
            }
            for (int r = keep; r < degree && w < slots; r++) {
                w = addUnique(out, o, w, pruned[o + r]);
            }
        }
        return out;
    }

    private static int addUnique(int[] out, int o, int w, int v) {
        if (v < 0) {
            return w;
        }
        for (int i = 0; i < w; i++) {
            if (out[o + i] == v) {
                return w;
            }
        }
        out[o + w] = v;
        return w + 1;
    }

    /** The row nearest to the mean of all rows: the graph's entry point. */
    public static int medoid(float[] vecs, int n, int dim) {
        double[] mean = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                mean[d] += vecs[i * dim + d];
            }
        }
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int d = 0; d < dim; d++) {
                double t = vecs[i * dim + d] - mean[d] / n;
                s += t * t;
            }
            if (s < bestD) {
                bestD = s;
                best = i;
            }
        }
        return best;
    }

    /** Search seeds: the entry point, then distinct seeded pseudo-random rows. */
    public static int[] seeds(int n, int entry, long seed) {
        int count = Math.min(n, SEEDS);
        int[] s = new int[count];
        s[0] = entry;
        SplittableRandom rnd = new SplittableRandom(seed);
        int w = 1;
        while (w < count) {
            int v = rnd.nextInt(n);
            boolean dup = false;
            for (int i = 0; i < w; i++) {
                dup |= s[i] == v;
            }
            if (!dup) {
                s[w++] = v;
            }
        }
        return s;
    }

    /** The launch parameters of graph_search for an internal list of size max(ef, k). */
    record SearchShape(int bigL, int parents, int maxIter, int bigS, int shared) {}

    static SearchShape shape(int dim, int degree, int nseeds, int ef, int k) {
        int bigL = Math.max(ef, k);
        int parents = Math.max(1, Math.min(ReferenceKernels.MAX_PARENTS, WIDTH / degree));
        int width = parents * degree;
        int bigS = GpuTopK.pow2AtLeast(bigL + Math.max(width, nseeds));
        int maxIter = Math.max(1, Math.min(bigL / parents + 16, (ReferenceKernels.HASH_SIZE / 2 - nseeds) / width));
        int shared = (dim + 2 * bigS + ReferenceKernels.HASH_SIZE) * 4;
        return new SearchShape(bigL, parents, maxIter, bigS, shared);
    }

    /** Null when graph_search can run with these sizes, else why not. */
    public static String unsupported(int dim, int degree, int ef, int k) {
        SearchShape s = shape(dim, degree, SEEDS, ef, k);
        if (s.bigL > 512 || s.shared > LaunchShape.MAX_SHARED_BYTES || degree * 2 > ReferenceKernels.HASH_SIZE / 2) {
            return Checks.fmt(
                    "gpu graph search needs max(ef, k) <= 512 and (dimension + 2 * S + %d) * 4 <= %d bytes "
                            + "of shared memory, actual max(ef, k) %d, dimension %d, degree %d",
                    ReferenceKernels.HASH_SIZE, LaunchShape.MAX_SHARED_BYTES, s.bigL, dim, degree);
        }
        return null;
    }

    /** Top-k rows of nq queries over a resident graph (n x degree rows) and resident vectors. */
    public static GpuTopK.Rows search(
            KernelBackend be,
            DeviceBuffer vecs,
            int n,
            int dim,
            DeviceBuffer graph,
            int degree,
            DeviceBuffer seeds,
            int nseeds,
            float[] queries,
            int nq,
            int metric,
            int k,
            int ef,
            TilePlan plan) {
        String why = unsupported(dim, degree, ef, k);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        SearchShape s = shape(dim, degree, nseeds, ef, k);
        GpuTopK.Rows out = new GpuTopK.Rows(k, new int[nq * k], new float[nq * k]);
        be.lock().lock();
        DeviceBuffer q = null;
        DeviceBuffer outD = null;
        DeviceBuffer outI = null;
        try {
            long perQuery = dim * 4L + 8L * k;
            int qTile = (int) Math.min(Math.min(nq, plan.maxQueryRows()), plan.budget(be) / perQuery);
            if (qTile < 1) {
                throw new DeviceMemoryException(be.deviceName(), "graph search tiles", perQuery, be.freeBytes());
            }
            q = be.allocFloats((long) qTile * dim, "query tile");
            outD = be.allocFloats((long) qTile * k, "top-k distances");
            outI = be.allocInts((long) qTile * k, "top-k rows");
            for (int q0 = 0; q0 < nq; q0 += qTile) {
                int qRows = Math.min(qTile, nq - q0);
                be.upload(queries, q0 * dim, q, 0, qRows * dim);
                be.launch(
                        Kernel.GRAPH_SEARCH,
                        LaunchShape.linear(qRows, GpuTopK.BLOCK, s.shared),
                        vecs,
                        n,
                        dim,
                        graph,
                        degree,
                        q,
                        qRows,
                        metric,
                        seeds,
                        nseeds,
                        s.bigL,
                        s.parents,
                        s.maxIter,
                        s.bigS,
                        k,
                        outD,
                        outI);
                be.download(outD, 0, out.dist(), q0 * k, qRows * k);
                be.download(outI, 0, out.rows(), q0 * k, qRows * k);
            }
            return out;
        } finally {
            try {
                be.free(outI);
                be.free(outD);
                be.free(q);
            } finally {
                be.lock().unlock();
            }
        }
    }
}
