package dev.sweeplake.ann.bench;

import java.util.Map;

/** One engine under benchmark: build once, then search with a setting. Single-threaded use. */
interface BenchEngine extends AutoCloseable {
    String name();

    /** Build parameters reported in the JSON row. */
    Map<String, Object> buildParams();

    void build(float[][] base, long[] ids, int threads) throws Exception;

    /** Top-k ids of every query, one search thread. */
    long[][] search(float[][] queries, int k, int setting) throws Exception;

    /** Name of the search setting in the JSON row ("ef", "nprobe"). */
    String settingName();

    long bytes() throws Exception;

    @Override
    default void close() throws Exception {}
}
