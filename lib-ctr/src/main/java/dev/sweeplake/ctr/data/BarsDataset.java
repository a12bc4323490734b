package dev.sweeplake.ctr.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Layouts of the BARS open-benchmark splits (reczoo/Datasets). Users bring the files (they are not redistributable);
 * each is a folder holding {@code train.csv}, {@code valid.csv} and {@code test.csv}, comma-separated with a header row,
 * label column {@code label} (0/1):
 *
 * <ul>
 *   <li>{@link #FRAPPE_X1}: 10 categorical fields user, item, daytime, weekday, isweekend, homework, cost, weather,
 *       country, city; 202,027 / 57,722 / 28,860 rows.</li>
 *   <li>{@link #MOVIELENS_LATEST_X1}: 3 categorical fields user_id, item_id, tag_id; 1,404,801 / 401,372 /
 *       200,686 rows.</li>
 *   <li>{@link #CRITEO_X1}: 13 numeric fields I1..I13 (empty = missing) and 26 categorical fields C1..C26;
 *       33,003,326 / 8,250,124 / 4,587,167 rows. At that size, materialising String columns needs tens of GB of
 *       heap: read it in Spark and feed partitions through {@link RawTable#builder}.</li>
 * </ul>
 *
 * {@link #load(Path, boolean)} checks the row counts against the published ones and names expected and actual on a
 * mismatch. Thread-safety: enum constants are immutable.
 */
public enum BarsDataset {
    FRAPPE_X1(
            List.of(
                    "user",
                    "item",
                    "daytime",
                    "weekday",
                    "isweekend",
                    "homework",
                    "cost",
                    "weather",
                    "country",
                    "city"),
            0,
            202_027,
            57_722,
            28_860),
    MOVIELENS_LATEST_X1(List.of("user_id", "item_id", "tag_id"), 0, 1_404_801, 401_372, 200_686),
    CRITEO_X1(criteoColumns(), 13, 33_003_326, 8_250_124, 4_587_167);

    private final Schema schema;
    private final long[] counts;

    BarsDataset(List<String> columns, int numericPrefix, long train, long valid, long test) {
        List<FieldSpec> f = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            f.add(i < numericPrefix ? FieldSpec.numeric(columns.get(i)) : FieldSpec.categorical(columns.get(i)));
        }
        this.schema = new Schema("label", f);
        this.counts = new long[] {train, valid, test};
    }

    private static List<String> criteoColumns() {
        List<String> c = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            c.add("I" + i);
        }
        for (int i = 1; i <= 26; i++) {
            c.add("C" + i);
        }
        return c;
    }

    public Schema schema() {
        return schema;
    }

    /** Published row counts: train, valid, test. */
    public long[] expectedRows() {
        return counts.clone();
    }

    /**
     * Reads {@code dir/train.csv}, {@code dir/valid.csv}, {@code dir/test.csv}.
     *
     * @param checkCounts compare row counts with the published ones (turn off only for samples of the data)
     * @throws IllegalArgumentException if a file is missing or a count differs; {@link MalformedDataException} for a
     *     bad line
     */
    public Splits load(Path dir, boolean checkCounts) {
        String[] names = {"train.csv", "valid.csv", "test.csv"};
        RawTable[] t = new RawTable[3];
        for (int i = 0; i < 3; i++) {
            Path p = dir.resolve(names[i]);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "%s: expected file %s (layout: train.csv, valid.csv, test.csv with header %s,%s)",
                        this,
                        p,
                        schema.label(),
                        String.join(
                                ",",
                                schema.fields().stream().map(FieldSpec::name).toList())));
            }
            t[i] = CsvTableReader.defaults().read(p, schema);
            if (checkCounts && t[i].rows() != counts[i]) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "%s: %s has %d rows, expected %d (the published BARS split)",
                        this,
                        p,
                        t[i].rows(),
                        counts[i]));
            }
        }
        return new Splits(t[0], t[1], t[2]);
    }
}
