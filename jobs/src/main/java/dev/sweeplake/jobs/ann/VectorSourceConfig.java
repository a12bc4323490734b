package dev.sweeplake.jobs.ann;

import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.List;

/**
 * Where a vector set comes from. Table formats (Parquet, Delta) are read by Spark; file formats (CSV, fvecs, bvecs, IDX)
 * are read with lib-ann's checked readers on the driver and distributed. {@code {data_dir}} in {@code path} is replaced by
 * the job's data folder. Immutable.
 *
 * @param format        parquet, delta, csv, fvecs, bvecs, idx or arrow (an Arrow IPC file: id_column and a
 *                      FixedSizeList&lt;float32&gt; or List&lt;float32&gt; vector_column, read in row ranges by the executors)
 * @param path          file or table path (any Hadoop path for tables)
 * @param idColumn      tables: the id column (long/int); CSV: 0-based column index as text, or "" to number the rows
 * @param vectorColumn  tables: an {@code array<float>}, {@code array<double>} or ML {@code Vector} column
 * @param fromRow       file formats: first row used (0-based)
 * @param toRow         file formats: end row (exclusive), -1 = all
 * @param csvHeaderLines CSV: lines skipped at the top
 * @param csvIgnoredColumns CSV: 0-based columns that are not part of the vector (e.g. a label)
 * @param repeat        the rows are repeated this many times (ids offset by the input size), for scaling runs
 * @param jitter        standard deviation of the seeded Gaussian noise added to repeated copies (copy 0 is exact)
 * @param seed          seed of the jitter
 */
public record VectorSourceConfig(
        String format,
        String path,
        String idColumn,
        String vectorColumn,
        int fromRow,
        int toRow,
        int csvHeaderLines,
        List<Integer> csvIgnoredColumns,
        int repeat,
        double jitter,
        long seed) {

    static final List<String> FORMATS = List.of("parquet", "delta", "csv", "fvecs", "bvecs", "idx", "arrow");

    public VectorSourceConfig {
        Checks.notBlank("format", format);
        if (!FORMATS.contains(format)) {
            throw new InvalidValueException("format", "expected one of " + FORMATS + ", got '" + format + "'");
        }
        Checks.notBlank("path", path);
        Checks.notBlank("vector_column", vectorColumn);
        Checks.intIn("from_row", fromRow, 0, Integer.MAX_VALUE);
        Checks.intIn("to_row", toRow, -1, Integer.MAX_VALUE);
        if (toRow >= 0 && toRow <= fromRow) {
            throw new InvalidValueException(
                    "to_row", "expected -1 or a row after from_row " + fromRow + ", got " + toRow);
        }
        Checks.intIn("csv_header_lines", csvHeaderLines, 0, 1_000_000);
        csvIgnoredColumns = csvIgnoredColumns == null ? List.of() : List.copyOf(csvIgnoredColumns);
        Checks.intIn("repeat", repeat, 1, 10_000);
        Checks.doubleIn("jitter", jitter, 0.0, 1e9);
        if (format.equals("csv")) {
            csvIdColumn(idColumn);
        }
        if (isTable(format) && (fromRow != 0 || toRow != -1)) {
            throw new InvalidValueException(
                    "from_row",
                    "expected from_row 0 and to_row -1 for table format " + format + ", got " + fromRow + " and "
                            + toRow);
        }
    }

    public static VectorSourceConfig defaults() {
        return new VectorSourceConfig("parquet", "vectors", "id", "vector", 0, -1, 0, List.of(), 1, 0.0, 42L);
    }

    /** CSV: the id column's 0-based index, or -1 to number the rows. */
    public int csvIdColumnIndex() {
        return csvIdColumn(idColumn);
    }

    private static int csvIdColumn(String idColumn) {
        if (idColumn == null || idColumn.isBlank() || idColumn.equals("id")) {
            return -1;
        }
        String t = idColumn.trim();
        if (t.matches("[0-9]{1,9}")) {
            return Integer.parseInt(t);
        }
        throw new InvalidValueException(
                "id_column",
                "expected for format csv a 0-based column index (e.g. '0'), or '' or "
                        + "'id' to number the rows, got '" + idColumn + "'");
    }

    static boolean isTable(String format) {
        return format.equals("parquet") || format.equals("delta");
    }

    public VectorSourceConfig withPath(String v) {
        return new VectorSourceConfig(
                format,
                v,
                idColumn,
                vectorColumn,
                fromRow,
                toRow,
                csvHeaderLines,
                csvIgnoredColumns,
                repeat,
                jitter,
                seed);
    }

    public VectorSourceConfig withFormat(String v) {
        return new VectorSourceConfig(
                v,
                path,
                idColumn,
                vectorColumn,
                fromRow,
                toRow,
                csvHeaderLines,
                csvIgnoredColumns,
                repeat,
                jitter,
                seed);
    }

    public VectorSourceConfig withRows(int from, int to) {
        return new VectorSourceConfig(
                format,
                path,
                idColumn,
                vectorColumn,
                from,
                to,
                csvHeaderLines,
                csvIgnoredColumns,
                repeat,
                jitter,
                seed);
    }

    public VectorSourceConfig withRepeat(int v, double jit) {
        return new VectorSourceConfig(
                format, path, idColumn, vectorColumn, fromRow, toRow, csvHeaderLines, csvIgnoredColumns, v, jit, seed);
    }

    /** A short description for trial rows and messages. */
    public String describe() {
        return format + ":" + path + (fromRow != 0 || toRow != -1 ? "[" + fromRow + "," + toRow + ")" : "")
                + (repeat > 1 ? " x" + repeat + " jitter " + jitter : "");
    }
}
