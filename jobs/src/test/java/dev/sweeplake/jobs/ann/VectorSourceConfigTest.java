package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV inputs name their id column by 0-based index; a column name is refused in the config, not deep in the reader. */
public class VectorSourceConfigTest {
    /** The accepted input formats (for the README check). */
    public static java.util.List<String> formats() {
        return VectorSourceConfig.FORMATS;
    }

    private static VectorSourceConfig csv(String idColumn) {
        return new VectorSourceConfig("csv", "v.csv", idColumn, "vector", 0, -1, 1, List.of(), 1, 0.0, 42L);
    }

    @Test
    void csvIdColumnByNameIsRefusedWithTheKey() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> csv("doc_id"));
        assertEquals("id_column", e.key());
        assertEquals(
                "expected for format csv a 0-based column index (e.g. '0'), or '' or 'id' to number the rows, "
                        + "got 'doc_id'",
                e.getMessage());
        assertEquals(
                "expected for format csv a 0-based column index (e.g. '0'), or '' or 'id' to number the rows, "
                        + "got '-2'",
                assertThrows(InvalidValueException.class, () -> csv("-2")).getMessage());
    }

    @Test
    void csvIdColumnIndexOrRowNumbersAreAccepted() {
        assertEquals(3, csv(" 3 ").csvIdColumnIndex());
        assertEquals(-1, csv("").csvIdColumnIndex());
        assertEquals(-1, csv("id").csvIdColumnIndex());
        assertEquals(-1, csv(null).csvIdColumnIndex());
    }
}
