package dev.sweeplake.ann.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** A record with an array component compares, hashes and prints by the array's content. */
class CsvSpecTest {
    @Test
    void equalByContent() {
        CsvSpec a = CsvSpec.defaults().withIgnoredColumns(3, 1);
        CsvSpec b = CsvSpec.defaults().withIgnoredColumns(1, 3);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("CsvSpec[delimiter=',', headerLines=0, idColumn=-1, ignoredColumns=[1, 3]]", a.toString());
        assertNotEquals(a, CsvSpec.defaults().withIgnoredColumns(1));
        assertNotEquals(a, a.withDelimiter('\t'));
    }
}
