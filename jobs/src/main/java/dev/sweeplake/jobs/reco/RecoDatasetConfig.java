package dev.sweeplake.jobs.reco;

import dev.sweeplake.ctr.reco.FeedbackParams;
import dev.sweeplake.ctr.reco.MovieLensLayout;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a reco bench gets its interactions ({@code dataset:}). Relative paths resolve against {@code data_dir}.
 *
 * <ul>
 *   <li>{@code movielens}: a MovieLens distribution folder {@code dir} (ratings.csv, u.data or ratings.dat; the layout
 *       is detected, or forced with {@code layout}); read on the driver, bad rows named by file and line.</li>
 *   <li>{@code csv}: one delimited file {@code path} with a header; columns by name. Read on the driver like movielens.</li>
 *   <li>{@code parquet}, {@code delta}: a table at {@code path} (any Hadoop file system) read by Spark; the columns'
 *       types are checked on the driver before the rows are collected; a null id is an error naming the column.</li>
 *   <li>{@code synthetic}: seeded interactions with planted low-rank preferences and a popularity skew (demo, tests).</li>
 * </ul>
 *
 * @param kind the source
 * @param name dataset name in results (default: the folder or file name)
 * @param dir movielens: folder under data_dir
 * @param layout movielens: ratings_csv, u_data or ratings_dat (default: detected)
 * @param path csv/parquet/delta: the file or table
 * @param userColumn csv/parquet/delta: user id column (integer)
 * @param itemColumn csv/parquet/delta: item id column (integer)
 * @param ratingColumn csv/parquet/delta: rating column (number), optional
 * @param timestampColumn csv/parquet/delta: timestamp column (integer seconds), optional
 * @param delimiter csv: one character
 * @param ratingThreshold keep rows with rating &gt;= this (implicit feedback); absent = every interaction
 * @param minUserInteractions k-core: minimum rows per user (1 = off)
 * @param minItemInteractions k-core: minimum rows per item (1 = off)
 * @param maxUsers keep a seeded sample of this many users (0 = all), applied before the k-core; for quick runs
 * @param synthetic synthetic: generator settings
 */
public record RecoDatasetConfig(
        Kind kind,
        Optional<String> name,
        String dir,
        Optional<MovieLensLayout> layout,
        Optional<String> path,
        String userColumn,
        String itemColumn,
        Optional<String> ratingColumn,
        Optional<String> timestampColumn,
        String delimiter,
        Optional<Double> ratingThreshold,
        int minUserInteractions,
        int minItemInteractions,
        int maxUsers,
        SyntheticConfig synthetic) {

    /** The source kinds. */
    public enum Kind {
        MOVIELENS,
        CSV,
        PARQUET,
        DELTA,
        SYNTHETIC
    }

    public RecoDatasetConfig {
        Checks.notNull("kind", kind);
        Checks.notBlank("dir", dir);
        Checks.notBlank("user_column", userColumn);
        Checks.notBlank("item_column", itemColumn);
        if (delimiter.length() != 1) {
            throw new InvalidValueException("delimiter", "expected one character, got '" + delimiter + "'");
        }
        Checks.intIn("min_user_interactions", minUserInteractions, 1, 1_000_000);
        Checks.intIn("min_item_interactions", minItemInteractions, 1, 1_000_000);
        Checks.intIn("max_users", maxUsers, 0, Integer.MAX_VALUE);
        if (ratingThreshold.isPresent() && !Double.isFinite(ratingThreshold.get())) {
            throw new InvalidValueException(
                    "rating_threshold", "expected a finite number, got " + ratingThreshold.get());
        }
        if ((kind == Kind.CSV || kind == Kind.PARQUET || kind == Kind.DELTA)
                && (path.isEmpty() || path.get().isBlank())) {
            throw new InvalidValueException(
                    "path",
                    "a " + kind.name().toLowerCase(Locale.ROOT)
                            + " dataset needs the path of its file or table, got nothing");
        }
        Checks.notNull("synthetic", synthetic);
    }

    public static RecoDatasetConfig defaults() {
        return new RecoDatasetConfig(
                Kind.MOVIELENS,
                Optional.empty(),
                "movielens-latest-small",
                Optional.empty(),
                Optional.empty(),
                "user",
                "item",
                Optional.empty(),
                Optional.empty(),
                ",",
                Optional.empty(),
                1,
                1,
                0,
                SyntheticConfig.defaults());
    }

    /** The name used in results and in the splits' folder. */
    public String displayName() {
        return name.orElseGet(() -> switch (kind) {
            case MOVIELENS -> java.nio.file.Path.of(dir).getFileName().toString();
            case SYNTHETIC -> "synthetic-reco";
            default -> java.nio.file.Path.of(path.orElseThrow()).getFileName().toString();
        });
    }

    public FeedbackParams feedback() {
        return new FeedbackParams(ratingThreshold.orElse(Double.NaN), minUserInteractions, minItemInteractions);
    }

    public RecoDatasetConfig withMaxUsers(int v) {
        return new RecoDatasetConfig(
                kind,
                name,
                dir,
                layout,
                path,
                userColumn,
                itemColumn,
                ratingColumn,
                timestampColumn,
                delimiter,
                ratingThreshold,
                minUserInteractions,
                minItemInteractions,
                v,
                synthetic);
    }

    /**
     * Synthetic interactions: user u likes item i with probability rising with {@code dot(p_u, q_i)} and the item's
     * popularity; each user gets {@code min_per_user..max_per_user} distinct items, ratings 1..5 from the affinity.
     *
     * @param users users
     * @param items items
     * @param rank planted factor dimension
     * @param minPerUser fewest rows per user
     * @param maxPerUser most rows per user
     * @param seed generator seed
     */
    public record SyntheticConfig(int users, int items, int rank, int minPerUser, int maxPerUser, long seed) {
        public SyntheticConfig {
            Checks.intIn("users", users, 2, 10_000_000);
            Checks.intIn("items", items, 2, 1_000_000);
            Checks.intIn("rank", rank, 1, 256);
            Checks.intIn("min_per_user", minPerUser, 1, items);
            Checks.intIn("max_per_user", maxPerUser, minPerUser, items);
        }

        public static SyntheticConfig defaults() {
            return new SyntheticConfig(600, 400, 8, 10, 60, 7L);
        }
    }
}
