package dev.sweeplake.jobs.reco;

import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.jobs.ann.IndexSpec;
import dev.sweeplake.jobs.ann.SearchSetting;
import dev.sweeplake.jobs.ann.Sharding;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.List;
import java.util.Optional;

/**
 * Config of {@code sweeplake reco retrieval} (conf/reco/retrieval.yaml): top-k of every user from matrix-factorisation
 * factors three ways in one run.
 *
 * @param users users (query vectors; synthetic factors only, ALS factors bring their own)
 * @param items items (indexed vectors; synthetic factors only)
 * @param rank factor dimension
 * @param k top k
 * @param factors where the factors come from: the seeded generator (default, calibrated against trained ALS) or
 *     MLlib ALS trained on a dataset ({@link RecoFactorsConfig})
 * @param seed generator seed (and ALS seed)
 * @param userPartitions Spark partitions of the users (exact and ANN scoring)
 * @param blockUsers exact: users per BLAS block (block x items scores per sgemm)
 * @param shards ANN: shards of the item index
 * @param buildThreads ANN: build threads per shard (one shard on local[2]: 2)
 * @param sharding ANN: hash or kmeans
 * @param index ANN: engine and build parameters (metric must be inner_product)
 * @param search ANN: search setting (ef, nprobe)
 * @param extraEf ANN: further ef values searched on the same index and reported as {@code ann ef=N} (the
 *     speed/recall curve in one run; empty = none)
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
        RecoFactorsConfig factors,
        long seed,
        int userPartitions,
        int blockUsers,
        int shards,
        int buildThreads,
        Sharding sharding,
        IndexSpec index,
        SearchSetting search,
        List<Integer> extraEf,
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
        Checks.notNull("factors", factors);
        Checks.intIn("user_partitions", userPartitions, 1, 100_000);
        Checks.intIn("block_users", blockUsers, 1, 100_000);
        Checks.intIn("shards", shards, 1, 10_000);
        Checks.intIn("build_threads", buildThreads, 1, 1024);
        Checks.notNull("sharding", sharding);
        Checks.notNull("index", index);
        if (index.metric() != Metric.INNER_PRODUCT) {
            throw new InvalidValueException(
                    "index",
                    "top-k from factors ranks by inner product: expected metric " + "inner_product, got "
                            + index.metric().name().toLowerCase(java.util.Locale.ROOT));
        }
        Checks.notNull("search", search);
        Checks.notNull("extra_ef", extraEf);
        for (Integer ef : extraEf) {
            Checks.intIn("extra_ef", ef, 1, 100_000);
        }
        extraEf = List.copyOf(extraEf);
        Checks.intIn("mllib_block_size", mllibBlockSize, 1, 1 << 20);
    }

    /**
     * The target size: 100k users x 50k items x 64 factors (calibrated synthetic factors), HNSW over one
     * shard built with 2 threads (with hash sharding every user visits every shard; k-means routing is by L2, which
     * does not bound inner products).
     */
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
                RecoFactorsConfig.defaults(),
                42L,
                8,
                256,
                1,
                2,
                Sharding.HASH,
                ip,
                new SearchSetting(1, 64, 8, 64),
                List.of(),
                false,
                true,
                4096,
                Optional.empty());
    }
}
