package dev.sweeplake.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TopKAndRecallTest {

    @Test
    void mergeSkipsPaddingAndDeduplicates() {
        SearchResults a = new SearchResults(
                1, 3, new long[] {5, 9, SearchResults.NO_ID}, new float[] {0.5f, 2f, Float.POSITIVE_INFINITY});
        SearchResults b = new SearchResults(1, 3, new long[] {9, 4, 7}, new float[] {1f, 1.5f, 3f});
        SearchResults m = TopK.merge(a, b, 3);
        assertArrayEquals(new long[] {5, 9, 4}, m.ids());
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f}, m.distances());
    }

    @Test
    void mergePadsWhenTooFewCandidates() {
        SearchResults a = new SearchResults(1, 1, new long[] {3}, new float[] {1f});
        SearchResults m = TopK.merge(List.of(a), 2);
        assertArrayEquals(new long[] {3, SearchResults.NO_ID}, m.ids());
    }

    /** Merging random partitions equals sorting everything (reference), whatever the split. */
    @Property(tries = 100, seed = "4242")
    void mergeEqualsGlobalSort(
            @ForAll @LongRange(min = 0, max = 10_000) long seed,
            @ForAll @IntRange(min = 1, max = 5) int parts,
            @ForAll @IntRange(min = 1, max = 12) int k) {
        Random rnd = new Random(seed);
        int n = 30;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = rnd.nextInt(20);
        }
        SearchResults[] p = new SearchResults[parts];
        for (int j = 0; j < parts; j++) {
            SearchResults r = SearchResults.empty(1, n);
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (i % parts == j) {
                    r.ids()[c] = i;
                    r.distances()[c] = d[i];
                    c++;
                }
            }
            p[j] = r;
        }
        SearchResults m = TopK.merge(Arrays.asList(p), k);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> d[x] != d[y] ? Float.compare(d[x], d[y]) : Integer.compare(x, y));
        for (int i = 0; i < Math.min(k, n); i++) {
            assertEquals(order[i].longValue(), m.id(0, i));
        }
    }

    @Test
    void recallOfHandMadeCase() {
        SearchResults truth = new SearchResults(2, 2, new long[] {1, 2, 3, 4}, new float[4]);
        SearchResults approx = new SearchResults(2, 2, new long[] {2, 9, SearchResults.NO_ID, 3}, new float[4]);
        assertEquals(0.5, Recall.recallAtK(truth, approx, 2), 1e-12);
        assertEquals(0.0, Recall.recallAtK(truth, approx, 1), 1e-12);
        assertEquals(
                "k must be in [1, 2], actual 3",
                assertThrows(IllegalArgumentException.class, () -> Recall.recallAtK(truth, approx, 3))
                        .getMessage());
    }
}
