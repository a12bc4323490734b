package dev.sweeplake.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExactKnnTest {
    private static final VectorMatrix BASE = TestData.clustered(1003, 37, 10, 7);
    private static final VectorMatrix QUERIES = TestData.queries(BASE, 41, 8);

    @ParameterizedTest
    @EnumSource(Metric.class)
    void matchesNaiveReference(Metric metric) {
        SearchResults r = ExactKnn.search(BASE, QUERIES, 10, metric, 1, ProgressListener.NONE);
        long[][] naive = TestData.naiveKnn(BASE, QUERIES, 10, metric);
        // Float vs double rounding may swap near-ties; the sets must still agree almost perfectly.
        assertTrue(TestData.recall(naive, r, 10) >= 0.995, "recall vs naive " + TestData.recall(naive, r, 10));
        for (int q = 0; q < QUERIES.size(); q++) {
            for (int i = 1; i < 10; i++) {
                assertTrue(r.distance(q, i - 1) <= r.distance(q, i), "sorted");
            }
            double ref = TestData.naiveDistance(QUERIES.row(q), BASE.row(indexOf(r.id(q, 0))), metric);
            assertEquals(ref, r.distance(q, 0), 1e-3 * (1 + Math.abs(ref)));
        }
    }

    private static int indexOf(long id) {
        return (int) ((id - 1000) / 7);
    }

    @Test
    void threadsGiveIdenticalResults() {
        SearchResults one = ExactKnn.search(BASE, QUERIES, 7, Metric.L2, 1, ProgressListener.NONE);
        SearchResults three = ExactKnn.search(BASE, QUERIES, 7, Metric.L2, 3, ProgressListener.NONE);
        assertArrayEquals(one.ids(), three.ids());
        assertArrayEquals(one.distances(), three.distances());
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void slicesMergeToTheGlobalResult(Metric metric) {
        SearchResults full = ExactKnn.search(BASE, QUERIES, 10, metric, 2, ProgressListener.NONE);
        SearchResults a = ExactKnn.searchSlice(BASE, 0, 5, QUERIES, 10, metric, 1, ProgressListener.NONE);
        SearchResults b = ExactKnn.searchSlice(BASE, 5, 600, QUERIES, 10, metric, 1, ProgressListener.NONE);
        SearchResults c = ExactKnn.searchSlice(BASE, 600, BASE.size(), QUERIES, 10, metric, 1, ProgressListener.NONE);
        assertEquals(SearchResults.NO_ID, a.id(0, 9), "a 5-row slice pads ranks 5..9");
        SearchResults merged = TopK.merge(List.of(c, a, b), 10);
        assertArrayEquals(full.ids(), merged.ids());
        assertArrayEquals(full.distances(), merged.distances());
    }

    @Test
    void knownAnswers() {
        float[] line = new float[20 * 2];
        long[] ids = new long[20];
        for (int i = 0; i < 20; i++) {
            line[2 * i] = i;
            ids[i] = 500 - i;
        }
        VectorMatrix base = VectorMatrix.of(line, 2, ids);
        SearchResults r = ExactKnn.search(
                base, VectorMatrix.withRowIds(new float[] {3.2f, 0f}, 2), 3, Metric.L2, 1, ProgressListener.NONE);
        assertArrayEquals(new long[] {497, 496, 498}, r.ids());
        assertEquals(0.04f, r.distance(0, 0), 1e-5);
        assertEquals(0.64f, r.distance(0, 1), 1e-5);
        assertEquals(1.44f, r.distance(0, 2), 1e-5);
    }

    @Test
    void progressReachesTotal() {
        long[] last = new long[2];
        ExactKnn.search(BASE, QUERIES, 5, Metric.L2, 2, (phase, done, total) -> {
            synchronized (last) {
                last[0] = Math.max(last[0], done);
                last[1] = total;
            }
        });
        assertEquals(QUERIES.size(), last[0]);
        assertEquals(QUERIES.size(), last[1]);
    }

    @Test
    void invalidArgumentsNameTheParameter() {
        assertEquals(
                "k must be in [1, 1003], actual 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExactKnn.search(BASE, QUERIES, 0, Metric.L2, 1, ProgressListener.NONE))
                        .getMessage());
        assertEquals(
                "k must be in [1, 1003], actual 1004",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExactKnn.search(BASE, QUERIES, 1004, Metric.L2, 1, ProgressListener.NONE))
                        .getMessage());
        assertEquals(
                "query dimension must be 37, actual 36",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExactKnn.search(
                                        BASE,
                                        VectorMatrix.withRowIds(new float[36], 36),
                                        1,
                                        Metric.L2,
                                        1,
                                        ProgressListener.NONE))
                        .getMessage());
        assertEquals(
                "base vector count must be >= 1, actual 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExactKnn.search(
                                        VectorMatrix.withRowIds(new float[0], 37),
                                        QUERIES,
                                        1,
                                        Metric.L2,
                                        1,
                                        ProgressListener.NONE))
                        .getMessage());
        assertEquals(
                "threads must be >= 1, actual 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExactKnn.search(BASE, QUERIES, 1, Metric.L2, 0, ProgressListener.NONE))
                        .getMessage());
    }
}
