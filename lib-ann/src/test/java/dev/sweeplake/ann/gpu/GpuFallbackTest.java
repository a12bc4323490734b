package dev.sweeplake.ann.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.DeviceChoice;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.KMeans;
import dev.sweeplake.ann.KMeansParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.TestData;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.gpu.DeviceMemoryException;
import dev.sweeplake.ann.internal.gpu.GpuUnavailableException;
import dev.sweeplake.ann.internal.gpu.Gpus;
import dev.sweeplake.ann.internal.gpu.ReferenceBackend;
import dev.sweeplake.ann.io.LocalShardStorage;
import dev.sweeplake.ann.io.ShardFiles;
import dev.sweeplake.ann.io.ShardManifest;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device choice through the public API: {@code required} fails before any work with a one-line reason, {@code auto}
 * falls back to the CPU engine of the same family, bad input is refused as on the CPU. Reference backends are
 * installed under ordinals no machine has (900+), so the tests run the same with and without a GPU.
 */
class GpuFallbackTest {
    static final VectorMatrix BASE = TestData.clustered(600, 8, 6, 21);
    static final IndexParams GRAPH =
            IndexParams.defaults().withEngine(EngineKind.GPU_GRAPH).withM(6);

    @AfterEach
    void uninstall() {
        for (int o = 900; o < 905; o++) {
            Gpus.install(o, null);
        }
    }

    private static String noGpuReason() {
        try {
            Gpus.open(0);
            return null;
        } catch (GpuUnavailableException e) {
            return e.getMessage();
        }
    }

    @Test
    void requiredWithoutAGpuFailsBeforeAnyWorkWithOneLine() {
        String reason = noGpuReason();
        assumeTrue(reason != null, "this machine has a usable GPU");
        AtomicInteger progress = new AtomicInteger();
        GpuUnavailableException e = assertThrows(
                GpuUnavailableException.class,
                () -> AnnIndex.build(
                        BASE, GRAPH, 1, (p, d, t) -> progress.incrementAndGet(), DeviceChoice.of(GpuMode.REQUIRED, 0)));
        assertEquals("gpu required for build of engine gpu_graph: " + reason, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(0, progress.get(), "no work before the failure");
        assertTrue(
                reason.startsWith("no usable NVIDIA driver")
                        || reason.startsWith("no CUDA device")
                        || reason.startsWith("CUDA driver")
                        || reason.startsWith("PTX"),
                reason);
        if (reason.startsWith("no usable NVIDIA driver")) {
            // Another device opened later keeps the telling first reason, not "Could not initialize class".
            GpuUnavailableException other = assertThrows(GpuUnavailableException.class, () -> Gpus.open(77));
            assertEquals(reason, other.getMessage());
            assertTrue(reason.contains("UnsatisfiedLinkError"), reason);
        }
    }

    @Test
    void autoWithoutAGpuBuildsTheCpuEngineOfTheSameFamily() {
        assumeTrue(noGpuReason() != null, "this machine has a usable GPU");
        AnnIndex g = AnnIndex.build(BASE, GRAPH, 1, ProgressListener.NONE, DeviceChoice.of(GpuMode.AUTO, 0));
        assertEquals(EngineKind.HNSW, g.engine());
        assertEquals("cpu", g.builtOn());
        assertEquals(
                EngineKind.IVF_FLAT,
                AnnIndex.build(
                                BASE,
                                GRAPH.withEngine(EngineKind.GPU_IVF_FLAT).withNlist(8),
                                1,
                                ProgressListener.NONE,
                                DeviceChoice.of(GpuMode.AUTO, 0))
                        .engine());
        assertEquals(
                EngineKind.FLAT,
                AnnIndex.build(BASE, GRAPH.withEngine(EngineKind.GPU_FLAT), 1, ProgressListener.NONE)
                        .engine(),
                "the 4-argument build means gpu auto on device 0");
        assertEquals(
                EngineKind.FLAT,
                AnnIndex.build(
                                BASE,
                                GRAPH.withEngine(EngineKind.GPU_FLAT),
                                1,
                                ProgressListener.NONE,
                                DeviceChoice.cpu())
                        .engine(),
                "gpu off builds the CPU engine");
    }

    @Test
    void notEnoughDeviceMemoryIsAReasonBeforeAnyWork() {
        Gpus.install(900, new ReferenceBackend(10_000));
        GpuUnavailableException e = assertThrows(
                GpuUnavailableException.class,
                () -> AnnIndex.build(BASE, GRAPH, 1, ProgressListener.NONE, DeviceChoice.of(GpuMode.REQUIRED, 900)));
        assertTrue(
                e.getMessage()
                        .matches("gpu required for build of engine gpu_graph: not enough device memory on "
                                + "reference-kernels \\(cpu\\): needed \\d+ bytes, free 10000 bytes"),
                e.getMessage());
        AnnIndex fallback = AnnIndex.build(BASE, GRAPH, 1, ProgressListener.NONE, DeviceChoice.of(GpuMode.AUTO, 900));
        assertEquals(EngineKind.HNSW, fallback.engine());
    }

    @Test
    void runningOutOfDeviceMemoryMidBuildFailsCleanlyOrFallsBack() {
        // Reports plenty free but holds 40 KB: the pre-flight check passes, the k-NN graph tiles do not fit.
        ReferenceBackend be = new ReferenceBackend(40_000, 1 << 24);
        Gpus.install(901, be);
        DeviceMemoryException e = assertThrows(
                DeviceMemoryException.class,
                () -> AnnIndex.build(BASE, GRAPH, 1, ProgressListener.NONE, DeviceChoice.of(GpuMode.REQUIRED, 901)));
        assertTrue(
                e.getMessage()
                        .startsWith("not enough device memory on reference-kernels (cpu) for build of engine "
                                + "gpu_graph (not enough device memory on reference-kernels (cpu) for "),
                e.getMessage());
        assertEquals(0, be.allocatedBytes(), "nothing left allocated");
        AnnIndex auto = AnnIndex.build(BASE, GRAPH, 1, ProgressListener.NONE, DeviceChoice.of(GpuMode.AUTO, 901));
        assertEquals(EngineKind.HNSW, auto.engine());
        assertEquals("cpu", auto.builtOn());
    }

    @Test
    void publicPathBuildsAndSearchesOnAnInstalledDevice() {
        Gpus.install(902, new ReferenceBackend(1 << 24));
        AnnIndex g = AnnIndex.build(BASE, GRAPH, 1, ProgressListener.NONE, DeviceChoice.of(GpuMode.REQUIRED, 902));
        assertEquals(EngineKind.GPU_GRAPH, g.engine());
        assertEquals(ReferenceBackend.DEVICE_NAME, g.builtOn());
        VectorMatrix q = TestData.queries(BASE, 20, 3);
        SearchResults r = g.searcher(DeviceChoice.of(GpuMode.REQUIRED, 902)).search(q, 5, SearchParams.defaults());
        assertEquals(20, r.queryCount());
        assertTrue(r.ids()[0] >= 0);
        // k-means on the device through the public API
        assertEquals(
                6,
                KMeans.train(
                                BASE,
                                new KMeansParams(6, 5, 10_000, 1L),
                                1,
                                ProgressListener.NONE,
                                DeviceChoice.of(GpuMode.REQUIRED, 902))
                        .k());
    }

    @Test
    void exactKnnOnTheDeviceEqualsTheCpuSearch() {
        Gpus.install(902, new ReferenceBackend(1 << 24));
        VectorMatrix q = TestData.queries(BASE, 25, 5);
        for (dev.sweeplake.ann.Metric m : Metric.values()) {
            SearchResults cpu = ExactKnn.search(BASE, q, 7, m, 1, ProgressListener.NONE);
            SearchResults gpu =
                    ExactKnn.search(BASE, q, 7, m, 1, ProgressListener.NONE, DeviceChoice.of(GpuMode.REQUIRED, 902));
            assertArrayEquals(cpu.ids(), gpu.ids(), m.name());
        }
        assertEquals(
                "query dimension must be 8, actual 3",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExactKnn.search(
                                        BASE,
                                        VectorMatrix.withRowIds(new float[3], 3),
                                        1,
                                        Metric.L2,
                                        1,
                                        ProgressListener.NONE,
                                        DeviceChoice.of(GpuMode.REQUIRED, 902)))
                        .getMessage());
        assertEquals(
                "k must be in [1, 600], actual 601",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExactKnn.search(
                                        BASE,
                                        q,
                                        601,
                                        Metric.L2,
                                        1,
                                        ProgressListener.NONE,
                                        DeviceChoice.of(GpuMode.REQUIRED, 902)))
                        .getMessage());
    }

    @Test
    void aGpuGraphShardIsWrittenAndReadThroughTheShardFormat(@TempDir Path dir) {
        Gpus.install(902, new ReferenceBackend(1 << 24));
        AnnIndex g = AnnIndex.build(BASE, GRAPH, 1, ProgressListener.NONE, DeviceChoice.of(GpuMode.REQUIRED, 902));
        ShardManifest m = ShardFiles.write(g, new LocalShardStorage(dir));
        assertEquals(EngineKind.GPU_GRAPH, m.engine());
        AnnIndex read = ShardFiles.read(new LocalShardStorage(dir));
        VectorMatrix q = TestData.queries(BASE, 10, 6);
        assertArrayEquals(
                g.searcher().search(q, 5, SearchParams.defaults()).ids(),
                read.searcher().search(q, 5, SearchParams.defaults()).ids());
    }

    @Test
    void badInputIsRefusedByGpuSearchersAsOnTheCpu() {
        Gpus.install(903, new ReferenceBackend(1 << 24));
        DeviceChoice gpu = DeviceChoice.of(GpuMode.REQUIRED, 903);
        AnnIndex flat = AnnIndex.build(BASE, GRAPH.withEngine(EngineKind.GPU_FLAT), 1, ProgressListener.NONE, gpu);
        AnnSearcher s = flat.searcher(gpu);
        IllegalArgumentException dim =
                assertThrows(IllegalArgumentException.class, () -> s.search(new float[7], 3, SearchParams.defaults()));
        assertEquals("query dimension must be 8, actual 7", dim.getMessage());
        float[] nan = new float[8];
        nan[3] = Float.NaN;
        IllegalArgumentException finite =
                assertThrows(IllegalArgumentException.class, () -> s.search(nan, 3, SearchParams.defaults()));
        assertEquals("query row 0 column 3 must be finite, actual NaN", finite.getMessage());
        IllegalArgumentException k = assertThrows(
                IllegalArgumentException.class, () -> s.search(new float[8], 601, SearchParams.defaults()));
        assertEquals("k must be in [1, 600], actual 601", k.getMessage());
        IllegalArgumentException nanBase =
                assertThrows(IllegalArgumentException.class, () -> VectorMatrix.of(nan, 8, new long[] {1}));
        assertEquals("vector row 0 column 3 must be finite, actual NaN", nanBase.getMessage());
        IllegalArgumentException pca = assertThrows(
                IllegalArgumentException.class,
                () -> AnnIndex.build(BASE, GRAPH.withReducedDimension(4), 1, ProgressListener.NONE, gpu));
        assertEquals(
                "reducedDimension must be 0 for engine GPU_GRAPH (PCA traversal is an HNSW option), actual 4",
                pca.getMessage());
    }

    @Test
    void searchesBeyondTheKernelLimitsRunOnTheCpuUnderAutoAndFailUnderRequired() {
        Gpus.install(904, new ReferenceBackend(1 << 24));
        AnnIndex g = AnnIndex.build(BASE, GRAPH, 1, ProgressListener.NONE, DeviceChoice.of(GpuMode.REQUIRED, 904));
        VectorMatrix q = TestData.queries(BASE, 5, 4);
        SearchParams big = SearchParams.defaults().withEf(600);
        SearchResults auto = g.searcher(DeviceChoice.of(GpuMode.AUTO, 904)).search(q, 10, big);
        assertArrayEquals(g.searcher().search(q, 10, big).ids(), auto.ids());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> g.searcher(DeviceChoice.of(GpuMode.REQUIRED, 904)).search(q, 10, big));
        assertTrue(e.getMessage().startsWith("gpu graph search needs max(ef, k) <= 512"), e.getMessage());
        GpuUnavailableException hnsw = assertThrows(
                GpuUnavailableException.class,
                () -> AnnIndex.build(BASE, GRAPH.withEngine(EngineKind.HNSW), 1, ProgressListener.NONE)
                        .searcher(DeviceChoice.of(GpuMode.REQUIRED, 904)));
        assertEquals("gpu required for search of engine hnsw: engine hnsw has no GPU search", hnsw.getMessage());
    }
}
