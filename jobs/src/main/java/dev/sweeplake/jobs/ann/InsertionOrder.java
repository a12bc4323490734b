package dev.sweeplake.jobs.ann;

/**
 * Order in which a shard's vectors are inserted into its index. Graph recall depends on it (arXiv 2405.17813), so it is
 * fixed (never the shuffle's arrival order) and recorded with every result.
 */
public enum InsertionOrder {
    /** Ascending id. */
    ID,
    /** A seeded permutation (seed of the index params). */
    SHUFFLED
}
