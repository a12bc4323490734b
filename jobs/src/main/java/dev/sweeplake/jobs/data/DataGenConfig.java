package dev.sweeplake.jobs.data;

import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Config of {@code sweeplake data gen} (conf/data/*.yaml). Validated once on the driver, before Spark starts.
 *
 * @param kind what to generate: {@code vectors} (clustered vectors) or {@code ctr} (a Criteo-shaped CTR set)
 * @param output the output folder (a local path or any Hadoop path; fvecs needs a local path)
 * @param seed the seed: the same seed and parameters give the same bytes
 * @param partitions Spark partitions (= files per Parquet output); 0 = one per 500,000 rows. Part of what the bytes
 *     depend on
 * @param overwrite replace an existing output folder (otherwise an existing one is an error)
 * @param formats vectors: any of {@code parquet}, {@code fvecs}, {@code arrow}; ctr: {@code parquet}
 * @param vectors the vector generator's parameters
 * @param ctr the CTR generator's parameters
 */
public record DataGenConfig(
        Kind kind,
        String output,
        long seed,
        int partitions,
        boolean overwrite,
        List<String> formats,
        VectorGen vectors,
        CtrGen ctr) {

    /** What {@code data gen} makes. */
    public enum Kind {
        VECTORS,
        CTR
    }

    static final List<String> VECTOR_FORMATS = List.of("parquet", "fvecs", "arrow");

    public DataGenConfig {
        Checks.notNull("kind", kind);
        Checks.notBlank("output", output);
        Checks.intIn("partitions", partitions, 0, 100_000);
        Checks.notEmpty("formats", formats);
        formats = List.copyOf(formats);
        List<String> allowed = kind == Kind.CTR ? List.of("parquet") : VECTOR_FORMATS;
        for (String f : formats) {
            if (!allowed.contains(f)) {
                throw new InvalidValueException(
                        "formats",
                        String.format(
                                Locale.ROOT,
                                "expected names from %s for kind %s, got '%s'",
                                allowed,
                                kind.name().toLowerCase(Locale.ROOT),
                                f));
            }
        }
        Checks.notNull("vectors", vectors);
        Checks.notNull("ctr", ctr);
    }

    public static DataGenConfig defaults() {
        return new DataGenConfig(
                Kind.VECTORS, "generated", 42L, 0, false, List.of("parquet"), VectorGen.defaults(), CtrGen.defaults());
    }

    /** Rows per partition when {@code partitions} is 0. */
    static final long ROWS_PER_PARTITION = 500_000L;

    /** The partitions used for {@code rows} rows. */
    int partitionsFor(long rows) {
        if (partitions > 0) {
            return (int) Math.min(partitions, rows);
        }
        return (int) Math.max(1, (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION);
    }

    /**
     * Clustered vectors (see {@link ClusteredVectors}).
     *
     * @param rows base vectors, in [1, 2,000,000,000]
     * @param queries query vectors (0 = none), in [0, 100,000,000]
     * @param dimension ambient dimension, in [1, 65,536]
     * @param intrinsicDimension dimension of the subspace holding the mixture, in [1, dimension]
     * @param clusters mixture components, in [1, 10,000,000]
     * @param clusterStd standard deviation inside a cluster (per intrinsic dimension)
     * @param centerScale standard deviation of the cluster centres
     * @param noise standard deviation of the isotropic noise in all ambient dimensions
     */
    public record VectorGen(
            long rows,
            long queries,
            int dimension,
            int intrinsicDimension,
            int clusters,
            double clusterStd,
            double centerScale,
            double noise)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        public VectorGen {
            Checks.longIn("rows", rows, 1, 2_000_000_000L);
            Checks.longIn("queries", queries, 0, 100_000_000L);
            Checks.intIn("dimension", dimension, 1, 65_536);
            Checks.intIn("intrinsic_dimension", intrinsicDimension, 1, 65_536);
            if (intrinsicDimension > dimension) {
                throw new InvalidValueException(
                        "intrinsic_dimension",
                        String.format(
                                Locale.ROOT,
                                "expected an integer in [1, dimension %d], got %d",
                                dimension,
                                intrinsicDimension));
            }
            Checks.intIn("clusters", clusters, 1, 10_000_000);
            if ((long) clusters * intrinsicDimension > 100_000_000L) {
                throw new InvalidValueException(
                        "clusters",
                        String.format(
                                Locale.ROOT,
                                "expected clusters * intrinsic_dimension <= 100000000 (the centres are held in memory), got %d * %d",
                                clusters,
                                intrinsicDimension));
            }
            Checks.doubleIn("cluster_std", clusterStd, 0, 1e6);
            Checks.doubleIn("center_scale", centerScale, 0, 1e6);
            Checks.doubleIn("noise", noise, 0, 1e6);
        }

        public static VectorGen defaults() {
            return new VectorGen(100_000, 1_000, 128, 16, 256, 0.35, 1.0, 0.02);
        }
    }

    /**
     * A Criteo-shaped CTR set (see {@link CriteoShaped}).
     *
     * @param trainRows rows of the training split, in [1, 2,000,000,000]
     * @param validRows rows of the validation split, in [1, 2,000,000,000]
     * @param testRows rows of the test split, in [1, 2,000,000,000]
     * @param numericFields numeric fields I1..In, in [0, 1,000]
     * @param cardinalities one categorical field per entry (C1..Cm), each in [2, 2^30]; default Criteo's 26
     * @param zipfExponent the Zipf exponent of the categorical values, in [0.1, 5]
     * @param bias the planted logit's offset (about -1.3 gives Criteo's 25% positives)
     * @param linearScale scale of the per-value planted weights
     * @param numericScale scale of the numeric planted weights
     * @param interactionRank rank of the planted pairwise (FM) structure, in [0, 64]
     * @param interactionScale scale of the planted pairwise structure
     */
    public record CtrGen(
            long trainRows,
            long validRows,
            long testRows,
            int numericFields,
            List<Integer> cardinalities,
            double zipfExponent,
            double bias,
            double linearScale,
            double numericScale,
            int interactionRank,
            double interactionScale)
            implements Serializable {
        private static final long serialVersionUID = 1L;
        static final int MAX_CARDINALITY = 1 << 30;

        public CtrGen {
            Checks.longIn("train_rows", trainRows, 1, 2_000_000_000L);
            Checks.longIn("valid_rows", validRows, 1, 2_000_000_000L);
            Checks.longIn("test_rows", testRows, 1, 2_000_000_000L);
            Checks.intIn("numeric_fields", numericFields, 0, 1_000);
            Checks.notEmpty("cardinalities", cardinalities);
            cardinalities = List.copyOf(cardinalities);
            if (cardinalities.size() > 1_000) {
                throw new InvalidValueException(
                        "cardinalities", "expected at most 1000 categorical fields, got " + cardinalities.size());
            }
            for (int i = 0; i < cardinalities.size(); i++) {
                int c = cardinalities.get(i);
                if (c < 2 || c > MAX_CARDINALITY) {
                    throw new InvalidValueException(
                            "cardinalities",
                            String.format(
                                    Locale.ROOT,
                                    "expected every cardinality in [2, %d], got %d at index %d (field C%d)",
                                    MAX_CARDINALITY,
                                    c,
                                    i,
                                    i + 1));
                }
            }
            Checks.doubleIn("zipf_exponent", zipfExponent, 0.1, 5);
            Checks.doubleIn("bias", bias, -50, 50);
            Checks.doubleIn("linear_scale", linearScale, 0, 10);
            Checks.doubleIn("numeric_scale", numericScale, 0, 10);
            Checks.intIn("interaction_rank", interactionRank, 0, 64);
            Checks.doubleIn("interaction_scale", interactionScale, 0, 10);
        }

        public static CtrGen defaults() {
            // scales chosen so that the best achievable AUC is near Criteo's state of the art (about 0.80)
            return new CtrGen(
                    1_000_000, 100_000, 100_000, 13, CriteoShaped.CRITEO_CARDINALITIES, 1.1, -1.3, 0.15, 0.15, 4, 0.02);
        }

        long totalRows() {
            return trainRows + validRows + testRows;
        }
    }
}
