package dev.sweeplake.ann.io;

import dev.sweeplake.ann.internal.Checks;
import java.util.Arrays;

/**
 * How to read a CSV/TSV file of vectors. Immutable, thread-safe.
 *
 * @param delimiter      ',' or '\t' (any single character)
 * @param headerLines    lines to skip at the top, at least 0
 * @param idColumn       0-based column holding a long id, or -1 to number the rows
 * @param ignoredColumns 0-based columns that are not part of the vector (e.g. a label); sorted copy kept
 */
public record CsvSpec(char delimiter, int headerLines, int idColumn, int[] ignoredColumns) {
    public CsvSpec {
        Checks.atLeast("headerLines", headerLines, 0);
        Checks.atLeast("idColumn", idColumn, -1);
        ignoredColumns = ignoredColumns == null ? new int[0] : ignoredColumns.clone();
        Arrays.sort(ignoredColumns);
    }

    /** Comma-separated, no header, row numbers as ids, every column a value. */
    public static CsvSpec defaults() {
        return new CsvSpec(',', 0, -1, new int[0]);
    }

    public CsvSpec withDelimiter(char v) {
        return new CsvSpec(v, headerLines, idColumn, ignoredColumns);
    }

    public CsvSpec withHeaderLines(int v) {
        return new CsvSpec(delimiter, v, idColumn, ignoredColumns);
    }

    public CsvSpec withIdColumn(int v) {
        return new CsvSpec(delimiter, headerLines, v, ignoredColumns);
    }

    public CsvSpec withIgnoredColumns(int... v) {
        return new CsvSpec(delimiter, headerLines, idColumn, v);
    }

    @Override
    public int[] ignoredColumns() {
        return ignoredColumns.clone();
    }

    /** By content (a record's generated equals would compare the array by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof CsvSpec c
                && c.delimiter == delimiter
                && c.headerLines == headerLines
                && c.idColumn == idColumn
                && Arrays.equals(c.ignoredColumns, ignoredColumns);
    }

    @Override
    public int hashCode() {
        return ((Character.hashCode(delimiter) * 31 + headerLines) * 31 + idColumn) * 31
                + Arrays.hashCode(ignoredColumns);
    }

    @Override
    public String toString() {
        return "CsvSpec[delimiter='" + delimiter + "', headerLines=" + headerLines + ", idColumn=" + idColumn
                + ", ignoredColumns=" + Arrays.toString(ignoredColumns) + "]";
    }
}
