package dev.sweeplake.ann.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.DeviceChoice;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.Recall;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.TestData;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.engine.GpuEngines;
import dev.sweeplake.ann.internal.engine.GpuSearchers;
import dev.sweeplake.ann.internal.gpu.ReferenceBackend;
import dev.sweeplake.ann.internal.gpu.TilePlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GPU engines on the reference kernels against their CPU counterparts: same answers (exact top-k for gpu_flat, recall
 * within 0.01 for IVF and graph), a GPU-built graph served on the CPU, and the file round trip.
 */
class GpuEnginesTest {
    static final TilePlan TINY = new TilePlan(16, 64, 0.9);
    static final VectorMatrix BASE = TestData.clustered(1500, 16, 12, 11);
    static final VectorMatrix QUERIES = TestData.queries(BASE, 60, 12);
    static final IndexParams P = IndexParams.defaults().withM(8).withNlist(24).withSeed(5);

    static AnnIndex gpuBuild(IndexParams p, ReferenceBackend be) {
        return GpuEngines.build(BASE, p, 1, ProgressListener.NONE, be, TINY);
    }

    static AnnSearcher gpuSearcher(AnnIndex index, ReferenceBackend be) {
        return GpuSearchers.create(index, be, TINY, GpuMode.REQUIRED);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void gpuFlatReturnsTheExactTopK(Metric metric) {
        ReferenceBackend be = new ReferenceBackend(1 << 24);
        AnnIndex index = gpuBuild(P.withEngine(EngineKind.GPU_FLAT).withMetric(metric), be);
        assertEquals(EngineKind.GPU_FLAT, index.engine());
        assertEquals(ReferenceBackend.DEVICE_NAME, index.builtOn());
        SearchResults truth = ExactKnn.search(BASE, QUERIES, 10, metric, 1, ProgressListener.NONE);
        SearchResults got = gpuSearcher(index, be).search(QUERIES, 10, SearchParams.defaults());
        assertArrayEquals(truth.ids(), got.ids());
    }

    @Test
    void gpuIvfFlatRecallIsWithinOneHundredthOfTheCpuEngine() {
        ReferenceBackend be = new ReferenceBackend(1 << 24);
        SearchParams sp = SearchParams.defaults().withNprobe(3);
        SearchResults truth = ExactKnn.search(BASE, QUERIES, 10, Metric.L2, 1, ProgressListener.NONE);
        AnnIndex cpu = AnnIndex.build(BASE, P.withEngine(EngineKind.IVF_FLAT), 1, ProgressListener.NONE);
        AnnIndex gpu = gpuBuild(P.withEngine(EngineKind.GPU_IVF_FLAT), be);
        double rc = Recall.recallAtK(truth, cpu.searcher().search(QUERIES, 10, sp), 10);
        double rg = Recall.recallAtK(truth, gpuSearcher(gpu, be).search(QUERIES, 10, sp), 10);
        double rgc = Recall.recallAtK(truth, gpu.searcher().search(QUERIES, 10, sp), 10);
        assertTrue(rc > 0.8, "cpu ivf recall " + rc);
        assertTrue(rg >= rc - 0.01, "gpu " + rg + " vs cpu " + rc);
        assertEquals(rg, rgc, 1e-9, "the GPU and the CPU searcher scan the same lists of the same index");
    }

    @Test
    void gpuGraphServedOnTheCpuReachesTheRecallOfTheGpuSearch() {
        ReferenceBackend be = new ReferenceBackend(1 << 24);
        AnnIndex g = gpuBuild(P.withEngine(EngineKind.GPU_GRAPH), be);
        SearchParams sp = SearchParams.defaults().withEf(48);
        SearchResults truth = ExactKnn.search(BASE, QUERIES, 10, Metric.L2, 1, ProgressListener.NONE);
        double gpu = Recall.recallAtK(truth, gpuSearcher(g, be).search(QUERIES, 10, sp), 10);
        double cpu = Recall.recallAtK(truth, g.searcher().search(QUERIES, 10, sp), 10);
        AnnIndex hnsw = AnnIndex.build(BASE, P.withEngine(EngineKind.HNSW), 1, ProgressListener.NONE);
        double h = Recall.recallAtK(truth, hnsw.searcher().search(QUERIES, 10, sp), 10);
        assertTrue(gpu >= 0.95, "gpu graph search recall " + gpu);
        assertTrue(cpu >= gpu - 0.01, "cpu " + cpu + " vs gpu " + gpu);
        assertTrue(cpu >= h - 0.01, "gpu-built graph on the cpu " + cpu + " vs hnsw " + h);
        assertEquals(0, be.allocatedBytes() - residentBytes(g), "build freed its buffers");
    }

    private static long residentBytes(AnnIndex g) {
        // vectors + fixed-degree graph + seeds, uploaded by the GPU searcher and kept with the index
        return 4L * g.size() * g.dimension() + 4L * g.size() * 2 * g.params().m() + 4L * 64;
    }

    @Test
    void aGpuBuiltIndexWrittenAndReadIsServedOnTheCpuWithTheSameResults() {
        ReferenceBackend be = new ReferenceBackend(1 << 24);
        for (EngineKind kind : new EngineKind[] {EngineKind.GPU_FLAT, EngineKind.GPU_IVF_FLAT, EngineKind.GPU_GRAPH}) {
            AnnIndex built = gpuBuild(P.withEngine(kind), be);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            built.write(out);
            AnnIndex read = AnnIndex.read(new ByteArrayInputStream(out.toByteArray()), kind.configName());
            assertEquals(kind, read.engine());
            assertEquals("gpu (not recorded in the file)", read.builtOn());
            SearchParams sp = SearchParams.defaults().withEf(40).withNprobe(4);
            SearchResults a = built.searcher().search(QUERIES, 10, sp);
            // gpu: auto where the GPU is gone (this machine, or an executor without one) serves it on the CPU.
            SearchResults b = read.searcher(DeviceChoice.of(GpuMode.AUTO, 917)).search(QUERIES, 10, sp);
            assertArrayEquals(a.ids(), b.ids(), kind.configName());
        }
    }
}
