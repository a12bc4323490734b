package dev.sweeplake.jobs.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BundledDataTest {
    @Test
    void digitsShipInTheJar() {
        BundledData.LabelledVectors d = BundledData.digits();
        assertEquals(1797, d.vectors().length);
        assertEquals(64, d.dim());
        assertEquals(0, d.labels()[0]);
        int[] perClass = new int[10];
        for (int l : d.labels()) {
            perClass[l]++;
        }
        assertEquals(178, perClass[0]);
    }

    @Test
    void aShortRowIsNamedByLine() {
        String csv = "0,".repeat(64) + "3\n" + "1,2,3\n";
        String m = assertThrows(
                        IllegalArgumentException.class,
                        () -> BundledData.parseDigits(
                                new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)), "x.csv"))
                .getMessage();
        assertEquals("x.csv line 2: expected 65 values, got 3", m);
    }
}
