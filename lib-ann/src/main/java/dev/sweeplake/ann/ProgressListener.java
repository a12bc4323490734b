package dev.sweeplake.ann;

/**
 * Receives progress of long operations (index build, exact k-NN, k-means). Called from worker threads: implementations
 * must be thread-safe and cheap (they are called at most every few thousand items).
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = (phase, done, total) -> {};

    /**
     * @param phase short phase name, e.g. {@code "hnsw-insert"}, {@code "kmeans"}, {@code "exact-knn"}
     * @param done  items done in this phase so far
     * @param total items in this phase
     */
    void onProgress(String phase, long done, long total);
}
