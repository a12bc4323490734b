package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.jobs.config.Checks;
import java.util.Locale;

/**
 * One search setting of a benchmark or search.
 *
 * @param nprobe    shards a query visits with kmeans sharding (hash sharding visits all), in [1, 100000]
 * @param ef        HNSW candidate list size
 * @param ivfNprobe IVF lists visited inside a shard
 * @param rerank    IVF-PQ candidates re-scored with stored vectors
 */
public record SearchSetting(int nprobe, int ef, int ivfNprobe, int rerank) implements java.io.Serializable {
    public SearchSetting {
        Checks.intIn("nprobe", nprobe, 1, 100_000);
        Checks.intIn("ef", ef, 1, 100_000);
        Checks.intIn("ivf_nprobe", ivfNprobe, 1, 1 << 20);
        Checks.intIn("rerank", rerank, 0, 100_000);
    }

    public static SearchSetting defaults() {
        return new SearchSetting(2, 64, 8, 64);
    }

    public SearchParams params() {
        return new SearchParams(ef, ivfNprobe, rerank);
    }

    public String describe() {
        return String.format(Locale.ROOT, "nprobe=%d ef=%d ivf_nprobe=%d rerank=%d", nprobe, ef, ivfNprobe, rerank);
    }
}
