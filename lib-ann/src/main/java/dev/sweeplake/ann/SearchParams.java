package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;

/**
 * Search-time parameters. Fields an engine does not use are ignored. Immutable, thread-safe.
 *
 * @param ef     HNSW: candidate list size (the engine uses max(ef, k)), in [1, 100000]
 * @param nprobe IVF: lists visited per query, in [1, 1048576] (clamped to the index's nlist)
 * @param rerank IVF-PQ: candidates re-scored with the stored vectors (0 = return PQ distances), in [0, 100000];
 *               HNSW with PCA always re-ranks its max(ef, k) candidates
 */
public record SearchParams(int ef, int nprobe, int rerank) {

    public SearchParams {
        Checks.inRange("ef", ef, 1, 100_000);
        Checks.inRange("nprobe", nprobe, 1, 1 << 20);
        Checks.inRange("rerank", rerank, 0, 100_000);
    }

    /** ef 64, nprobe 8, rerank 64. */
    public static SearchParams defaults() {
        return new SearchParams(64, 8, 64);
    }

    public SearchParams withEf(int v) {
        return new SearchParams(v, nprobe, rerank);
    }

    public SearchParams withNprobe(int v) {
        return new SearchParams(ef, v, rerank);
    }

    public SearchParams withRerank(int v) {
        return new SearchParams(ef, nprobe, v);
    }
}
