package dev.sweeplake.ann.internal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.TestData;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.engine.KMeansTrainer;
import dev.sweeplake.ann.internal.vec.Distances;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The GPU host orchestration (tiling, streaming, top-k merging, k-means, graph build) on the reference kernels, with
 * tiny tiles and simulated device memory limits: everything but the CUDA kernel bodies.
 */
class GpuKernelsReferenceTest {
    private static final TilePlan TINY = new TilePlan(7, 13, 0.9);

    private static float[] data(VectorMatrix m, Metric metric) {
        return metric == Metric.COSINE ? Distances.normalizedCopy(m.data(), m.size(), m.dimension()) : m.data();
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void tiledTopKEqualsExactSearchWithResidentAndStreamedBase(Metric metric) {
        VectorMatrix base = TestData.clustered(300, 12, 5, 1);
        VectorMatrix q = TestData.queries(base, 29, 2);
        int k = 10;
        SearchResults truth = ExactKnn.search(base, q, k, metric, 1, ProgressListener.NONE);
        float[] b = data(base, metric);
        float[] qs = data(q, metric);
        // Resident base (plenty of memory), tiny query and base tiles.
        ReferenceBackend roomy = new ReferenceBackend(1 << 24);
        check(truth, GpuTopK.search(roomy, b, 300, qs, 29, 12, metric, k, TINY, ProgressListener.NONE), base, k);
        assertEquals(0, roomy.allocatedBytes());
        // 8 KiB of device memory: the base (300 x 13 x 4 bytes) does not fit and is streamed tile by tile.
        ReferenceBackend small = new ReferenceBackend(8 * 1024);
        check(
                truth,
                GpuTopK.search(small, b, 300, qs, 29, 12, metric, k, TilePlan.defaults(), ProgressListener.NONE),
                base,
                k);
        assertEquals(0, small.allocatedBytes());
    }

    private static void check(SearchResults truth, GpuTopK.Rows got, VectorMatrix base, int k) {
        for (int i = 0; i < truth.queryCount() * k; i++) {
            assertEquals(truth.ids()[i], base.id(got.rows()[i]), "rank " + (i % k) + " of query " + (i / k));
            assertEquals(truth.distances()[i], got.dist()[i], 1e-3f * Math.max(1f, Math.abs(truth.distances()[i])));
        }
    }

    @Test
    void kLargerThanTheBasePadsWithMinusOne() {
        VectorMatrix base = TestData.clustered(5, 4, 2, 3);
        GpuTopK.Rows r = GpuTopK.search(
                new ReferenceBackend(1 << 20),
                base.data(),
                5,
                base.data(),
                1,
                4,
                Metric.L2,
                8,
                TINY,
                ProgressListener.NONE);
        assertEquals(0, r.rows()[0]);
        assertEquals(-1, r.rows()[7]);
        assertEquals(Float.POSITIVE_INFINITY, r.dist()[7]);
    }

    @Test
    void tooLittleDeviceMemoryNamesNeededAndFreeBytes() {
        VectorMatrix base = TestData.clustered(100, 64, 3, 4);
        ReferenceBackend be = new ReferenceBackend(600);
        DeviceMemoryException e = assertThrows(
                DeviceMemoryException.class,
                () -> GpuTopK.search(
                        be,
                        base.data(),
                        100,
                        base.data(),
                        10,
                        64,
                        Metric.L2,
                        10,
                        TilePlan.defaults(),
                        ProgressListener.NONE));
        assertTrue(
                e.getMessage()
                        .startsWith("not enough device memory on reference-kernels (cpu) for exact top-10 "
                                + "tiles (dimension 64): needed "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("bytes, free 600 bytes"), e.getMessage());
        assertEquals(0, be.allocatedBytes());
    }

    @Test
    void memoryTakenAfterPlanningFailsCleanlyMidway() {
        VectorMatrix base = TestData.clustered(400, 16, 4, 5);
        // Reports 1 MiB free but holds only 20 KiB: planning succeeds, a later allocation fails.
        ReferenceBackend be = new ReferenceBackend(20 * 1024, 1 << 20);
        DeviceMemoryException e = assertThrows(
                DeviceMemoryException.class,
                () -> GpuTopK.search(
                        be,
                        base.data(),
                        400,
                        base.data(),
                        400,
                        16,
                        Metric.L2,
                        5,
                        TilePlan.defaults(),
                        ProgressListener.NONE));
        assertTrue(e.getMessage().contains("needed ") && e.getMessage().contains("free "), e.getMessage());
        assertEquals(0, be.allocatedBytes(), "everything allocated before the failure is freed");
    }

    @Test
    void refusedLaunchNamesKernelAndShape() {
        ReferenceBackend be = new ReferenceBackend(1 << 20);
        DeviceBuffer d = be.allocFloats(64, "d");
        DeviceBuffer i = be.allocInts(64, "i");
        GpuKernelException tooBig = assertThrows(
                GpuKernelException.class, () -> be.launch(Kernel.FILL_TOPK, LaunchShape.linear(1, 2048, 0), d, i, 64L));
        assertEquals(
                "kernel fill_topk refused (grid 1x1x1, block 2048x1x1, shared 0 B): threads per block must be "
                        + "<= 1024",
                tooBig.getMessage());
        GpuKernelException contract = assertThrows(
                GpuKernelException.class,
                () -> be.launch(
                        Kernel.SELECT_TOPK, LaunchShape.linear(1, 256, 8 * 1024), d, 1, 64, 64L, 0, 10, 1000, d, i));
        assertTrue(
                contract.getMessage()
                        .startsWith("kernel select_topk refused (grid 1x1x1, block 256x1x1, shared "
                                + "8192 B): S must be a power of two >= k + 1024"),
                contract.getMessage());
        GpuKernelException fault = assertThrows(
                GpuKernelException.class, () -> be.launch(Kernel.SQ_NORMS, LaunchShape.linear(8, 256, 0), d, 64, 4, i));
        assertTrue(
                fault.getMessage().startsWith("kernel sq_norms failed (grid 8x1x1, block 256x1x1, shared 0 B): "),
                fault.getMessage());
        assertFalse(fault.getMessage().contains("\n"));
    }

    @Test
    void gpuKMeansMatchesTheCpuTrainerOnClusteredData() {
        VectorMatrix data = TestData.clustered(2000, 8, 16, 6);
        float[] cpu = KMeansTrainer.train(data.data(), 2000, 8, 16, 10, 7L, 1, ProgressListener.NONE);
        ReferenceBackend be = new ReferenceBackend(1 << 22);
        float[] gpu = GpuKMeans.train(be, data.data(), 2000, 8, 16, 10, 7L, TINY, ProgressListener.NONE);
        double ic = inertia(data, cpu, 16);
        double ig = inertia(data, gpu, 16);
        assertTrue(ig <= ic * 1.10, "gpu inertia " + ig + " vs cpu " + ic);
        assertEquals(0, be.allocatedBytes());
        // Same result with the rows streamed (memory for the centroids and a few rows only).
        ReferenceBackend small = new ReferenceBackend(30_000);
        float[] streamed = GpuKMeans.train(small, data.data(), 2000, 8, 16, 10, 7L, TINY, ProgressListener.NONE);
        assertEquals(0, small.allocatedBytes());
        assertEquals(ig, inertia(data, streamed, 16), ig * 1e-4);
    }

    private static double inertia(VectorMatrix data, float[] c, int k) {
        double s = 0;
        int dim = data.dimension();
        for (int i = 0; i < data.size(); i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double d = 0;
                for (int x = 0; x < dim; x++) {
                    double t = data.get(i, x) - c[j * dim + x];
                    d += t * t;
                }
                best = Math.min(best, d);
            }
            s += best;
        }
        return s;
    }

    @Test
    void prunedGraphHasFixedDegreeNoSelfLoopsAndNoDuplicates() {
        VectorMatrix base = TestData.clustered(500, 10, 8, 8);
        int degree = 8;
        ReferenceBackend be = new ReferenceBackend(1 << 22);
        int[] g = GpuGraph.build(be, base.data(), 500, 10, Metric.L2, degree, TINY, ProgressListener.NONE)
                .rows();
        assertEquals(0, be.allocatedBytes());
        int full = 0;
        for (int i = 0; i < 500; i++) {
            Set<Integer> seen = new HashSet<>();
            for (int j = 0; j < degree; j++) {
                int v = g[i * degree + j];
                if (v < 0) {
                    continue;
                }
                assertTrue(v < 500 && v != i, "node " + i + " neighbour " + v);
                assertTrue(seen.add(v), "duplicate neighbour " + v + " of node " + i);
            }
            full += seen.size() >= degree - 1 ? 1 : 0;
        }
        assertTrue(full > 450, "nodes with a full list: " + full);
    }

    @Test
    void disconnectedClustersAreLinkedSoEveryNodeIsReachableFromTheEntry() {
        // Two far-apart clusters of 4 nodes, each a clique of degree 3 (spare slot 4 free): unreachable from node 0.
        int degree = 4;
        int[] rows = new int[8 * degree];
        float[] vecs = new float[8];
        for (int i = 0; i < 8; i++) {
            vecs[i] = i < 4 ? i : 100 + i;
            int w = 0;
            int base = i < 4 ? 0 : 4;
            for (int j = base; j < base + 4; j++) {
                if (j != i) {
                    rows[i * degree + w++] = j;
                }
            }
            rows[i * degree + 3] = -1;
        }
        GpuGraph.connect(rows, 8, degree, vecs, 1, 0);
        assertEquals(4, rows[3 * degree + 3], "node 3 (nearest to the other cluster) links to node 4");
        assertEquals(3, rows[4 * degree + 3], "and node 4 back");
    }

    @Test
    void pruningDropsDetourableEdgesFirst() {
        // Node 0's neighbours by rank: 1, 2, 3. Node 1 lists 2 first, so 0 -> 2 has a detour via 1 (rank 0 < 1 and
        // 1's rank of 2 is 0 < 1); 0 -> 3 has none (3 is not among the first two of 1 or 2).
        int[] knn = {1, 2, 3, 2, 0, 3, 1, 0, 3, 0, 1, 2};
        ReferenceBackend be = new ReferenceBackend(1 << 16);
        DeviceBuffer in = be.allocInts(12, "knn");
        DeviceBuffer out = be.allocInts(8, "out");
        be.upload(knn, 0, in, 0, 12);
        be.fill(out, 0, 8, -1);
        be.launch(Kernel.CAGRA_PRUNE, LaunchShape.linear(4, 32, 24), in, 4, 3, 2, out);
        int[] got = new int[8];
        be.download(out, 0, got, 0, 8);
        assertEquals(1, got[0]);
        assertEquals(3, got[1], "0 -> 2 is detourable through 1, so 0 -> 3 takes the second slot");
    }

    @Test
    void reverseEdgesFillFreeSlotsWithoutDuplicates() {
        // 3 nodes, degree 2: 0 -> {1, 2}, 1 -> {0, 2}, 2 -> {0, 1}; every reverse edge already exists.
        int[] pruned = {1, 2, 0, 2, 0, 1};
        int[] out = GpuGraph.addReverseEdges(pruned, 3, 2, 2);
        for (int i = 0; i < 3; i++) {
            assertTrue(out[2 * i] != out[2 * i + 1]);
            assertTrue(out[2 * i] != i && out[2 * i + 1] != i);
        }
        // A node nobody else lists keeps its own edges; a hub gains a reverse edge in place of its weakest.
        int[] star = {1, 2, 0, 2, 0, 1, 0, 1};
        int[] merged = GpuGraph.addReverseEdges(star, 4, 2, 2);
        assertEquals(1, merged[0]);
        assertEquals(2, merged[1]);
        assertTrue(merged[6] == 0 && merged[7] == 1, "node 3 keeps 0, 1");
    }
}
