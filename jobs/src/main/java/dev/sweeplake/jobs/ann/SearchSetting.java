package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.Locale;

/**
 * One search setting of a benchmark or search.
 *
 * @param nprobe    shards a query visits with kmeans sharding (hash sharding visits all), in [1, 100000]
 * @param ef        HNSW candidate list size
 * @param ivfNprobe IVF lists visited inside a shard
 * @param rerank    IVF-PQ candidates re-scored with stored vectors
 * @param routeRatio adaptive routing with kmeans sharding: 0 (off) visits exactly the {@code nprobe} nearest shards;
 *                   a value in [1, 1e12] visits the nearest shard and then, up to {@code nprobe} in all, each next
 *                   one whose centroid's squared L2 distance to the query is at most this ratio x the nearest's
 */
public record SearchSetting(int nprobe, int ef, int ivfNprobe, int rerank, double routeRatio)
        implements java.io.Serializable {
    public SearchSetting {
        Checks.intIn("nprobe", nprobe, 1, 100_000);
        Checks.intIn("ef", ef, 1, 100_000);
        Checks.intIn("ivf_nprobe", ivfNprobe, 1, 1 << 20);
        Checks.intIn("rerank", rerank, 0, 100_000);
        if (!(routeRatio == 0.0 || (routeRatio >= 1.0 && routeRatio <= 1e12))) {
            throw new InvalidValueException(
                    "route_ratio",
                    String.format(Locale.ROOT, "expected 0 (off) or a number in [1, 1e12], got %s", routeRatio));
        }
    }

    /** Without adaptive routing (route_ratio 0). */
    public SearchSetting(int nprobe, int ef, int ivfNprobe, int rerank) {
        this(nprobe, ef, ivfNprobe, rerank, 0.0);
    }

    public static SearchSetting defaults() {
        return new SearchSetting(2, 64, 8, 64, 0.0);
    }

    /** Whether the query's shards are chosen by {@link #routeRatio} (up to nprobe) rather than exactly nprobe. */
    public boolean adaptive() {
        return routeRatio > 0;
    }

    public SearchParams params() {
        return new SearchParams(ef, ivfNprobe, rerank);
    }

    public String describe() {
        String base =
                String.format(Locale.ROOT, "nprobe=%d ef=%d ivf_nprobe=%d rerank=%d", nprobe, ef, ivfNprobe, rerank);
        return adaptive() ? base + String.format(Locale.ROOT, " route_ratio=%s", routeRatio) : base;
    }
}
