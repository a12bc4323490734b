package dev.sweeplake.jobs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeapFootprintTest {
    private static final long MB = 1 << 20;

    @Test
    void humongousArraysTakeWholeRegions() {
        long region = 8 * MB;
        // a 1M-row int column (4,000,016 bytes) is below half a region: its own bytes
        assertEquals(4_000_016L, HeapFootprint.array(4_000_016L, region));
        // a 3M-row column (12,000,016 bytes) takes two 8 MB regions
        assertEquals(2 * region, HeapFootprint.array(12_000_016L, region));
        // a 10M-row column (40,000,016 bytes) takes five
        assertEquals(5 * region, HeapFootprint.array(40_000_016L, region));
        assertEquals(region, HeapFootprint.array(region / 2, region));
        assertEquals(region, HeapFootprint.array(region, region));
    }

    @Test
    void array4CountsHeaderElementsAndPadding() {
        assertEquals(HeapFootprint.array(16L), HeapFootprint.array4(0));
        assertEquals(HeapFootprint.array(24L), HeapFootprint.array4(1));
        assertEquals(HeapFootprint.array(12_000_016L), HeapFootprint.array4(3_000_000));
    }

    @Test
    void withoutG1RegionsTheBytesThemselves() {
        assertEquals(12_000_016L, HeapFootprint.array(12_000_016L, 0));
        long r = HeapFootprint.regionBytes();
        assertTrue(r == 0 || Long.bitCount(r) == 1, "a power of two or none: " + r);
        assertTrue(HeapFootprint.array(12_000_016L) >= 12_000_016L);
    }
}
