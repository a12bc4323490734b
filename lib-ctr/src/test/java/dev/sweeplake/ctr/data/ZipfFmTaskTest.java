package dev.sweeplake.ctr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipfFmTaskTest {

    @Test
    void seededStandInIsDeterministicSkewedAndRoundTripsThroughCsv(@TempDir Path dir) {
        ZipfFmTask a = ZipfFmTask.generate(ZipfFmTask.standIn(), 3000, 500, 500, 16);
        ZipfFmTask b = ZipfFmTask.generate(ZipfFmTask.standIn(), 3000, 500, 500, 16);
        assertArrayEquals((String[]) a.splits().train().column(1), (String[])
                b.splits().train().column(1));
        assertArrayEquals(a.splits().test().labels(), b.splits().test().labels());
        assertEquals(a.bayesTestAuc(), b.bayesTestAuc(), 0.0);
        assertEquals(10, a.splits().train().schema().size());
        // Zipf-like: the most frequent item value is far more common than the median one
        Map<String, Integer> counts = new HashMap<>();
        for (String v : (String[]) a.splits().train().column(1)) {
            counts.merge(v, 1, Integer::sum);
        }
        assertTrue(counts.getOrDefault("v0", 0) > 100, "v0 of the 4000-value field: " + counts.get("v0"));
        assertTrue(counts.size() > 500, "many distinct item values: " + counts.size());
        assertTrue(a.bayesTestAuc() > 0.85 && a.bayesTestAuc() < 1, "planted signal: " + a.bayesTestAuc());

        a.writeCsv(dir);
        Schema schema = a.splits().train().schema();
        RawTable back = CsvTableReader.defaults().read(dir.resolve("valid.csv"), schema);
        assertArrayEquals(a.splits().valid().labels(), back.labels());
        for (int f = 0; f < schema.size(); f++) {
            assertArrayEquals((String[]) a.splits().valid().column(f), (String[]) back.column(f));
        }
    }

    @Test
    void badParametersAreRefusedWithTheParameterAndValue() {
        assertEquals(
                "cardinalities[1] must be in [2, 16777216], got 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ZipfFmTask.Params(List.of(5, 1), 1.0, 2, 0.1, 0.1, 0))
                        .getMessage());
        assertEquals(
                "cardinalities must name 2..64 fields, got 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ZipfFmTask.Params(List.of(5), 1.0, 2, 0.1, 0.1, 0))
                        .getMessage());
        assertEquals(
                "zipfExponent must be in [0, 4], got -1.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ZipfFmTask.Params(List.of(5, 5), -1, 2, 0.1, 0.1, 0))
                        .getMessage());
        assertEquals(
                "rank must be in [1, 64], got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ZipfFmTask.Params(List.of(5, 5), 1, 0, 0.1, 0.1, 0))
                        .getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> new ZipfFmTask.Params(List.of(5, 5), 1, 2, -0.1, 0.1, 0))
                .getMessage()
                .contains("-0.1"));
        assertEquals(
                "row counts must be >= 1, got train 0, valid 1, test 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ZipfFmTask.generate(ZipfFmTask.standIn(), 0, 1, 1, 1))
                        .getMessage());
    }
}
