package dev.sweeplake.jobs.ctr;

import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.List;
import java.util.Optional;

/**
 * Where a CTR bench gets its rows ({@code dataset:} in conf/ctr/*.yaml). Relative paths resolve against the bench's
 * {@code data_dir} (the {@code --data-dir} option).
 *
 * <ul>
 *   <li>{@code movielens}: the MovieLens CTR task of issue 6, built from {@code dir} (a folder with ratings.csv and
 *       movies.csv, default {@code movielens-latest-small}) with the fixed hash split.</li>
 *   <li>{@code synthetic}: lib-ctr's seeded generator with planted FM structure ({@code synthetic:}).</li>
 *   <li>{@code csv}: three local CSV files with a header ({@code train}, {@code valid}, {@code test}), columns
 *       {@code label} and {@code fields}.</li>
 *   <li>{@code parquet}: three Parquet paths (any Hadoop file system), same columns; read by Spark.</li>
 * </ul>
 *
 * @param kind the source
 * @param name dataset name in results (default: the kind, or {@code movielens-ctr})
 * @param dir movielens: folder under data_dir
 * @param synthetic synthetic: generator settings
 * @param train csv/parquet: training split path
 * @param valid csv/parquet: validation split path
 * @param test csv/parquet: test split path
 * @param label csv/parquet: the 0/1 label column
 * @param fields csv/parquet: the feature columns with their types
 * @param delimiter csv: one column delimiter character
 * @param multiSeparator csv: separator inside multi-categorical cells
 */
public record DatasetConfig(
        Kind kind,
        Optional<String> name,
        String dir,
        SyntheticConfig synthetic,
        Optional<String> train,
        Optional<String> valid,
        Optional<String> test,
        String label,
        List<FieldDecl> fields,
        String delimiter,
        String multiSeparator) {

    /** The data source kinds. */
    public enum Kind {
        MOVIELENS,
        SYNTHETIC,
        CSV,
        PARQUET
    }

    /** A declared feature column. */
    public record FieldDecl(String name, dev.sweeplake.ctr.data.FieldType type) {
        public FieldDecl {
            Checks.notBlank("name", name);
            Checks.notNull("type", type);
        }
    }

    public DatasetConfig {
        Checks.notNull("kind", kind);
        Checks.notBlank("dir", dir);
        Checks.notBlank("label", label);
        fields = List.copyOf(fields);
        if (delimiter.length() != 1) {
            throw new InvalidValueException("delimiter", "expected one character, got '" + delimiter + "'");
        }
        if (multiSeparator.length() != 1) {
            throw new InvalidValueException("multi_separator", "expected one character, got '" + multiSeparator + "'");
        }
        if (kind == Kind.CSV || kind == Kind.PARQUET) {
            for (var e : List.of(
                    java.util.Map.entry("train", train),
                    java.util.Map.entry("valid", valid),
                    java.util.Map.entry("test", test))) {
                if (e.getValue().isEmpty() || e.getValue().get().isBlank()) {
                    throw new InvalidValueException(
                            e.getKey(),
                            "a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " dataset needs the path of its "
                                    + e.getKey() + " split, got nothing");
                }
            }
            if (fields.isEmpty()) {
                throw new InvalidValueException(
                        "fields",
                        "a " + kind.name().toLowerCase(java.util.Locale.ROOT)
                                + " dataset needs at least one declared field ({name: ..., type: categorical|numeric|multi_categorical}),"
                                + " got []");
            }
        }
    }

    public static DatasetConfig defaults() {
        return new DatasetConfig(
                Kind.MOVIELENS,
                Optional.empty(),
                "movielens-latest-small",
                SyntheticConfig.defaults(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "label",
                List.of(),
                ",",
                "|");
    }

    /** The name used in results and in the splits' folder. */
    public String displayName() {
        return name.orElse(
                switch (kind) {
                    case MOVIELENS -> "movielens-ctr";
                    case SYNTHETIC -> "synthetic-fm";
                    case CSV -> "csv";
                    case PARQUET -> "parquet";
                });
    }

    /**
     * Settings of lib-ctr's {@code SyntheticFmTask} generator.
     *
     * @param fields categorical fields
     * @param cardinality values per field
     * @param rank planted factor dimension
     * @param interactionScale std of the planted factors
     * @param linearScale std of the planted per-value weights
     * @param bias logit offset
     * @param trainRows rows of the training split
     * @param validRows rows of the validation split
     * @param testRows rows of the test split
     * @param seed generator seed
     */
    public record SyntheticConfig(
            int fields,
            int cardinality,
            int rank,
            double interactionScale,
            double linearScale,
            double bias,
            int trainRows,
            int validRows,
            int testRows,
            long seed) {
        public SyntheticConfig {
            Checks.intIn("fields", fields, 2, 64);
            Checks.intIn("cardinality", cardinality, 2, 1 << 20);
            Checks.intIn("rank", rank, 1, 64);
            Checks.doubleIn("interaction_scale", interactionScale, 0, 100);
            Checks.doubleIn("linear_scale", linearScale, 0, 100);
            Checks.doubleIn("bias", bias, -100, 100);
            Checks.intIn("train_rows", trainRows, 1, 100_000_000);
            Checks.intIn("valid_rows", validRows, 1, 100_000_000);
            Checks.intIn("test_rows", testRows, 1, 100_000_000);
        }

        public static SyntheticConfig defaults() {
            var p = dev.sweeplake.ctr.data.SyntheticFmTask.Params.defaults();
            return new SyntheticConfig(
                    p.fields(),
                    p.cardinality(),
                    p.rank(),
                    p.interactionScale(),
                    p.linearScale(),
                    p.bias(),
                    20_000,
                    5_000,
                    5_000,
                    7L);
        }
    }
}
