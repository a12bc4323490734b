package dev.sweeplake.jobs.reco;

import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.jobs.ann.IndexSpec;
import dev.sweeplake.jobs.ann.SearchSetting;
import dev.sweeplake.jobs.ann.Sharding;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.Optional;

/**
 * Config of {@code sweeplake reco retrieval} (conf/reco/retrieval.yaml): top-k of every user from matrix-factorisation
 * factors three ways in one run.
 *
 * @param users users (query vectors)
 * @param items items (indexed vectors)
 * @param rank factor dimension
 * @param k top k
 * @param clusters item factors are drawn around this many Gaussian centres (0 = i.i.d. Gaussian), like trained MF
 *     factors, which cluster by genre/taste
 * @param seed generator seed
 * @param userPartitions Spark partitions of the users (exact and ANN scoring)
 * @param blockUsers exact: users per BLAS block (block x items scores per sgemm)
 * @param shards ANN: shards of the item index
 * @param sharding ANN: hash or kmeans
 * @param index ANN: engine and build parameters (metric must be inner_product)
 * @param search ANN: search setting (ef, nprobe)
 * @param mipsTransform ANN: index the items under the inner-product-to-L2 transform (each item x gets the extra
 *     component sqrt(M^2 - |x|^2), M the largest item norm; each user u gets 0), so that the L2 nearest neighbours of
 *     the augmented user are exactly its largest inner products, searched by an L2 graph (and routable by k-means
 *     shards); false = the index searches inner products directly
 * @param mllib also time MLlib {@code ALSModel.recommendForAllUsers} on the same factors
 * @param mllibBlockSize MLlib's blockSize (4096 is its default)
 * @param output where the item index is written (default {@code <warehouse>/reco_retrieval_index})
 */
public record RecoRetrievalConfig(
        int users,
        int items,
        int rank,
        int k,
        int clusters,
        long seed,
        int userPartitions,
        int blockUsers,
        int shards,
        Sharding sharding,
        IndexSpec index,
        SearchSetting search,
        boolean mipsTransform,
        boolean mllib,
        int mllibBlockSize,
        Optional<String> output) {

    public RecoRetrievalConfig {
        Checks.intIn("users", users, 1, 100_000_000);
        Checks.intIn("items", items, 2, 10_000_000);
        Checks.intIn("rank", rank, 1, 4096);
        Checks.intIn("k", k, 1, 1000);
        if (k > items) {
            throw new InvalidValueException("k", "expected at most the " + items + " items, got " + k);
        }
        Checks.intIn("clusters", clusters, 0, 1_000_000);
        Checks.intIn("user_partitions", userPartitions, 1, 100_000);
        Checks.intIn("block_users", blockUsers, 1, 100_000);
        Checks.intIn("shards", shards, 1, 10_000);
        Checks.notNull("sharding", sharding);
        Checks.notNull("index", index);
        if (index.metric() != Metric.INNER_PRODUCT) {
            throw new InvalidValueException(
                    "index",
                    "top-k from factors ranks by inner product: expected metric " + "inner_product, got "
                            + index.metric().name().toLowerCase(java.util.Locale.ROOT));
        }
        Checks.notNull("search", search);
        Checks.intIn("mllib_block_size", mllibBlockSize, 1, 1 << 20);
    }

    /** The target size: 100k users x 50k items x 64 factors, HNSW over 4 hash shards (every
     * user visits every shard: k-means routing is by L2, which does not bound inner products). */
    public static RecoRetrievalConfig defaults() {
        IndexSpec d = IndexSpec.defaults();
        IndexSpec ip = new IndexSpec(
                EngineKind.HNSW,
                Metric.INNER_PRODUCT,
                16,
                100,
                d.nlist(),
                d.pqSubspaces(),
                d.rerankStore(),
                0,
                d.kmeansIterations(),
                d.seed());
        return new RecoRetrievalConfig(
                100_000,
                50_000,
                64,
                10,
                64,
                42L,
                8,
                256,
                4,
                Sharding.HASH,
                ip,
                new SearchSetting(2, 64, 8, 64),
                false,
                true,
                4096,
                Optional.empty());
    }
}
