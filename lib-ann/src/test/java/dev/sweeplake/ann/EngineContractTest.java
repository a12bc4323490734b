package dev.sweeplake.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every engine passes: recall@10 against exact search above a stated bar on seeded data and on UCI
 * digits, a constructed case with known answers, write -> read -> identical results, and exact messages for invalid
 * input.
 */
class EngineContractTest {
    private static final VectorMatrix BASE = TestData.clustered(2000, 32, 20, 99);
    private static final VectorMatrix QUERIES = TestData.queries(BASE, 100, 100);
    private static final ConcurrentHashMap<String, AnnIndex> BUILT = new ConcurrentHashMap<>();

    /** name, build params, search params, recall bar on seeded data, recall bar on digits. */
    static Stream<Arguments> engines() {
        IndexParams d = IndexParams.defaults()
                .withM(12)
                .withEfConstruction(80)
                .withNlist(16)
                .withPqSubspaces(8);
        SearchParams s = SearchParams.defaults().withEf(64).withNprobe(6).withRerank(50);
        return Stream.of(
                Arguments.of("flat", d.withEngine(EngineKind.FLAT), s, 0.999, 0.999),
                Arguments.of("hnsw", d.withEngine(EngineKind.HNSW), s, 0.97, 0.97),
                Arguments.of("hnsw-pca", d.withEngine(EngineKind.HNSW).withReducedDimension(16), s, 0.95, 0.95),
                Arguments.of("ivf-flat", d.withEngine(EngineKind.IVF_FLAT), s, 0.97, 0.97),
                Arguments.of(
                        "ivf-pq-sq8", d.withEngine(EngineKind.IVF_PQ).withRerankStore(RerankStore.SQ8), s, 0.95, 0.95),
                Arguments.of(
                        "ivf-pq-float",
                        d.withEngine(EngineKind.IVF_PQ).withRerankStore(RerankStore.FLOAT),
                        s,
                        0.95,
                        0.95),
                Arguments.of(
                        "ivf-pq-none",
                        d.withEngine(EngineKind.IVF_PQ).withRerankStore(RerankStore.NONE),
                        s.withRerank(0),
                        0.50,
                        0.70));
    }

    private static AnnIndex built(String name, IndexParams p) {
        return BUILT.computeIfAbsent(name, n -> AnnIndex.build(BASE, p, 2, ProgressListener.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void recallOnSeededData(String name, IndexParams p, SearchParams s, double bar, double digitsBar) {
        AnnIndex index = built(name, p);
        SearchResults truth = ExactKnn.search(BASE, QUERIES, 10, p.metric(), 2, ProgressListener.NONE);
        SearchResults got = index.searcher().search(QUERIES, 10, s);
        double recall = Recall.recallAtK(truth, got, 10);
        System.out.printf("contract %s seeded recall@10 %.4f (bar %.2f)%n", name, recall, bar);
        assertTrue(recall >= bar, name + " recall@10 " + recall + " >= " + bar);
        assertEquals(BASE.size(), index.size());
        assertTrue(index.bytes() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void recallOnDigits(String name, IndexParams p, SearchParams s, double bar, double digitsBar) {
        VectorMatrix all = TestData.digits();
        VectorMatrix base = all.slice(0, 1597);
        VectorMatrix queries =
                VectorMatrix.withRowIds(all.slice(1597, all.size()).data(), all.dimension());
        AnnIndex index = AnnIndex.build(base, p, 2, ProgressListener.NONE);
        SearchResults truth = ExactKnn.search(base, queries, 10, p.metric(), 2, ProgressListener.NONE);
        double recall = Recall.recallAtK(truth, index.searcher().search(queries, 10, s), 10);
        System.out.printf("contract %s digits recall@10 %.4f (bar %.2f)%n", name, recall, digitsBar);
        assertTrue(recall >= digitsBar, name + " digits recall@10 " + recall + " >= " + digitsBar);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void knownAnswers(String name, IndexParams p, SearchParams s, double bar, double digitsBar) {
        // 256 points on a line at integer positions (exact under 8-bit scalar quantization), ids 10000 - i.
        int n = 256;
        int dim = 8;
        float[] data = new float[n * dim];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            data[i * dim] = i;
            data[i * dim + 1] = (i % 2) * 0.0f;
            ids[i] = 10_000 - i;
        }
        IndexParams small = p.withNlist(4).withPqSubspaces(4).withReducedDimension(p.reducedDimension() > 0 ? 2 : 0);
        AnnIndex index = AnnIndex.build(VectorMatrix.of(data, dim, ids), small, 1, ProgressListener.NONE);
        float[] q = new float[dim];
        q[0] = 100.2f;
        SearchParams wide = s.withNprobe(4).withEf(100).withRerank(s.rerank() == 0 ? 0 : 100);
        SearchResults r = index.searcher().search(q, 4, wide);
        assertArrayEquals(new long[] {9900, 9899, 9901, 9898}, r.ids(), name);
        if (s.rerank() > 0 || p.engine() != EngineKind.IVF_PQ) {
            assertArrayEquals(new float[] {0.04f, 0.64f, 1.44f, 3.24f}, r.distances(), 1e-3f, name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void writeReadGivesIdenticalResults(String name, IndexParams p, SearchParams s, double bar, double digitsBar) {
        AnnIndex index = built(name, p);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        index.write(out);
        assertEquals(index.bytes(), out.size(), "bytes() is the file size");
        AnnIndex back = AnnIndex.read(new ByteArrayInputStream(out.toByteArray()), name);
        assertEquals(index.params(), back.params());
        assertEquals(index.dimension(), back.dimension());
        SearchResults a = index.searcher().search(QUERIES, 10, s);
        SearchResults b = back.searcher().search(QUERIES, 10, s);
        assertArrayEquals(a.ids(), b.ids(), name);
        assertArrayEquals(a.distances(), b.distances(), name);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        back.write(again);
        assertArrayEquals(out.toByteArray(), again.toByteArray(), "re-written file is byte-identical");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void corruptFilesAreRefused(String name, IndexParams p, SearchParams s, double bar, double digitsBar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        built(name, p).write(out);
        byte[] bytes = out.toByteArray();
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        String msg = assertThrows(
                        IndexFormatException.class, () -> AnnIndex.read(new ByteArrayInputStream(flipped), "x.bin"))
                .getMessage();
        assertTrue(msg.startsWith("index file x.bin: checksum (crc32c) must be 0x"), msg);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertTrue(assertThrows(
                        IndexFormatException.class, () -> AnnIndex.read(new ByteArrayInputStream(truncated), "x.bin"))
                .getMessage()
                .startsWith("index file x.bin: end magic must be 0x444E4541, actual 0x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void invalidInputGivesExactMessages(String name, IndexParams p, SearchParams s, double bar, double digitsBar) {
        AnnIndex index = built(name, p);
        AnnSearcher searcher = index.searcher();
        assertEquals(
                "k must be in [1, 2000], actual 0",
                assertThrows(IllegalArgumentException.class, () -> searcher.search(QUERIES, 0, s))
                        .getMessage());
        assertEquals(
                "k must be in [1, 2000], actual 2001",
                assertThrows(IllegalArgumentException.class, () -> searcher.search(QUERIES, 2001, s))
                        .getMessage());
        assertEquals(
                "query dimension must be 32, actual 31",
                assertThrows(IllegalArgumentException.class, () -> searcher.search(new float[31], 10, s))
                        .getMessage());
        float[] nan = new float[32];
        nan[3] = Float.NaN;
        assertEquals(
                "query row 0 column 3 must be finite, actual NaN",
                assertThrows(IllegalArgumentException.class, () -> searcher.search(nan, 10, s))
                        .getMessage());
        assertEquals(
                "base vector count must be >= 1, actual 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AnnIndex.build(
                                        VectorMatrix.withRowIds(new float[0], 32), p, 1, ProgressListener.NONE))
                        .getMessage());
        assertEquals(
                "ids must be unique, actual id 7 at rows 1 and 3",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AnnIndex.build(
                                        VectorMatrix.of(new float[4 * 32], 32, new long[] {1, 7, 2, 7}),
                                        p,
                                        1,
                                        ProgressListener.NONE))
                        .getMessage());
        float[] inf = new float[2 * 32];
        inf[32 + 5] = Float.POSITIVE_INFINITY;
        assertEquals(
                "vector row 1 column 5 must be finite, actual Infinity",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AnnIndex.build(VectorMatrix.withRowIds(inf, 32), p, 1, ProgressListener.NONE))
                        .getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void innerProductAndCosine(String name, IndexParams p, SearchParams s, double bar, double digitsBar) {
        VectorMatrix base = BASE.slice(0, 1000);
        for (Metric metric : new Metric[] {Metric.INNER_PRODUCT, Metric.COSINE}) {
            AnnIndex index = AnnIndex.build(base, p.withMetric(metric), 2, ProgressListener.NONE);
            SearchResults truth = ExactKnn.search(base, QUERIES, 10, metric, 1, ProgressListener.NONE);
            SearchResults got = index.searcher().search(QUERIES, 10, s);
            double recall = Recall.recallAtK(truth, got, 10);
            System.out.printf("contract %s %s recall@10 %.4f%n", name, metric, recall);
            // Inner product is harder for graphs and an L2 coarse quantizer: 0.1 below the L2 bar.
            assertTrue(recall >= bar - 0.1, name + " " + metric + " recall@10 " + recall);
            if (metric == Metric.COSINE && p.engine() != EngineKind.IVF_PQ) {
                long first = got.id(0, 0);
                int row = (int) ((first - 1000) / 7);
                double ref = TestData.naiveDistance(QUERIES.row(0), base.row(row), Metric.COSINE);
                assertEquals(ref, got.distance(0, 0), 1e-4, "cosine distance is 1 - cos");
            }
        }
    }

    @Test
    void singleThreadedHnswBuildIsDeterministic() {
        IndexParams p = IndexParams.defaults().withM(8).withEfConstruction(40);
        VectorMatrix base = BASE.slice(0, 500);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        AnnIndex.build(base, p, 1, ProgressListener.NONE).write(a);
        AnnIndex.build(base, p, 1, ProgressListener.NONE).write(b);
        assertArrayEquals(a.toByteArray(), b.toByteArray());
    }

    @Test
    void prepareKernelNamesTheKernelThatBuildsUseAndIsIdempotent() {
        String name = AnnIndex.prepareKernel();
        assertEquals(dev.sweeplake.ann.internal.vec.VectorKernels.get().name(), name);
        assertTrue(name.equals("scalar") || name.startsWith("panama-"), "kernel name " + name);
        assertEquals(name, AnnIndex.prepareKernel());
    }

    @Test
    void engineSpecificParametersAreCheckedAgainstTheData() {
        VectorMatrix tiny = BASE.slice(0, 10);
        assertEquals(
                "nlist must be in [1, 10], actual 16",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AnnIndex.build(
                                        tiny,
                                        IndexParams.defaults()
                                                .withEngine(EngineKind.IVF_FLAT)
                                                .withNlist(16),
                                        1,
                                        ProgressListener.NONE))
                        .getMessage());
        assertEquals(
                "reducedDimension must be in [1, 31], actual 32",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AnnIndex.build(
                                        tiny,
                                        IndexParams.defaults().withReducedDimension(32),
                                        1,
                                        ProgressListener.NONE))
                        .getMessage());
        assertEquals(
                "pqSubspaces must be in [1, 32], actual 33",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AnnIndex.build(
                                        tiny,
                                        IndexParams.defaults()
                                                .withEngine(EngineKind.IVF_PQ)
                                                .withNlist(2)
                                                .withPqSubspaces(33),
                                        1,
                                        ProgressListener.NONE))
                        .getMessage());
        assertEquals(
                "reducedDimension must be 0 for engine FLAT (PCA traversal is an HNSW option), actual 8",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AnnIndex.build(
                                        tiny,
                                        IndexParams.defaults()
                                                .withEngine(EngineKind.FLAT)
                                                .withReducedDimension(8),
                                        1,
                                        ProgressListener.NONE))
                        .getMessage());
        assertEquals(
                "m must be in [2, 256], actual 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> IndexParams.defaults().withM(1))
                        .getMessage());
        assertEquals(
                "ef must be in [1, 100000], actual 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> SearchParams.defaults().withEf(0))
                        .getMessage());
    }
}
