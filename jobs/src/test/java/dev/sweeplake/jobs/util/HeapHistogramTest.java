package dev.sweeplake.jobs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapHistogramTest {
    private static final String BEFORE = String.join(
            "\n",
            " num     #instances         #bytes  class name (module)",
            "-------------------------------------------------------",
            "   1:          1000        4000000  [I (java.base@17.0.1)",
            "   2:           500          12000  java.lang.String (java.base@17.0.1)",
            "   3:            10           1000  dev.Foo",
            "Total          1510        4013000");
    private static final String AFTER = String.join(
            "\n",
            " num     #instances         #bytes  class name (module)",
            "   1:          1200       16000000  [I (java.base@17.0.1)",
            "   2:           400          10000  java.lang.String (java.base@17.0.1)",
            "   3:            30           3000  dev.Foo",
            "   4:             1        2000000  [F (java.base@17.0.1)",
            "Total          1631       18013000");

    @Test
    void parsesTheCommandsLinesAndSkipsTheRest() {
        HeapHistogram h = HeapHistogram.parse(BEFORE);
        assertEquals(3, h.bytes().size());
        assertEquals(4_000_000L, h.bytes().get("[I (java.base@17.0.1)"));
        assertEquals(500L, h.counts().get("java.lang.String (java.base@17.0.1)"));
        assertEquals(4_013_000L, h.totalBytes());
    }

    @Test
    void grownSinceListsGrowthLargestFirstWithoutShrunkClasses() {
        List<String> grown = HeapHistogram.parse(AFTER).grownSince(HeapHistogram.parse(BEFORE), 10);
        assertEquals(
                List.of(
                        "+12.0 MB (+200 instances) [I (java.base@17.0.1)",
                        "+2.0 MB (+1 instances) [F (java.base@17.0.1)",
                        "+0.0 MB (+20 instances) dev.Foo"),
                grown);
        assertEquals(
                1,
                HeapHistogram.parse(AFTER)
                        .grownSince(HeapHistogram.parse(BEFORE), 1)
                        .size());
    }

    @Test
    void takesALiveHistogramOfThisJvm() {
        long[] held = new long[1 << 20]; // 8 MB of long[] live while the histogram is taken
        HeapHistogram h = HeapHistogram.take();
        assertNotNull(h, "HotSpot offers GC.class_histogram");
        assertTrue(
                h.bytes().entrySet().stream().anyMatch(e -> e.getKey().startsWith("[J") && e.getValue() >= 8L << 20),
                "long[] bytes in "
                        + h.bytes().keySet().stream()
                                .filter(k -> k.startsWith("[J"))
                                .toList());
        assertEquals(1 << 20, held.length);
    }
}
