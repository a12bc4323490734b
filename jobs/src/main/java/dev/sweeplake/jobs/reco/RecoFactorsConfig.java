package dev.sweeplake.jobs.reco;

import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;

/**
 * Where {@code reco retrieval} gets its factors ({@code factors:}).
 *
 * <ul>
 *   <li>{@code synthetic} (default): {@link SyntheticFactors} with {@code users x items x rank} from the enclosing
 *       config. The defaults are calibrated against implicit ALS on ml-latest-small (conf/reco/README.md);
 *       {@code spectrum_decay: 0, clusters: 0, item_norm_sigma: 0} is the isotropic worst case.</li>
 *   <li>{@code als}: MLlib implicit ALS (rank = the enclosing {@code rank}) trained on {@code dataset} (read as
 *       {@code reco bench} reads it, relative paths against {@code data_dir}); the trained users and items replace
 *       {@code users} and {@code items}.</li>
 * </ul>
 *
 * @param kind synthetic or als
 * @param spectrumDecay synthetic: latent scale of component j is j^-decay (0 = flat)
 * @param clusters synthetic: mixture centres shared by users and items (0 = no mixture)
 * @param clusterSpread synthetic: within-cluster standard deviation relative to the centres'
 * @param itemNormSigma synthetic: sigma of the items' log-normal norm factor (0 = none)
 * @param dataDir als: base folder of relative dataset paths
 * @param dataset als: the interactions (as in {@code reco bench}: kind, dir, rating_threshold, k-core, ...)
 * @param alsReg als: regParam
 * @param alsAlpha als: implicit confidence alpha
 * @param alsIterations als: maxIter
 */
public record RecoFactorsConfig(
        Kind kind,
        double spectrumDecay,
        int clusters,
        double clusterSpread,
        double itemNormSigma,
        String dataDir,
        RecoDatasetConfig dataset,
        double alsReg,
        double alsAlpha,
        int alsIterations) {

    /** The factor sources. */
    public enum Kind {
        SYNTHETIC,
        ALS
    }

    public RecoFactorsConfig {
        Checks.notNull("kind", kind);
        Checks.doubleIn("spectrum_decay", spectrumDecay, 0, 4);
        Checks.intIn("clusters", clusters, 0, 1_000_000);
        Checks.doubleIn("cluster_spread", clusterSpread, 1e-6, 100);
        Checks.doubleIn("item_norm_sigma", itemNormSigma, 0, 3);
        Checks.notBlank("data_dir", dataDir);
        Checks.notNull("dataset", dataset);
        Checks.doubleIn("als_reg", alsReg, 0, 1e6);
        Checks.doubleIn("als_alpha", alsAlpha, 0, 1e6);
        Checks.intIn("als_iterations", alsIterations, 1, 1000);
        if (kind == Kind.ALS && dataset.kind() == RecoDatasetConfig.Kind.SYNTHETIC) {
            throw new InvalidValueException(
                    "dataset",
                    "als factors are the trained reference: expected a real dataset kind (movielens, csv, parquet,"
                            + " delta), got synthetic (use kind: synthetic for generated factors)");
        }
    }

    /** Synthetic, calibrated against implicit ALS rank 64 on ml-latest-small (conf/reco/README.md). */
    public static RecoFactorsConfig defaults() {
        return new RecoFactorsConfig(
                Kind.SYNTHETIC, 0.28, 64, 1.0, 0.35, "../shared/data", RecoDatasetConfig.defaults(), 0.1, 5.0, 15);
    }

    /** The generator parameters. */
    public SyntheticFactors.Shape shape() {
        return new SyntheticFactors.Shape(spectrumDecay, clusters, clusterSpread, itemNormSigma);
    }

    /** One line for the results: the source and its parameters. */
    public String describe() {
        return kind == Kind.ALS
                ? String.format(
                        java.util.Locale.ROOT,
                        "als implicit on %s (reg %s, alpha %s, %d iterations)",
                        dataset.displayName(),
                        alsReg,
                        alsAlpha,
                        alsIterations)
                : String.format(
                        java.util.Locale.ROOT,
                        "synthetic (spectrum_decay %s, clusters %d, cluster_spread %s, item_norm_sigma %s)",
                        spectrumDecay,
                        clusters,
                        clusterSpread,
                        itemNormSigma);
    }
}
